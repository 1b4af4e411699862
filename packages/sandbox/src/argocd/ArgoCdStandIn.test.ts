import { ArgoCdStandIn, ArgoCdStandInOptions } from './ArgoCdStandIn';

type Call = {
  method?: string;
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
};

const REPO = 'https://github.com/acme/payments-api';

/** The project and application Roadie's `argocd:create-resources` posts. */
function roadieProject(name: string, namespace: string, sourceRepo = REPO) {
  return {
    project: {
      metadata: {
        name,
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        destinations: [
          {
            name: 'local',
            namespace,
            server: 'https://kubernetes.default.svc',
          },
        ],
        sourceRepos: [sourceRepo],
      },
    },
  };
}

function roadieApp(
  name: string,
  project: string,
  namespace: string,
  options: { automated?: boolean; path?: string; repo?: string } = {},
) {
  return {
    metadata: {
      name,
      labels: { 'backstage-name': name },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      destination: { namespace, server: 'https://kubernetes.default.svc' },
      project,
      revisionHistoryLimit: 10,
      source: { path: options.path ?? 'deploy', repoURL: options.repo ?? REPO },
      ...(options.automated === false
        ? {}
        : {
            syncPolicy: {
              automated: { allowEmpty: true, prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=false'],
            },
          }),
    },
  };
}

describe('ArgoCdStandIn', () => {
  let argo: ArgoCdStandIn;

  async function restart(options: ArgoCdStandInOptions) {
    await argo.close();
    argo = await ArgoCdStandIn.start(options);
  }

  beforeEach(async () => {
    argo = await ArgoCdStandIn.start();
  });

  afterEach(async () => {
    await argo.close();
  });

  async function call(path: string, options: Call = {}) {
    const token =
      options.token === undefined ? 'sandbox-argocd-token' : options.token;
    const response = await fetch(`${argo.url}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined
          ? {}
          : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text
    }
    return { status: response.status, body };
  }

  async function createProjectAndApp(
    name: string,
    options: { automated?: boolean } = {},
  ) {
    expect(
      (
        await call('/api/v1/projects', {
          method: 'POST',
          body: roadieProject(name, name),
        })
      ).status,
    ).toBe(200);
    const created = await call('/api/v1/applications', {
      method: 'POST',
      body: roadieApp(name, name, name, options),
    });
    expect(created.status).toBe(200);
    return created.body;
  }

  describe('sessions and tokens', () => {
    it('logs in with username and password and accepts the session token', async () => {
      const login = await call('/api/v1/session', {
        method: 'POST',
        token: null,
        body: { username: 'admin', password: 'sandbox-password' },
      });
      expect(login.status).toBe(200);
      expect(login.body.token.split('.')).toHaveLength(3);
      const claims = JSON.parse(
        Buffer.from(login.body.token.split('.')[1], 'base64url').toString(),
      );
      expect(claims).toMatchObject({ iss: 'argocd', sub: 'admin' });

      const list = await call('/api/v1/applications', {
        token: login.body.token,
      });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([]);

      const info = await call('/api/v1/session/userinfo', {
        token: login.body.token,
      });
      expect(info.body).toEqual({
        loggedIn: true,
        username: 'admin',
        iss: 'argocd',
        groups: [],
      });

      expect(
        (
          await call('/api/v1/session', {
            method: 'DELETE',
            token: login.body.token,
          })
        ).body,
      ).toEqual({});
      const afterLogout = await call('/api/v1/applications', {
        token: login.body.token,
      });
      expect(afterLogout.status).toBe(401);
      expect(afterLogout.body).toEqual({
        error: 'invalid session: signature is invalid',
        code: 16,
        message: 'invalid session: signature is invalid',
      });
    });

    it('refuses a wrong password as Argo CD does', async () => {
      const login = await call('/api/v1/session', {
        method: 'POST',
        token: null,
        body: { username: 'admin', password: 'wrong' },
      });
      expect(login.status).toBe(401);
      expect(login.body).toEqual({
        error: 'Invalid username or password',
        code: 16,
        message: 'Invalid username or password',
      });
    });

    it('answers 401 without a token or with a malformed one', async () => {
      const missing = await call('/api/v1/projects', { token: null });
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
      const malformed = await call('/api/v1/projects', { token: 'nope' });
      expect(malformed.status).toBe(401);
      expect(malformed.body.message).toBe(
        'invalid session: token contains an invalid number of segments',
      );
      expect(
        (await call('/api/v1/session/userinfo', { token: 'nope' })).body,
      ).toEqual({ loggedIn: false });
    });

    it('takes the token from the argocd.token cookie and configured users and tokens', async () => {
      await restart({ users: { ci: 'ci-pass' }, tokens: ['t-1'] });
      const byCookie = await call('/api/v1/projects', {
        token: null,
        headers: { cookie: 'theme=dark; argocd.token=t-1' },
      });
      expect(byCookie.status).toBe(200);
      expect(
        (await call('/api/v1/projects', { token: 'sandbox-argocd-token' }))
          .status,
      ).toBe(401);
      const login = await call('/api/v1/session', {
        method: 'POST',
        token: null,
        body: { username: 'ci', password: 'ci-pass' },
      });
      expect(login.status).toBe(200);
    });

    it('serves the version without authentication', async () => {
      const version = await call('/api/version', { token: null });
      expect(version.status).toBe(200);
      expect(version.body.Version).toBe('v2.14.9+sandbox');
    });

    it('answers unknown paths and methods like grpc-gateway', async () => {
      const unknown = await call('/api/v1/nothing');
      expect(unknown).toEqual({ status: 404, body: 'Not Found\n' });
      const wrongMethod = await call('/api/v1/projects', { method: 'PATCH' });
      expect(wrongMethod).toEqual({
        status: 405,
        body: 'Method Not Allowed\n',
      });
    });
  });

  describe('projects', () => {
    it('creates a project, and creates it again idempotently', async () => {
      const created = await call('/api/v1/projects', {
        method: 'POST',
        body: roadieProject('payments', 'payments'),
      });
      expect(created.status).toBe(200);
      expect(created.body.metadata).toMatchObject({
        name: 'payments',
        namespace: 'argocd',
        generation: 1,
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      });
      expect(created.body.spec.sourceRepos).toEqual([REPO]);

      const again = await call('/api/v1/projects', {
        method: 'POST',
        body: roadieProject('payments', 'payments'),
      });
      expect(again.status).toBe(200);
      expect(again.body.metadata.uid).toBe(created.body.metadata.uid);

      const got = await call('/api/v1/projects/payments');
      expect(got.body.metadata.resourceVersion).toBe(
        created.body.metadata.resourceVersion,
      );
      const list = await call('/api/v1/projects');
      expect(list.body.items.map((p: any) => p.metadata.name)).toEqual([
        'default',
        'payments',
      ]);
    });

    it('refuses a different spec for an existing project unless upserting', async () => {
      await call('/api/v1/projects', {
        method: 'POST',
        body: roadieProject('payments', 'payments'),
      });
      const different = await call('/api/v1/projects', {
        method: 'POST',
        body: roadieProject('payments', 'elsewhere'),
      });
      expect(different.status).toBe(400);
      expect(different.body).toEqual({
        error:
          'existing project spec is different; use upsert flag to force update; difference in keys "Destinations,0,Namespace"',
        code: 3,
        message:
          'existing project spec is different; use upsert flag to force update; difference in keys "Destinations,0,Namespace"',
      });
      const upserted = await call('/api/v1/projects', {
        method: 'POST',
        body: { ...roadieProject('payments', 'elsewhere'), upsert: true },
      });
      expect(upserted.status).toBe(200);
      expect(upserted.body.spec.destinations[0].namespace).toBe('elsewhere');
      expect(upserted.body.metadata.generation).toBe(2);
    });

    it('answers a missing project with 404 NotFound', async () => {
      const missing = await call('/api/v1/projects/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        error: 'appprojects.argoproj.io "nope" not found',
        code: 5,
        message: 'appprojects.argoproj.io "nope" not found',
      });
    });

    it('updates a project with optimistic concurrency', async () => {
      const created = (
        await call('/api/v1/projects', {
          method: 'POST',
          body: roadieProject('payments', 'payments'),
        })
      ).body;
      const stale = await call('/api/v1/projects/payments', {
        method: 'PUT',
        body: {
          project: {
            ...created,
            metadata: { ...created.metadata, resourceVersion: '1' },
          },
        },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe(10);
      expect(stale.body.message).toBe(
        'Operation cannot be fulfilled on appprojects.argoproj.io "payments": the object has been modified; please apply your changes to the latest version and try again',
      );
      const unversioned = await call('/api/v1/projects/payments', {
        method: 'PUT',
        body: { project: { metadata: { name: 'payments' }, spec: {} } },
      });
      expect(unversioned.status).toBe(400);
      expect(unversioned.body.message).toBe(
        'appprojects.argoproj.io "payments" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      );
      const updated = await call('/api/v1/projects/payments', {
        method: 'PUT',
        body: {
          project: {
            ...created,
            spec: { ...created.spec, sourceRepos: ['*'] },
          },
        },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.spec.sourceRepos).toEqual(['*']);
      expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(
        Number(created.metadata.resourceVersion),
      );
    });

    it('refuses a project update that would invalidate its applications', async () => {
      await createProjectAndApp('payments');
      const project = (await call('/api/v1/projects/payments')).body;
      const narrowed = await call('/api/v1/projects/payments', {
        method: 'PUT',
        body: {
          project: {
            ...project,
            spec: {
              sourceRepos: ['https://github.com/acme/other'],
              destinations: [{ namespace: 'other', server: '*' }],
            },
          },
        },
      });
      expect(narrowed.status).toBe(400);
      expect(narrowed.body.message).toBe(
        'as a result of project update 1 applications source became invalid and 1 applications destination became invalid',
      );
    });

    it('deletes projects, except default and those still in use', async () => {
      await createProjectAndApp('payments');
      const reserved = await call('/api/v1/projects/default', {
        method: 'DELETE',
      });
      expect(reserved.status).toBe(400);
      expect(reserved.body.message).toBe(
        "name 'default' is reserved and cannot be deleted",
      );
      const inUse = await call('/api/v1/projects/payments', {
        method: 'DELETE',
      });
      expect(inUse.status).toBe(400);
      expect(inUse.body.message).toBe(
        'project is referenced by 1 applications',
      );
      await call('/api/v1/applications/payments', { method: 'DELETE' });
      const deleted = await call('/api/v1/projects/payments', {
        method: 'DELETE',
      });
      expect(deleted).toEqual({ status: 200, body: {} });
      expect(argo.projects().map(p => p.metadata.name)).toEqual(['default']);
    });
  });

  describe('creating applications', () => {
    it('creates an unsynced application as OutOfSync and Missing', async () => {
      await restart({ autoSync: false });
      const app = await createProjectAndApp('payments');
      expect(app.metadata).toMatchObject({
        name: 'payments',
        namespace: 'argocd',
        labels: { 'backstage-name': 'payments' },
      });
      expect(app.status.sync.status).toBe('OutOfSync');
      expect(app.status.sync.revision).toMatch(/^[0-9a-f]{40}$/);
      expect(app.status.health).toEqual({ status: 'Missing' });
      expect(app.status.history).toBeUndefined();
      expect(app.status.sourceType).toBe('Directory');
    });

    it('syncs an application with an automated sync policy at once', async () => {
      const app = await createProjectAndApp('payments');
      expect(app.status.sync.status).toBe('Synced');
      expect(app.status.health).toEqual({ status: 'Healthy' });
      expect(app.status.history).toHaveLength(1);
      expect(app.status.history[0]).toMatchObject({
        id: 0,
        revision: app.status.sync.revision,
        source: { repoURL: REPO, path: 'deploy' },
        initiatedBy: { automated: true },
      });
      expect(app.status.operationState).toMatchObject({
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
      });
      expect(app.status.summary.images).toEqual([
        `registry.example.com/payments:${app.status.sync.revision.slice(0, 7)}`,
      ]);
      expect(app.operation).toBeUndefined();
    });

    it('does not sync an application without an automated policy', async () => {
      const app = await createProjectAndApp('payments', { automated: false });
      expect(app.status.sync.status).toBe('OutOfSync');
    });

    it('is idempotent for an identical application, and refuses a different one', async () => {
      const first = await createProjectAndApp('payments');
      const again = await call('/api/v1/applications', {
        method: 'POST',
        body: roadieApp('payments', 'payments', 'payments'),
      });
      expect(again.status).toBe(200);
      expect(again.body.metadata.uid).toBe(first.metadata.uid);

      const different = await call('/api/v1/applications', {
        method: 'POST',
        body: roadieApp('payments', 'payments', 'payments', { path: 'other' }),
      });
      expect(different.status).toBe(400);
      expect(different.body).toEqual({
        error:
          'existing application spec is different, use upsert flag to force update',
        code: 3,
        message:
          'existing application spec is different, use upsert flag to force update',
      });

      const upserted = await call('/api/v1/applications?upsert=true', {
        method: 'POST',
        body: roadieApp('payments', 'payments', 'payments', { path: 'other' }),
      });
      expect(upserted.status).toBe(200);
      expect(upserted.body.spec.source.path).toBe('other');
      expect(upserted.body.status.history).toHaveLength(2);
    });

    it('refuses an application whose project does not exist', async () => {
      const created = await call('/api/v1/applications', {
        method: 'POST',
        body: roadieApp('orphan', 'missing', 'orphan'),
      });
      expect(created.status).toBe(400);
      expect(created.body).toEqual({
        error: 'application references project missing which does not exist',
        code: 3,
        message: 'application references project missing which does not exist',
      });
    });

    it("validates the source and destination against the project's", async () => {
      await call('/api/v1/projects', {
        method: 'POST',
        body: roadieProject('payments', 'payments'),
      });
      const wrongRepo = await call('/api/v1/applications', {
        method: 'POST',
        body: roadieApp('payments', 'payments', 'payments', {
          repo: 'https://github.com/evil/repo',
        }),
      });
      expect(wrongRepo.status).toBe(400);
      expect(wrongRepo.body.message).toBe(
        "application spec for payments is invalid: InvalidSpecError: application repo https://github.com/evil/repo is not permitted in project 'payments'",
      );
      const wrongNamespace = await call('/api/v1/applications', {
        method: 'POST',
        body: roadieApp('payments', 'payments', 'kube-system'),
      });
      expect(wrongNamespace.status).toBe(400);
      expect(wrongNamespace.body.message).toBe(
        "application spec for payments is invalid: InvalidSpecError: application destination server 'https://kubernetes.default.svc' and namespace 'kube-system' do not match any of the allowed destinations in project 'payments'",
      );
      const unknownCluster = await call('/api/v1/applications', {
        method: 'POST',
        body: {
          metadata: { name: 'far' },
          spec: {
            source: { repoURL: REPO, path: '.' },
            destination: { server: 'https://far.example.com', namespace: 'x' },
          },
        },
      });
      expect(unknownCluster.status).toBe(400);
      expect(unknownCluster.body.message).toBe(
        "application spec for far is invalid: InvalidSpecError: cluster 'https://far.example.com' has not been configured",
      );
      const noPath = await call('/api/v1/applications', {
        method: 'POST',
        body: {
          metadata: { name: 'nopath' },
          spec: {
            source: { repoURL: REPO },
            destination: { name: 'in-cluster', namespace: 'x' },
          },
        },
      });
      expect(noPath.status).toBe(400);
      expect(noPath.body.message).toBe(
        'application spec for nopath is invalid: InvalidSpecError: spec.source.repoURL and either spec.source.path, spec.source.chart, or spec.source.ref are required',
      );
    });

    it('puts applications without a project into default', async () => {
      const created = await call('/api/v1/applications', {
        method: 'POST',
        body: {
          metadata: { name: 'plain' },
          spec: {
            source: { repoURL: REPO, path: '.' },
            destination: { name: 'in-cluster', namespace: 'plain' },
          },
        },
      });
      expect(created.status).toBe(200);
      expect(created.body.spec.project).toBe('default');
    });
  });

  describe('reading applications', () => {
    it('lists applications by label selector, project, name and repo', async () => {
      argo.seedApplication({
        name: 'billing',
        project: 'finance',
        namespace: 'billing',
        repoURL: 'https://github.com/acme/billing',
        path: 'deploy',
        labels: { 'backstage-name': 'billing', tier: 'backend' },
      });
      argo.seedApplication({
        name: 'web',
        namespace: 'web',
        repoURL: 'https://github.com/acme/web.git',
        path: 'k8s',
        labels: { 'backstage-name': 'web', tier: 'frontend' },
      });
      const names = async (query: string) =>
        (await call(`/api/v1/applications${query}`)).body.items.map(
          (a: any) => a.metadata.name,
        );
      expect(await names('')).toEqual(['billing', 'web']);
      expect(
        await names(`?selector=${encodeURIComponent('backstage-name=web')}`),
      ).toEqual(['web']);
      expect(
        await names(`?selector=${encodeURIComponent('tier in (backend,db)')}`),
      ).toEqual(['billing']);
      expect(
        await names(`?selector=${encodeURIComponent('tier!=backend')}`),
      ).toEqual(['web']);
      expect(await names('?project=finance')).toEqual(['billing']);
      expect(await names('?projects=default&projects=finance')).toEqual([
        'billing',
        'web',
      ]);
      expect(await names('?name=web')).toEqual(['web']);
      expect(
        await names(
          `?repo=${encodeURIComponent('https://github.com/acme/web')}`,
        ),
      ).toEqual(['web']);
      expect(await names('?appNamespace=elsewhere')).toEqual([]);
      const bad = await call(
        `/api/v1/applications?selector=${encodeURIComponent('a b=c')}`,
      );
      expect(bad.status).toBe(500);
      expect(bad.body.code).toBe(2);
      expect(bad.body.message).toMatch(/^error parsing the selector: /);
    });

    it('answers a missing application with 403, or 404 when the project is named', async () => {
      const denied = await call('/api/v1/applications/nope');
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({
        error: 'permission denied',
        code: 7,
        message: 'permission denied',
      });
      const notFound = await call('/api/v1/applications/nope?project=default');
      expect(notFound.status).toBe(404);
      expect(notFound.body).toEqual({
        error: 'applications.argoproj.io "nope" not found',
        code: 5,
        message: 'applications.argoproj.io "nope" not found',
      });
      argo.seedApplication({
        name: 'web',
        namespace: 'web',
        repoURL: REPO,
        path: '.',
      });
      const otherProject = await call(
        '/api/v1/applications/web?project=finance',
      );
      expect(otherProject.status).toBe(404);
    });

    it('answers 404 for a missing application when configured like Argo CD < 2.5', async () => {
      await restart({ missingApplicationStatus: 404 });
      const missing = await call('/api/v1/applications/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe(
        'applications.argoproj.io "nope" not found',
      );
    });

    it('seeds an application with a deployment history and revision metadata', async () => {
      const seeded = argo.seedApplication({
        name: 'web',
        project: 'frontend',
        namespace: 'web',
        repoURL: 'https://github.com/acme/web',
        path: 'k8s',
        history: 3,
      });
      const app = (await call('/api/v1/applications/web')).body;
      expect(app).toEqual(seeded);
      expect(app.metadata.namespace).toBe('argocd');
      expect(app.status.sync.status).toBe('Synced');
      expect(app.status.health.status).toBe('Healthy');
      expect(app.status.history.map((h: any) => h.id)).toEqual([0, 1, 2]);
      expect(app.status.sync.revision).toBe(app.status.history[2].revision);
      expect(
        Date.parse(app.status.history[0].deployedAt) <
          Date.parse(app.status.history[2].deployedAt),
      ).toBe(true);
      expect(app.status.operationState.finishedAt).toBe(
        app.status.history[2].deployedAt,
      );
      expect(argo.project('frontend')?.spec.sourceRepos).toEqual([
        'https://github.com/acme/web',
      ]);

      const metadata = await call(
        `/api/v1/applications/web/revisions/${app.status.history[1].revision}/metadata`,
      );
      expect(metadata.status).toBe(200);
      expect(metadata.body).toEqual({
        author: 'Grace Hopper <grace@example.com>',
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        message: 'Release web #2',
      });
      const unknown = await call(
        `/api/v1/applications/web/revisions/${'0'.repeat(40)}/metadata`,
      );
      expect(unknown.status).toBe(500);
      expect(unknown.body.code).toBe(2);
      const unresolved = await call(
        '/api/v1/applications/web/revisions/main/metadata',
      );
      expect(unresolved.status).toBe(500);
      expect(unresolved.body.message).toBe(
        'error getting revision metadata: revision main must be resolved',
      );
    });

    it('seeds an unsynced application with chosen statuses', async () => {
      const app = argo.seedApplication({
        name: 'broken',
        namespace: 'broken',
        repoURL: REPO,
        path: '.',
        history: 1,
        syncStatus: 'OutOfSync',
        healthStatus: 'Degraded',
      });
      expect(app.status.sync.status).toBe('OutOfSync');
      expect(app.status.health).toEqual({ status: 'Degraded' });
      expect(app.status.resources[0]).toMatchObject({
        kind: 'Service',
        status: 'OutOfSync',
        health: { status: 'Degraded' },
      });
    });
  });

  describe('syncing', () => {
    it('syncs to the tracked commit and records each deployment', async () => {
      argo.seedApplication({
        name: 'web',
        namespace: 'web',
        repoURL: REPO,
        path: 'k8s',
        history: 2,
      });
      const before = argo.application('web')!;
      const synced = await call('/api/v1/applications/web/sync', {
        method: 'POST',
        body: {
          prune: false,
          dryRun: false,
          strategy: { hook: { force: true } },
        },
      });
      expect(synced.status).toBe(200);
      expect(synced.body.status.history.map((h: any) => h.id)).toEqual([
        0, 1, 2,
      ]);
      const latest = synced.body.status.history[2];
      expect(latest.revision).toBe(before.status.sync.revision);
      expect(latest.initiatedBy).toEqual({ username: 'admin' });
      expect(synced.body.status.operationState.operation.sync).toEqual({
        revision: latest.revision,
        syncStrategy: { hook: { force: true } },
      });

      const commit = argo.pushCommit({ repoURL: REPO, message: 'Bump' });
      const resynced = await call('/api/v1/applications/web/sync', {
        method: 'POST',
        body: {},
      });
      expect(resynced.body.status.sync.revision).toBe(commit);
      const metadata = await call(
        `/api/v1/applications/web/revisions/${commit}/metadata`,
      );
      expect(metadata.body.message).toBe('Bump');

      const pinned = 'a'.repeat(40);
      const toRevision = await call('/api/v1/applications/web/sync', {
        method: 'POST',
        body: { revision: pinned },
      });
      expect(toRevision.body.status.sync.revision).toBe(pinned);
      expect(toRevision.body.status.history).toHaveLength(5);
    });

    it('keeps revisionHistoryLimit deployments', async () => {
      const app = await createProjectAndApp('payments', { automated: false });
      expect(app.spec.revisionHistoryLimit).toBe(10);
      for (let i = 0; i < 12; i++) {
        await call('/api/v1/applications/payments/sync', {
          method: 'POST',
          body: {},
        });
      }
      const history = argo.application('payments')!.status.history!;
      expect(history.map(h => h.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it('does not deploy on a dry run', async () => {
      await createProjectAndApp('payments', { automated: false });
      const dryRun = await call('/api/v1/applications/payments/sync', {
        method: 'POST',
        body: { dryRun: true },
      });
      expect(dryRun.body.status.operationState.phase).toBe('Succeeded');
      expect(dryRun.body.status.operationState.operation.sync.dryRun).toBe(
        true,
      );
      expect(dryRun.body.status.sync.status).toBe('OutOfSync');
      expect(dryRun.body.status.health.status).toBe('Missing');
      expect(dryRun.body.status.history).toBeUndefined();
    });

    it('refuses to sync an auto-synced app to another revision', async () => {
      await createProjectAndApp('payments');
      const refused = await call('/api/v1/applications/payments/sync', {
        method: 'POST',
        body: { revision: 'feature' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        error: 'Cannot sync to feature: auto-sync currently set to ',
        code: 9,
        message: 'Cannot sync to feature: auto-sync currently set to ',
      });
    });

    it('auto-syncs automated applications when their ref moves', async () => {
      await createProjectAndApp('payments');
      await createProjectAndApp('manual', { automated: false });
      const commit = argo.pushCommit({ repoURL: REPO });
      expect(argo.application('payments')!.status.sync.revision).toBe(commit);
      expect(argo.application('payments')!.status.history).toHaveLength(2);
      expect(argo.application('manual')!.status.history).toBeUndefined();
    });

    it('runs operations for operationDurationMs, and terminates them', async () => {
      await restart({ operationDurationMs: 200 });
      await createProjectAndApp('payments', { automated: false });
      const noOperation = await call(
        '/api/v1/applications/payments/operation',
        {
          method: 'DELETE',
        },
      );
      expect(noOperation.status).toBe(400);
      expect(noOperation.body.message).toBe(
        'Unable to terminate operation. No operation is in progress',
      );

      const started = await call('/api/v1/applications/payments/sync', {
        method: 'POST',
        body: {},
      });
      expect(started.body.status.operationState.phase).toBe('Running');
      expect(started.body.operation.initiatedBy).toEqual({ username: 'admin' });
      const busy = await call('/api/v1/applications/payments/sync', {
        method: 'POST',
        body: {},
      });
      expect(busy.status).toBe(400);
      expect(busy.body.message).toBe(
        'another operation is already in progress',
      );

      const terminated = await call('/api/v1/applications/payments/operation', {
        method: 'DELETE',
      });
      expect(terminated).toEqual({ status: 200, body: {} });
      const after = argo.application('payments')!;
      expect(after.status.operationState!.phase).toBe('Failed');
      expect(after.status.operationState!.message).toBe('Operation terminated');
      expect(after.operation).toBeUndefined();

      await call('/api/v1/applications/payments/sync', {
        method: 'POST',
        body: {},
      });
      await new Promise(resolve => setTimeout(resolve, 300));
      expect(argo.application('payments')!.status.operationState!.phase).toBe(
        'Succeeded',
      );
      expect(argo.application('payments')!.status.history).toHaveLength(1);
    });
  });

  describe('updating and deleting applications', () => {
    it('updates the spec and labels, syncing an automated app', async () => {
      const app = await createProjectAndApp('payments');
      const updated = await call('/api/v1/applications/payments', {
        method: 'PUT',
        body: {
          ...app,
          metadata: { ...app.metadata, labels: { team: 'payments' } },
          spec: { ...app.spec, source: { ...app.spec.source, path: 'v2' } },
        },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.metadata.labels).toEqual({ team: 'payments' });
      expect(updated.body.metadata.generation).toBe(2);
      expect(updated.body.status.history).toHaveLength(2);
      expect(updated.body.status.history[1].source.path).toBe('v2');

      const spec = await call('/api/v1/applications/payments/spec', {
        method: 'PUT',
        body: { ...updated.body.spec, revisionHistoryLimit: 3 },
      });
      expect(spec.status).toBe(200);
      expect(spec.body.revisionHistoryLimit).toBe(3);
    });

    it('deletes an application at once, or after cascadeDeletionMs', async () => {
      await createProjectAndApp('payments');
      expect(
        await call('/api/v1/applications/payments?cascade=true', {
          method: 'DELETE',
        }),
      ).toEqual({ status: 200, body: {} });
      expect((await call('/api/v1/applications/payments')).status).toBe(403);

      await restart({ cascadeDeletionMs: 150 });
      await createProjectAndApp('payments');
      await call('/api/v1/applications/payments?cascade=true', {
        method: 'DELETE',
      });
      const pending = await call('/api/v1/applications/payments');
      expect(pending.status).toBe(200);
      expect(pending.body.metadata.deletionTimestamp).toMatch(/Z$/);
      expect(pending.body.metadata.finalizers).toEqual([
        'resources-finalizer.argocd.argoproj.io',
      ]);
      await new Promise(resolve => setTimeout(resolve, 250));
      expect(argo.applications()).toEqual([]);

      const missing = await call(
        '/api/v1/applications/nope?cascade=true&project=default',
        { method: 'DELETE' },
      );
      expect(missing.status).toBe(404);
      argo.seedApplication({
        name: 'web',
        namespace: 'web',
        repoURL: REPO,
        path: '.',
      });
      const conflicting = await call(
        '/api/v1/applications/web?cascade=false&propagationPolicy=foreground',
        { method: 'DELETE' },
      );
      expect(conflicting.status).toBe(400);
      expect(conflicting.body.message).toBe(
        'cannot set propagation policy when cascading is disabled',
      );
    });
  });

  describe('failures and latency', () => {
    it('fails the next matching requests as grpc-gateway renders them', async () => {
      argo.failNext('GET', /^\/api\/v1\/applications$/, 503, undefined, 2);
      const first = await call('/api/v1/applications');
      expect(first.status).toBe(503);
      expect(first.body.code).toBe(14);
      expect((await call('/api/v1/applications')).status).toBe(503);
      expect((await call('/api/v1/applications')).status).toBe(200);

      argo.failNext('*', /projects/, 403, 'permission denied: projects, get');
      const denied = await call('/api/v1/projects');
      expect(denied).toEqual({
        status: 403,
        body: {
          error: 'permission denied: projects, get',
          code: 7,
          message: 'permission denied: projects, get',
        },
      });
    });

    it('delays answers', async () => {
      argo.setLatency(150);
      const started = Date.now();
      await call('/api/v1/projects');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('records requests', async () => {
      await call('/api/v1/applications?selector=a%3Db&project=x&project=y');
      expect(argo.requests).toEqual([
        {
          method: 'GET',
          path: '/api/v1/applications',
          query: { selector: 'a=b', project: ['x', 'y'] },
        },
      ]);
    });
  });
});
