import type { Entity } from '@backstage/catalog-model';
import type { CoverageRepository } from '@internal/backstage-plugin-adoption-common';
import { GitHubStandIn } from 'sandbox';
import {
  adoptionTestDatabases,
  PLATFORM,
  READER,
  startAdoptionTestBackend,
  USER,
  type AdoptionTestBackend,
} from '../__testUtils__/adoptionTestBackend';
import { DAY_MS } from '../service/time';
import { COVERAGE_TASK_ID } from '.';

/*
 * Catalog coverage on PostgreSQL and SQLite, against the sandbox's GitHub
 * (read with a GitHub App's installation token, as in production): myorg
 * holds repositories the catalog describes (through each of the three
 * annotations), repositories it does not, an archived one, and CODEOWNERS
 * files in each of GitHub's three places.
 */

jest.setTimeout(120_000);

const databases = adoptionTestDatabases();

const CREATED = '2026-01-05T10:00:00.000Z';

function component(
  name: string,
  annotations: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
    spec: {},
  };
}

describe.each(databases.eachSupportedId())('catalog coverage (%s)', id => {
  let github: GitHubStandIn;
  let backend: AdoptionTestBackend;
  let web: string;

  const repo = (name: string): CoverageRepository => ({
    name,
    fullName: `myorg/${name}`,
    url: `${web}/myorg/${name}`,
    status: 'uncovered',
    owner: null,
    ownerRef: null,
    codeOwners: null,
    entityRefs: '',
    entities: 0,
    pushedAt: CREATED,
  });

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addOrg('myorg');
    const app = github.registerApp({ appId: 8101, installedOn: ['myorg'] });
    const seed = (
      name: string,
      files: Record<string, string>,
      archived = false,
    ) => github.addRepo('myorg', name, { files, archived, createdAt: CREATED });
    seed('order-service', {
      '.github/CODEOWNERS': '# owners\n* @myorg/order-squad\n',
    });
    seed('payment-service', {
      CODEOWNERS: '*   @myorg/Payments @carol\n/docs/ @myorg/writers\n',
    });
    seed('docs-site', { 'mkdocs.yml': 'site_name: Docs\n' });
    seed('legacy-billing', { 'docs/CODEOWNERS': '* @myorg/payments\n' });
    seed('scratch', { '.github/CODEOWNERS': '/docs/ @myorg/writers\n' });
    seed('old-monolith', { CODEOWNERS: '* @alice\n' }, true);
    web = `https://${github.host}`;

    backend = await startAdoptionTestBackend({
      databases,
      databaseId: id,
      config: {
        integrations: {
          github: [
            { host: github.host, apiBaseUrl: github.apiBaseUrl, apps: [app] },
          ],
        },
      },
      adoption: { coverage: { organization: 'myorg', host: github.host } },
      entities: [
        component('order-service', {
          'github.com/project-slug': 'myorg/order-service',
        }),
        component(
          'orders',
          { 'github.com/project-slug': 'MyOrg/Order-Service' },
          'API',
        ),
        component('payment-service', {
          'backstage.io/source-location': `url:${web}/myorg/Payment-Service/tree/main/`,
        }),
        component('docs-site', {
          'backstage.io/managed-by-location': `url:${web}/myorg/docs-site/blob/main/catalog-info.yaml`,
        }),
        component('old-monolith', {
          'github.com/project-slug': 'myorg/old-monolith',
        }),
        // a Location registers a file; it does not make its repository covered
        component(
          'generated-legacy-billing',
          {
            'backstage.io/managed-by-location': `url:${web}/myorg/legacy-billing/blob/main/catalog-info.yaml`,
          },
          'Location',
        ),
        // the same path on another host is another repository
        component('billing-mirror', {
          'backstage.io/source-location':
            'url:https://gitlab.example.com/myorg/legacy-billing/',
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  it('is empty before the first computation', async () => {
    expect(await backend.json('/v1/coverage', { as: PLATFORM })).toEqual({
      status: 200,
      body: {
        organization: 'myorg',
        host: github.host,
        computedAt: null,
        repositories: 0,
        covered: 0,
        uncovered: 0,
        archived: 0,
        ratio: null,
        byOwner: [],
        trend: [],
      },
    });
  });

  it('is for the platform team only', async () => {
    for (const [method, path] of [
      ['GET', '/v1/coverage'],
      ['GET', '/v1/coverage/repositories'],
      ['GET', '/v1/coverage/owners'],
      ['POST', '/v1/coverage/refresh'],
    ]) {
      const { status, body } = await backend.json(path, { method, as: USER });
      expect([path, status, body.error]).toEqual([
        path,
        403,
        { name: 'NotAllowedError', message: 'Not allowed: adoption.read' },
      ]);
    }
  });

  it('refreshing needs adoption.refresh besides adoption.read', async () => {
    expect(
      (await backend.json('/v1/coverage', { as: READER })).status,
    ).toBe(200);
    const { status, body } = await backend.json('/v1/coverage/refresh', {
      method: 'POST',
      as: READER,
    });
    expect([status, body.error]).toEqual([
      403,
      { name: 'NotAllowedError', message: 'Not allowed: adoption.refresh' },
    ]);
    expect(backend.triggered).toEqual([]);
  });

  it('refuses an unknown query parameter, naming it', async () => {
    for (const [method, path] of [
      ['GET', '/v1/coverage?days=7'],
      ['GET', '/v1/coverage/repositories?stauts=covered'],
      ['GET', '/v1/coverage/owners?format=csv&sort=owner'],
      ['POST', '/v1/coverage/refresh?wait=true'],
    ]) {
      const { status, body } = await backend.json(path, {
        method,
        as: PLATFORM,
      });
      const name = /[?&]([a-z]+)=[^&]*$/.exec(path)![1];
      expect([path, status, body.error.message]).toEqual([
        path,
        400,
        `Invalid query: Unrecognized key: "${name}"`,
      ]);
    }
    expect(backend.triggered).toEqual([]);
  });

  it('counts covered, uncovered and archived repositories, per owner', async () => {
    const before = Date.now();
    // the refresh runs the scheduled task (one replica at a time), not
    // the computation on the replica that got the request
    const refresh = await backend.json('/v1/coverage/refresh', {
      method: 'POST',
      as: PLATFORM,
    });
    expect(refresh).toEqual({
      status: 202,
      body: { triggered: true, computedAt: null },
    });
    expect(backend.triggered).toEqual([COVERAGE_TASK_ID]);
    await backend.settled();
    const [{ n }] = await backend
      .knex('adoption_coverage_snapshots')
      .count({ n: '*' });
    expect(Number(n)).toBe(1);

    const { status, body } = await backend.json('/v1/coverage', {
      as: PLATFORM,
    });
    expect(status).toBe(200);
    expect(Date.parse(body.computedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(body).toEqual({
      organization: 'myorg',
      host: github.host,
      computedAt: body.computedAt,
      repositories: 6,
      covered: 3,
      uncovered: 2,
      archived: 1,
      ratio: 0.6,
      byOwner: [
        {
          // @myorg/Payments and @myorg/payments: one owner, as first seen
          owner: '@myorg/payments',
          ownerRef: 'group:default/payments',
          repositories: 2,
          covered: 1,
          uncovered: 1,
          archived: 0,
        },
        {
          owner: '@alice',
          ownerRef: 'user:default/alice',
          repositories: 1,
          covered: 0,
          uncovered: 0,
          archived: 1,
        },
        {
          owner: '@myorg/order-squad',
          ownerRef: 'group:default/order-squad',
          repositories: 1,
          covered: 1,
          uncovered: 0,
          archived: 0,
        },
        {
          owner: null,
          ownerRef: null,
          repositories: 2,
          covered: 1,
          uncovered: 1,
          archived: 0,
        },
      ],
      trend: [
        {
          at: body.computedAt,
          repositories: 6,
          covered: 3,
          uncovered: 2,
          archived: 1,
        },
      ],
    });

    const all = await backend.json('/v1/coverage/repositories', {
      as: PLATFORM,
    });
    expect(all.body.items).toEqual([
      { ...repo('docs-site'), status: 'covered', entityRefs: 'component:default/docs-site', entities: 1 },
      {
        ...repo('legacy-billing'),
        owner: '@myorg/payments',
        ownerRef: 'group:default/payments',
        codeOwners: '@myorg/payments',
      },
      {
        ...repo('old-monolith'),
        status: 'archived',
        owner: '@alice',
        ownerRef: 'user:default/alice',
        codeOwners: '@alice',
        entityRefs: 'component:default/old-monolith',
        entities: 1,
      },
      {
        ...repo('order-service'),
        status: 'covered',
        owner: '@myorg/order-squad',
        ownerRef: 'group:default/order-squad',
        codeOwners: '@myorg/order-squad',
        entityRefs: 'api:default/orders component:default/order-service',
        entities: 2,
      },
      {
        ...repo('payment-service'),
        status: 'covered',
        owner: '@myorg/Payments',
        ownerRef: 'group:default/payments',
        codeOwners: '@myorg/Payments @carol',
        entityRefs: 'component:default/payment-service',
        entities: 1,
      },
      repo('scratch'),
    ]);

    const uncovered = await backend.json(
      '/v1/coverage/repositories?status=uncovered',
      { as: PLATFORM },
    );
    expect(
      uncovered.body.items.map((r: CoverageRepository) => r.name),
    ).toEqual(['legacy-billing', 'scratch']);
  });

  it('exports the tables as CSV (owners defused for spreadsheets)', async () => {
    const res = await backend.api(
      '/v1/coverage/repositories?status=uncovered&format=csv',
      { as: PLATFORM },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="coverage-repositories-uncovered.csv"',
    );
    expect(await res.text()).toBe(
      [
        'fullName,name,url,status,owner,ownerRef,codeOwners,entityRefs,entities,pushedAt',
        `myorg/legacy-billing,legacy-billing,${web}/myorg/legacy-billing,uncovered,'@myorg/payments,group:default/payments,'@myorg/payments,,0,${CREATED}`,
        `myorg/scratch,scratch,${web}/myorg/scratch,uncovered,,,,,0,${CREATED}`,
      ].join('\r\n'),
    );
    const owners = await backend.api('/v1/coverage/owners?format=csv', {
      as: PLATFORM,
    });
    expect(await owners.text()).toBe(
      [
        'owner,ownerRef,repositories,covered,uncovered,archived',
        "'@myorg/payments,group:default/payments,2,1,1,0",
        "'@alice,user:default/alice,1,0,0,1",
        "'@myorg/order-squad,group:default/order-squad,1,1,0,0",
        ',,2,1,1,0',
      ].join('\r\n'),
    );
  });

  it("answers the latest computation's repositories only", async () => {
    // an earlier computation whose repositories were saved concurrently
    // (say by another replica) and never deleted
    const [older] = await backend
      .knex('adoption_coverage_snapshots')
      .insert({
        computed_at: new Date(Date.now() - 60 * 60 * 1000),
        organization: 'myorg',
        host: github.host,
        repositories: 1,
        covered: 0,
        uncovered: 1,
        archived: 0,
      })
      .returning('id');
    await backend.knex('adoption_coverage_repositories').insert({
      snapshot_id: typeof older === 'object' ? older.id : older,
      full_name: 'myorg/deleted-long-ago',
      name: 'deleted-long-ago',
      url: `${web}/myorg/deleted-long-ago`,
      status: 'uncovered',
      owner: '@myorg/ghosts',
      owner_ref: 'group:default/ghosts',
      code_owners: '@myorg/ghosts',
      entity_refs: '',
      entities: 0,
      pushed_at: null,
    });

    const uncovered = await backend.json(
      '/v1/coverage/repositories?status=uncovered',
      { as: PLATFORM },
    );
    expect(
      uncovered.body.items.map((r: CoverageRepository) => r.name),
    ).toEqual(['legacy-billing', 'scratch']);
    const owners = await backend.json('/v1/coverage/owners', { as: PLATFORM });
    expect(
      owners.body.items.map((o: { owner: string | null }) => o.owner),
    ).toEqual(['@myorg/payments', '@alice', '@myorg/order-squad', null]);
    await backend
      .knex('adoption_coverage_snapshots')
      .where('computed_at', '<', new Date(Date.now() - 30 * 60 * 1000))
      .delete();
  });

  it('a refresh asked for while a computation runs is answered by that one', async () => {
    // the computation waits in its catalog read until the refresh answered
    let release!: () => void;
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const stream = backend.catalog.streamEntities.bind(backend.catalog);
    const held = jest
      .spyOn(backend.catalog, 'streamEntities')
      .mockImplementation(async function* waitForTheRefresh(...args) {
        await gate;
        yield* stream(...args);
      });
    const run = backend.runTask(COVERAGE_TASK_ID);
    const refresh = await backend.json('/v1/coverage/refresh', {
      method: 'POST',
      as: PLATFORM,
    });
    release();
    await run;
    held.mockRestore();
    const latest = await backend.json('/v1/coverage', { as: PLATFORM });
    expect(refresh.status).toBe(202);
    expect(refresh.body.triggered).toBe(false);
    expect(Date.parse(refresh.body.computedAt)).toBeLessThan(
      Date.parse(latest.body.computedAt),
    );
  });

  it('refuses an unknown status, naming the field', async () => {
    const { status, body } = await backend.json(
      '/v1/coverage/repositories?status=lost',
      { as: PLATFORM },
    );
    expect(status).toBe(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toMatch(/^Invalid query: status: /);
  });

  it('the scheduled task recomputes; the trend keeps the last computation of each day', async () => {
    // GitHub and the catalog change: scratch is archived, docs-site's
    // entity is gone, and a repository is added
    github.findRepo('myorg', 'scratch')!.archived = true;
    await backend.catalog.removeEntityByUid('uid-docs-site');
    github.addRepo('myorg', 'new-tool', { createdAt: CREATED });
    await backend.runTask(COVERAGE_TASK_ID);

    // an earlier day's computation, as the trend keeps it
    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS);
    await backend.knex('adoption_coverage_snapshots').insert({
      computed_at: twoDaysAgo,
      organization: 'myorg',
      host: github.host,
      repositories: 4,
      covered: 1,
      uncovered: 3,
      archived: 0,
    });

    const { body } = await backend.json('/v1/coverage', { as: PLATFORM });
    expect({
      repositories: body.repositories,
      covered: body.covered,
      uncovered: body.uncovered,
      archived: body.archived,
      ratio: body.ratio,
    }).toEqual({
      repositories: 7,
      covered: 2,
      uncovered: 3,
      archived: 2,
      ratio: 0.4,
    });
    expect(body.trend).toEqual([
      {
        at: twoDaysAgo.toISOString(),
        repositories: 4,
        covered: 1,
        uncovered: 3,
        archived: 0,
      },
      {
        at: body.computedAt,
        repositories: 7,
        covered: 2,
        uncovered: 3,
        archived: 2,
      },
    ]);
    const uncovered = await backend.json(
      '/v1/coverage/repositories?status=uncovered',
      { as: PLATFORM },
    );
    expect(
      uncovered.body.items.map((r: CoverageRepository) => r.name),
    ).toEqual(['docs-site', 'legacy-billing', 'new-tool']);
  });
});

describe.each(databases.eachSupportedId())(
  'catalog coverage, not configured (%s)',
  id => {
    it('answers 404 saying what to set', async () => {
      const backend = await startAdoptionTestBackend({
        databases,
        databaseId: id,
      });
      try {
        const { status, body } = await backend.json('/v1/coverage', {
          as: PLATFORM,
        });
        expect([status, body.error]).toEqual([
          404,
          {
            name: 'NotFoundError',
            message:
              'Catalog coverage is not configured: set adoption.coverage.organization',
          },
        ]);
        expect(backend.tasks.has(COVERAGE_TASK_ID)).toBe(false);
      } finally {
        await backend.stop();
      }
    });
  },
);
