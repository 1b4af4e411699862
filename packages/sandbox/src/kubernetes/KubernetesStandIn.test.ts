import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObject as ClientObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { KubernetesStandIn, KubernetesStatus } from './KubernetesStandIn';

type Item = { metadata: { name: string } };

type Call = {
  method?: string;
  body?: unknown;
  contentType?: string;
  token?: string;
};

describe('KubernetesStandIn', () => {
  let k8s: KubernetesStandIn;

  beforeEach(async () => {
    k8s = await KubernetesStandIn.start();
  });

  afterEach(async () => {
    await k8s.close();
  });

  function kubeConfig(token = k8s.token): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      ...k8s.kubeConfig(),
      users: [{ name: 'sandbox', token }],
    });
    return kc;
  }

  async function call(path: string, options: Call = {}) {
    let body: string | undefined;
    if (typeof options.body === 'string') body = options.body;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    const response = await fetch(`${k8s.url}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${options.token ?? k8s.token}`,
        ...(body === undefined
          ? {}
          : { 'content-type': options.contentType ?? 'application/json' }),
      },
      body,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.json(),
    };
  }

  /** The code and Status body of a call that @kubernetes/client-node rejected. */
  async function rejection(
    promise: Promise<unknown>,
  ): Promise<{ code: number; body: KubernetesStatus }> {
    try {
      await promise;
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      const body =
        typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      return { code: error.code, body };
    }
    throw new Error('expected the call to be rejected');
  }

  const namespace = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });

  const deployment = (name: string, ns: string, replicas = 2) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'nginx:1.27' }] },
      },
    },
  });

  describe('discovery', () => {
    it('serves the core and group discovery documents', async () => {
      const api = await call('/api');
      expect(api.status).toBe(200);
      expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });

      const core = await call('/api/v1');
      expect(core.body.kind).toBe('APIResourceList');
      expect(core.body.groupVersion).toBe('v1');
      expect(
        core.body.resources.find(
          (r: { name: string }) => r.name === 'namespaces',
        ),
      ).toEqual({
        name: 'namespaces',
        singularName: 'namespace',
        namespaced: false,
        kind: 'Namespace',
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['ns'],
      });
      expect(
        core.body.resources
          .filter((r: { name: string }) => !r.name.includes('/'))
          .map((r: { name: string }) => r.name)
          .sort(),
      ).toEqual([
        'configmaps',
        'events',
        'limitranges',
        'namespaces',
        'pods',
        'resourcequotas',
        'serviceaccounts',
        'services',
      ]);

      const groups = await call('/apis');
      expect(groups.body.kind).toBe('APIGroupList');
      expect(groups.body.groups.map((g: { name: string }) => g.name)).toEqual([
        'apps',
        'autoscaling',
        'batch',
        'networking.k8s.io',
        'policy',
        'argoproj.io',
        'metrics.k8s.io',
      ]);

      const apps = await call('/apis/apps/v1');
      expect(apps.body).toMatchObject({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'apps/v1',
      });
      expect(
        apps.body.resources.find(
          (r: { name: string }) => r.name === 'deployments',
        ),
      ).toEqual({
        name: 'deployments',
        singularName: 'deployment',
        namespaced: true,
        kind: 'Deployment',
        verbs: [
          'create',
          'delete',
          'deletecollection',
          'get',
          'list',
          'patch',
          'update',
          'watch',
        ],
        shortNames: ['deploy'],
        categories: ['all'],
      });

      const argo = await call('/apis/argoproj.io/v1alpha1');
      expect(argo.body.resources[0]).toMatchObject({
        name: 'rollouts',
        kind: 'Rollout',
        namespaced: true,
      });
    });

    it('answers unknown groups, versions and resources with a NotFound Status', async () => {
      const expected = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      };
      for (const path of [
        '/apis/nope.example.com/v1',
        '/apis/apps/v2',
        '/api/v1/widgets',
        '/apis/apps/v1/namespaces/default/widgets',
        '/api/v1/namespaces/default/namespaces',
      ]) {
        const response = await call(path);
        expect({ path, status: response.status }).toEqual({
          path,
          status: 404,
        });
        expect(response.contentType).toBe('application/json');
        expect(response.body).toEqual(expected);
      }
    });
  });

  describe('server-side apply with KubernetesObjectApi', () => {
    const manifests: ClientObject[] = [
      namespace('team-a'),
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'quota', namespace: 'team-a' },
        spec: { hard: { pods: '10', 'requests.cpu': '4' } },
      } as ClientObject,
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'limits', namespace: 'team-a' },
        spec: {
          limits: [{ type: 'Container', default: { cpu: '500m' } }],
        },
      } as ClientObject,
      deployment('web', 'team-a'),
    ];

    async function applyAll(client: KubernetesObjectApi) {
      const results: ClientObject[] = [];
      for (const manifest of manifests) {
        results.push(
          await client.patch(
            structuredClone(manifest),
            undefined,
            undefined,
            'backstage',
            true,
            PatchStrategy.ServerSideApply,
          ),
        );
      }
      return results;
    }

    it('creates the objects, and a second apply changes nothing', async () => {
      const client = KubernetesObjectApi.makeApiClient(kubeConfig());

      const first = await applyAll(client);
      expect(first.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
        'Namespace/team-a',
        'ResourceQuota/quota',
        'LimitRange/limits',
        'Deployment/web',
      ]);
      const ns = k8s.object('v1', 'Namespace', 'team-a');
      expect(ns?.status).toEqual({ phase: 'Active' });
      expect(ns?.metadata.labels).toEqual({
        'kubernetes.io/metadata.name': 'team-a',
      });
      expect(
        k8s
          .objects({ namespace: 'team-a' })
          .map(o => `${o.kind}/${o.metadata.name}`),
      ).toEqual(['LimitRange/limits', 'ResourceQuota/quota', 'Deployment/web']);
      const created = k8s.object('apps/v1', 'Deployment', 'web', 'team-a');
      expect(created?.metadata.generation).toBe(1);
      expect(created?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created?.metadata.creationTimestamp).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      expect(created?.spec).toMatchObject({
        replicas: 2,
        revisionHistoryLimit: 10,
        strategy: { type: 'RollingUpdate' },
      });

      const second = await applyAll(client);
      expect(second.map(o => o.metadata?.uid)).toEqual(
        first.map(o => o.metadata?.uid),
      );
      expect(second.map(o => o.metadata?.resourceVersion)).toEqual(
        first.map(o => o.metadata?.resourceVersion),
      );

      // Discovery was asked once per group version, then cached.
      expect(
        k8s.requests
          .filter(r => r.method === 'GET')
          .map(r => r.path)
          .sort(),
      ).toEqual(['/api/v1', '/apis/apps/v1']);
      expect(
        k8s.requests.filter(r => r.method === 'PATCH').map(r => r.contentType),
      ).toEqual(Array(8).fill('application/apply-patch+yaml'));
      expect(k8s.requests[1].query).toEqual({
        fieldManager: 'backstage',
        force: 'true',
      });
    });

    it('bumps generation on a spec change and prunes what the manager stopped applying', async () => {
      const client = KubernetesObjectApi.makeApiClient(kubeConfig());
      await applyAll(client);
      const before = k8s.object('apps/v1', 'Deployment', 'web', 'team-a')!;

      const changed = deployment('web', 'team-a', 5);
      delete (changed.metadata as { labels?: unknown }).labels;
      const after = await client.patch(
        changed as ClientObject,
        undefined,
        undefined,
        'backstage',
        true,
        PatchStrategy.ServerSideApply,
      );

      expect(after.metadata?.uid).toBe(before.metadata.uid);
      expect(after.metadata?.generation).toBe(2);
      expect(Number(after.metadata?.resourceVersion)).toBeGreaterThan(
        Number(before.metadata.resourceVersion),
      );
      expect(after.metadata?.labels).toBeUndefined();
      expect((after as { spec: { replicas: number } }).spec.replicas).toBe(5);
    });

    it('requires a field manager for apply, as the API server does', async () => {
      const response = await call('/api/v1/namespaces/x', {
        method: 'PATCH',
        body: namespace('x'),
        contentType: 'application/apply-patch+yaml',
      });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        reason: 'Invalid',
        details: {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        },
        code: 422,
      });
    });

    it('accepts a YAML apply body', async () => {
      const response = await call(
        '/api/v1/namespaces/default/configmaps/settings?fieldManager=me',
        {
          method: 'PATCH',
          contentType: 'application/apply-patch+yaml',
          body: [
            'apiVersion: v1',
            'kind: ConfigMap',
            'metadata:',
            '  name: settings',
            'data:',
            '  color: blue',
          ].join('\n'),
        },
      );
      expect(response.status).toBe(201);
      expect(response.body.data).toEqual({ color: 'blue' });
      expect(response.body.metadata.namespace).toBe('default');
    });
  });

  describe('KubernetesObjectApi', () => {
    it('creates, reads, replaces, lists and deletes', async () => {
      const client = KubernetesObjectApi.makeApiClient(kubeConfig());
      const spec = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', labels: { app: 'shop' } },
        data: { color: 'blue' },
      };

      const created = await client.create(
        structuredClone(spec) as ClientObject,
      );
      expect(created.metadata?.namespace).toBe('default');
      const read = await client.read<typeof spec & ClientObject>({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'default' },
      });
      expect(read.data).toEqual({ color: 'blue' });
      expect(read.metadata?.uid).toBe(created.metadata?.uid);

      const replaced = await client.replace({
        ...read,
        data: { color: 'red' },
      });
      expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
        Number(read.metadata.resourceVersion),
      );

      const listed = await client.list(
        'v1',
        'ConfigMap',
        'default',
        undefined,
        undefined,
        undefined,
        undefined,
        'app=shop',
      );
      expect(listed.items.map(i => i.metadata?.name)).toEqual(['settings']);

      await client.delete(spec);
      expect(
        k8s.object('v1', 'ConfigMap', 'settings', 'default'),
      ).toBeUndefined();
    });

    it('keeps status out of main-resource writes and writes it through /status', async () => {
      const path = '/apis/apps/v1/namespaces/default/deployments/web';
      const created = await call(
        '/apis/apps/v1/namespaces/default/deployments',
        {
          method: 'POST',
          body: { ...deployment('web', 'default'), status: { replicas: 9 } },
        },
      );
      expect(created.body.status).toBeUndefined();

      const status = await call(`${path}/status`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 5 }, status: { readyReplicas: 2 } },
      });
      expect(status.status).toBe(200);
      expect(status.body.status).toEqual({ readyReplicas: 2 });
      expect(status.body.spec.replicas).toBe(2);
      expect(status.body.metadata.generation).toBe(1);

      const update = await call(path, {
        method: 'PUT',
        body: { ...status.body, status: { readyReplicas: 7 } },
      });
      expect(update.body.status).toEqual({ readyReplicas: 2 });
    });

    it('refuses watch requests', async () => {
      const response = await call('/api/v1/pods?watch=true');
      expect(response.status).toBe(405);
      expect(response.body.reason).toBe('MethodNotAllowed');
    });
  });

  describe('lists and selectors', () => {
    beforeEach(() => {
      const seed = (name: string, ns: string, labels: Record<string, string>) =>
        k8s.seed({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: ns, labels },
          data: { name },
        });
      seed('a', 'one', { app: 'shop', tier: 'web' });
      seed('b', 'one', { app: 'shop', tier: 'db' });
      seed('c', 'two', { app: 'blog', tier: 'web', canary: 'true' });
      seed('d', 'two', { app: 'blog' });
    });

    it('filters by every kind of label selector requirement', async () => {
      const core = kubeConfig().makeApiClient(CoreV1Api);
      const names = async (labelSelector: string) =>
        (await core.listConfigMapForAllNamespaces({ labelSelector })).items.map(
          i => i.metadata?.name,
        );

      expect(await names('app=shop')).toEqual(['a', 'b']);
      expect(await names('app==blog')).toEqual(['c', 'd']);
      expect(await names('tier!=web')).toEqual(['b', 'd']);
      expect(await names('tier in (web, db)')).toEqual(['a', 'b', 'c']);
      expect(await names('tier notin (web)')).toEqual(['b', 'd']);
      expect(await names('canary')).toEqual(['c']);
      expect(await names('!tier')).toEqual(['d']);
      expect(await names('app=blog,tier')).toEqual(['c']);
      expect(await names('app in (shop,blog),!canary,tier')).toEqual([
        'a',
        'b',
      ]);
      expect(await names('')).toEqual(['a', 'b', 'c', 'd']);

      const namespaced = await core.listNamespacedConfigMap({
        namespace: 'two',
        labelSelector: 'tier=web',
      });
      expect(namespaced.items.map(i => i.metadata?.name)).toEqual(['c']);
    });

    it('serves List objects with a resourceVersion, without item kinds', async () => {
      const response = await call('/api/v1/namespaces/one/configmaps');
      expect(response.body.kind).toBe('ConfigMapList');
      expect(response.body.apiVersion).toBe('v1');
      expect(response.body.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(response.body.items).toHaveLength(2);
      expect(response.body.items[0].kind).toBeUndefined();
      expect(response.body.items[0].metadata).toMatchObject({
        name: 'a',
        namespace: 'one',
      });

      const empty = await call('/api/v1/namespaces/nowhere/configmaps');
      expect(empty.status).toBe(200);
      expect(empty.body.items).toEqual([]);
    });

    it('filters by field selectors and rejects unknown fields', async () => {
      const byName = await call(
        '/api/v1/configmaps?fieldSelector=metadata.name%3Dc',
      );
      expect(byName.body.items.map((i: Item) => i.metadata.name)).toEqual([
        'c',
      ]);
      const byNamespace = await call(
        '/api/v1/configmaps?fieldSelector=metadata.namespace!%3Done',
      );
      expect(byNamespace.body.items.map((i: Item) => i.metadata.name)).toEqual([
        'c',
        'd',
      ]);

      const unknown = await call(
        '/api/v1/configmaps?fieldSelector=spec.foo%3Dx',
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        reason: 'BadRequest',
        message: 'field label not supported: spec.foo',
        code: 400,
      });

      const bad = await call(
        '/api/v1/configmaps?labelSelector=tier%20in%20web',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe(
        "unable to parse requirement: found 'web', expected: '('",
      );
    });

    it('pages with limit and continue', async () => {
      const first = await call('/api/v1/configmaps?limit=3');
      expect(first.body.items.map((i: Item) => i.metadata.name)).toEqual([
        'a',
        'b',
        'c',
      ]);
      expect(first.body.metadata.remainingItemCount).toBe(1);
      const second = await call(
        `/api/v1/configmaps?limit=3&continue=${first.body.metadata.continue}`,
      );
      expect(second.body.items.map((i: Item) => i.metadata.name)).toEqual([
        'd',
      ]);
      expect(second.body.metadata.continue).toBeUndefined();
    });
  });

  describe('authentication', () => {
    it('answers a wrong token with 401 Unauthorized', async () => {
      const core = kubeConfig('wrong-token').makeApiClient(CoreV1Api);
      const { code } = await rejection(core.listNamespace());
      expect(code).toBe(401);
      const response = await call('/api/v1/namespaces', {
        token: 'wrong-token',
      });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });

      const noToken = await fetch(`${k8s.url}/api/v1/namespaces`);
      expect(noToken.status).toBe(401);
    });

    it('answers every request with 401 when started unauthorized', async () => {
      const broken = await KubernetesStandIn.start({
        unauthorized: true,
        token: 'right',
      });
      try {
        const kc = new KubeConfig();
        kc.loadFromOptions(broken.kubeConfig());
        const objects = KubernetesObjectApi.makeApiClient(kc);
        const { code } = await rejection(
          objects.read({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'default' },
          }),
        );
        expect(code).toBe(401);

        const discovery = await fetch(`${broken.url}/api`, {
          headers: { authorization: 'Bearer right' },
        });
        expect(discovery.status).toBe(401);
        expect((await discovery.json()).reason).toBe('Unauthorized');
      } finally {
        await broken.close();
      }
    });
  });

  describe('errors', () => {
    it('answers a create into a missing namespace with 404', async () => {
      const core = kubeConfig().makeApiClient(CoreV1Api);
      const { code, body } = await rejection(
        core.createNamespacedConfigMap({
          namespace: 'ghost',
          body: { metadata: { name: 'settings' }, data: { a: 'b' } },
        }),
      );
      expect(code).toBe(404);
      expect(body).toMatchObject({
        status: 'Failure',
        message: 'namespaces "ghost" not found',
        reason: 'NotFound',
        details: { name: 'ghost', kind: 'namespaces' },
        code: 404,
      });

      const apps = kubeConfig().makeApiClient(AppsV1Api);
      const missing = await rejection(
        apps.readNamespacedDeployment({ namespace: 'default', name: 'nope' }),
      );
      expect(missing.body).toMatchObject({
        message: 'deployments.apps "nope" not found',
        details: { name: 'nope', group: 'apps', kind: 'deployments' },
      });
    });

    it('answers an invalid name with 422 Invalid and its causes', async () => {
      const response = await call('/api/v1/namespaces', {
        method: 'POST',
        body: namespace('Bad_Name'),
      });
      const detail =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${detail}`,
        reason: 'Invalid',
        details: {
          name: 'Bad_Name',
          kind: 'Namespace',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: "Bad_Name": ${detail}`,
              field: 'metadata.name',
            },
          ],
        },
        code: 422,
      });

      const core = kubeConfig().makeApiClient(CoreV1Api);
      const viaClient = await rejection(
        core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'Not.Valid' } },
        }),
      );
      expect(viaClient.code).toBe(422);
      expect(viaClient.body.details?.causes?.[0].field).toBe('metadata.name');
    });

    it('rejects a Deployment whose selector does not match its template', async () => {
      const bad = deployment('web', 'default');
      bad.spec.template.metadata.labels = { app: 'other' };
      const response = await call(
        '/apis/apps/v1/namespaces/default/deployments',
        {
          method: 'POST',
          body: bad,
        },
      );
      expect(response.status).toBe(422);
      expect(response.body.message).toBe(
        'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      );
    });

    it('answers a duplicate create with 409 AlreadyExists', async () => {
      const core = kubeConfig().makeApiClient(CoreV1Api);
      await core.createNamespace({ body: { metadata: { name: 'dup' } } });
      const { code, body } = await rejection(
        core.createNamespace({ body: { metadata: { name: 'dup' } } }),
      );
      expect(code).toBe(409);
      expect(body).toMatchObject({
        message: 'namespaces "dup" already exists',
        reason: 'AlreadyExists',
        details: { name: 'dup', kind: 'namespaces' },
      });

      const first = await call('/apis/apps/v1/namespaces/default/deployments', {
        method: 'POST',
        body: deployment('web', 'default'),
      });
      expect(first.status).toBe(201);
      const second = await call(
        '/apis/apps/v1/namespaces/default/deployments',
        {
          method: 'POST',
          body: deployment('web', 'default'),
        },
      );
      expect(second.status).toBe(409);
      expect(second.body.message).toBe('deployments.apps "web" already exists');
    });

    it('rejects a body whose apiVersion or kind does not match the URL', async () => {
      const response = await call('/api/v1/namespaces/default/configmaps', {
        method: 'POST',
        body: { ...deployment('web', 'default') },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        reason: 'BadRequest',
        message:
          'the API version in the data (apps/v1) does not match the expected API version (v1)',
      });
    });

    it('answers an update with a stale resourceVersion with 409 Conflict', async () => {
      const created = await call('/api/v1/namespaces/default/configmaps', {
        method: 'POST',
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c' },
          data: { v: '1' },
        },
      });
      const path = '/api/v1/namespaces/default/configmaps/c';
      const updated = await call(path, {
        method: 'PUT',
        body: { ...created.body, data: { v: '2' } },
      });
      expect(updated.status).toBe(200);
      const stale = await call(path, {
        method: 'PUT',
        body: { ...created.body, data: { v: '3' } },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toBe(
        'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
      );
      expect(k8s.object('v1', 'ConfigMap', 'c', 'default')?.data).toEqual({
        v: '2',
      });
    });

    it('fails the next matching requests as told', async () => {
      k8s.failNext('GET', /^\/api\/v1\/namespaces$/, 503, undefined, 2);
      k8s.failNext('post', /deployments/, 500, 'etcd is down');
      const core = kubeConfig().makeApiClient(CoreV1Api);

      const first = await rejection(core.listNamespace());
      expect(first.code).toBe(503);
      expect(first.body).toMatchObject({
        reason: 'ServiceUnavailable',
        message: 'the server is currently unable to handle the request',
      });
      expect((await rejection(core.listNamespace())).code).toBe(503);
      const third = await core.listNamespace();
      expect(third.items.map(n => n.metadata?.name)).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);

      const post = await call('/apis/apps/v1/namespaces/default/deployments', {
        method: 'POST',
        body: deployment('web', 'default'),
      });
      expect(post.status).toBe(500);
      expect(post.body).toMatchObject({
        reason: 'InternalError',
        message: 'etcd is down',
      });
      const retry = await call('/apis/apps/v1/namespaces/default/deployments', {
        method: 'POST',
        body: deployment('web', 'default'),
      });
      expect(retry.status).toBe(201);
    });

    it('delays answers by the latency set', async () => {
      k8s.setLatency(150);
      const started = Date.now();
      const response = await call('/api');
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });
  });

  describe('patch', () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/web';

    beforeEach(async () => {
      const sidecar = deployment('web', 'default');
      sidecar.spec.template.spec.containers.push({
        name: 'sidecar',
        image: 'envoy:1.30',
      });
      await call('/apis/apps/v1/namespaces/default/deployments', {
        method: 'POST',
        body: sidecar,
      });
    });

    it('merges a JSON merge patch', async () => {
      const response = await call(path, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: {
          metadata: { labels: { team: 'a', app: null } },
          spec: { replicas: 4 },
        },
      });
      expect(response.status).toBe(200);
      expect(response.body.metadata.labels).toEqual({ team: 'a' });
      expect(response.body.spec.replicas).toBe(4);
      expect(response.body.metadata.generation).toBe(2);
    });

    it('merges containers by name under strategic merge patch', async () => {
      const response = await call(path, {
        method: 'PATCH',
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: {
            template: {
              spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] },
            },
          },
        },
      });
      expect(
        response.body.spec.template.spec.containers.map(
          (c: { name: string; image: string }) => `${c.name}=${c.image}`,
        ),
      ).toEqual(['web=nginx:1.28', 'sidecar=envoy:1.30']);
    });

    it('applies JSON patch operations, and answers a failing one with 422', async () => {
      const response = await call(path, {
        method: 'PATCH',
        contentType: 'application/json-patch+json',
        body: [
          { op: 'replace', path: '/spec/replicas', value: 7 },
          { op: 'add', path: '/metadata/annotations', value: { a: 'b' } },
          { op: 'remove', path: '/spec/template/spec/containers/1' },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body.spec.replicas).toBe(7);
      expect(response.body.metadata.annotations).toEqual({ a: 'b' });
      expect(response.body.spec.template.spec.containers).toHaveLength(1);

      const failing = await call(path, {
        method: 'PATCH',
        contentType: 'application/json-patch+json',
        body: [{ op: 'remove', path: '/spec/nothing' }],
      });
      expect(failing.status).toBe(422);
      expect(failing.body).toMatchObject({
        reason: 'Invalid',
        message:
          'the server rejected our request due to an error in our request',
      });
    });

    it('refuses strategic merge patch for a custom resource with 415', async () => {
      k8s.seed({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'web', namespace: 'default' },
        spec: { replicas: 1 },
      });
      const response = await call(
        '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/web',
        {
          method: 'PATCH',
          contentType: 'application/strategic-merge-patch+json',
          body: { spec: { replicas: 2 } },
        },
      );
      expect(response.status).toBe(415);
      expect(response.body.reason).toBe('UnsupportedMediaType');

      const merged = await call(
        '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/web',
        {
          method: 'PATCH',
          contentType: 'application/merge-patch+json',
          body: { spec: { replicas: 2 } },
        },
      );
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        spec: { replicas: 2 },
        metadata: { generation: 2 },
      });
    });
  });

  describe('delete', () => {
    it('deletes a namespace with its contents, answering Status Success', async () => {
      k8s.seedWorkload({ namespace: 'doomed', name: 'api' });
      k8s.seed({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'keep', namespace: 'default' },
      });
      const uid = k8s.object('v1', 'Namespace', 'doomed')?.metadata.uid;

      const response = await call('/api/v1/namespaces/doomed', {
        method: 'DELETE',
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'doomed', kind: 'namespaces', uid },
      });
      expect(k8s.objects({ namespace: 'doomed' })).toEqual([]);
      expect(k8s.object('v1', 'ConfigMap', 'keep', 'default')).toBeDefined();

      const again = await call('/api/v1/namespaces/doomed', {
        method: 'DELETE',
      });
      expect(again.status).toBe(404);
      expect(again.body.message).toBe('namespaces "doomed" not found');
    });

    it('deletes what a Deployment owns, and answers a pod delete with the pod', async () => {
      const { pods } = k8s.seedWorkload({
        namespace: 'shop',
        name: 'api',
        replicas: 2,
      });
      const podResponse = await call(
        `/api/v1/namespaces/shop/pods/${pods[0].metadata.name}`,
        { method: 'DELETE' },
      );
      expect(podResponse.body.kind).toBe('Pod');
      expect(podResponse.body.metadata.uid).toBe(pods[0].metadata.uid);

      const response = await call(
        '/apis/apps/v1/namespaces/shop/deployments/api',
        {
          method: 'DELETE',
        },
      );
      expect(response.body).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'api', group: 'apps', kind: 'deployments' },
      });
      expect(
        k8s
          .objects({ namespace: 'shop' })
          .map(o => `${o.kind}/${o.metadata.name}`),
      ).toEqual(['Service/api']);
    });
  });

  describe('seedWorkload', () => {
    it('produces a Deployment, ReplicaSet, running pods and a Service that Backstage can find by label', async () => {
      const labels = { 'backstage.io/kubernetes-id': 'shop', app: 'shop-api' };
      const seeded = k8s.seedWorkload({
        namespace: 'shop',
        name: 'shop-api',
        labels,
        replicas: 3,
        image: 'ghcr.io/acme/shop-api:1.2.3',
      });
      const core = kubeConfig().makeApiClient(CoreV1Api);
      const apps = kubeConfig().makeApiClient(AppsV1Api);

      const pods = await core.listPodForAllNamespaces({
        labelSelector: 'backstage.io/kubernetes-id=shop',
      });
      expect(pods.items).toHaveLength(3);
      const rsName = seeded.replicaSet.metadata.name;
      expect(rsName).toMatch(/^shop-api-[bcdfghjklmnpqrstvwxz2456789]{10}$/);
      for (const pod of pods.items) {
        expect(pod.metadata?.namespace).toBe('shop');
        expect(pod.metadata?.name?.startsWith(`${rsName}-`)).toBe(true);
        expect(pod.metadata?.ownerReferences).toEqual([
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rsName,
            uid: seeded.replicaSet.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ]);
        expect(pod.status?.phase).toBe('Running');
        expect(pod.status?.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
        expect(pod.status?.containerStatuses?.[0]).toMatchObject({
          name: 'shop-api',
          ready: true,
          restartCount: 0,
          image: 'ghcr.io/acme/shop-api:1.2.3',
        });
        expect(
          pod.status?.conditions?.find(c => c.type === 'Ready')?.status,
        ).toBe('True');
      }
      expect(new Set(pods.items.map(p => p.status?.podIP)).size).toBe(3);

      const deployments = await apps.listNamespacedDeployment({
        namespace: 'shop',
        labelSelector: 'backstage.io/kubernetes-id=shop',
      });
      expect(deployments.items.map(d => d.status?.readyReplicas)).toEqual([3]);
      expect(seeded.replicaSet.metadata.ownerReferences?.[0].uid).toBe(
        seeded.deployment.metadata.uid,
      );

      // As Backstage's Kubernetes backend fetches services: plain fetch, label selector.
      const services = await call(
        `/api/v1/namespaces/shop/services?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=shop',
        )}`,
      );
      expect(services.body.kind).toBe('ServiceList');
      expect(services.body.items[0].spec).toMatchObject({
        type: 'ClusterIP',
        selector: labels,
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      });
      expect(services.body.items[0].spec.clusterIP).toMatch(/^10\.96\./);

      const metrics = await call(
        '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?labelSelector=app%3Dshop-api',
      );
      expect(metrics.body.kind).toBe('PodMetricsList');
      expect(metrics.body.items).toHaveLength(3);
      expect(metrics.body.items[0].containers[0].usage.cpu).toMatch(/^\d+n$/);
    });
  });

  it('records every request', async () => {
    await call('/api/v1/namespaces/default/configmaps?labelSelector=a%3Db', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
      },
    });
    expect(k8s.requests).toEqual([
      {
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        query: { labelSelector: 'a=b' },
        contentType: 'application/json',
      },
    ]);
  });
});
