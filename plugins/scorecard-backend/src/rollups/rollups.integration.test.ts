import type { Entity } from '@backstage/catalog-model';
import {
  entity,
  poll,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from '../__testUtils__/scorecardTestBackend';

/*
 * Roll-ups over HTTP, on PostgreSQL and SQLite: a domain with two systems,
 * their components, APIs and resources; groups with a sub-group (by
 * spec.children and by a parentOf relation) and a cycle. The checks are
 * BASIC_CHECKS: has-owner (Bronze), pagerduty-service (Silver), techdocs
 * (Gold).
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const PD = { 'pagerduty.com/service-id': 'P1' };
const DOCS = { 'backstage.io/techdocs-ref': 'dir:.' };
const OMS = 'order-management-system';

/** fresh objects for each database: a test changes one in the catalog */
const catalogEntities = (): Entity[] => [
  entity('Domain', 'commerce', { owner: 'group:engineering' }),
  // 2/3 Silver
  entity(
    'System',
    OMS,
    { domain: 'commerce', owner: 'group:order-squad' },
    { annotations: PD },
  ),
  // 1/3 Bronze
  entity('System', 'payments-system', {
    domain: 'commerce',
    owner: 'payments-squad',
  }),
  // 3/3 Gold
  entity(
    'Component',
    'order-service',
    { type: 'service', system: OMS, owner: 'order-squad' },
    { annotations: { ...PD, ...DOCS } },
  ),
  // 1/3 Bronze
  entity('Component', 'order-worker', {
    type: 'service',
    system: OMS,
    owner: 'group:default/order-squad',
  }),
  // 2/3 Bronze
  entity(
    'API',
    'orders-api',
    { type: 'openapi', system: `system:default/${OMS}`, owner: 'order-squad' },
    { annotations: DOCS },
  ),
  // 0/3, no level
  entity('Resource', 'orders-db', { type: 'database', system: OMS }),
  // 2/3 Silver
  entity(
    'Component',
    'payment-service',
    { type: 'service', system: 'payments-system', owner: 'payments-squad' },
    { annotations: PD },
  ),
  // 1/3 Bronze, in no system
  entity('Component', 'lonely', { type: 'library', owner: 'platform' }),
  {
    ...entity('Group', 'engineering', {
      type: 'department',
      children: ['order-squad'],
    }),
    relations: [
      { type: 'parentOf', targetRef: 'group:default/payments-squad' },
    ],
  },
  entity('Group', 'order-squad', { type: 'team', children: [] }),
  // a sub-group of engineering by relation; its children loop back
  entity('Group', 'payments-squad', {
    type: 'team',
    children: ['engineering'],
  }),
  entity('Group', 'platform', { type: 'team', children: [] }),
];

const TITLES: Record<string, string> = {
  'has-owner': 'Has owner group defined',
  'pagerduty-service': 'Has PagerDuty service',
  techdocs: 'TechDocs configured',
};
const failing = (...pairs: [string, number][]) =>
  pairs.map(([checkId, n]) => ({
    checkId,
    title: TITLES[checkId],
    failing: n,
  }));

describe.each(databases.eachSupportedId())('roll-ups on %s', databaseId => {
  let backend: ScorecardTestBackend;

  beforeAll(async () => {
    backend = await startScorecardTestBackend({
      databases,
      databaseId,
      entities: catalogEntities(),
    });
    // the startup run has scored everything and taken the snapshots
    await poll(
      () => backend.json(`/v1/entities/system/default/${OMS}`),
      r => r.body.rollup?.history.length === 1,
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers a System with its own scorecard and its components, APIs and resources', async () => {
    const { status, body } = await backend.json(
      `/v1/entities/system/default/${OMS}`,
    );
    expect(status).toBe(200);
    expect(body.entityRef).toBe(`system:default/${OMS}`);
    expect(body.score).toEqual({ passed: 2, total: 3 });
    expect(body.level).toBe('Silver');
    const { history, ...rollup } = body.rollup;
    expect(rollup).toEqual({
      entities: 4,
      passed: 6,
      total: 12,
      levels: { Bronze: 2, Silver: 0, Gold: 1, none: 1 },
      failingChecks: failing(
        ['pagerduty-service', 3],
        ['techdocs', 2],
        ['has-owner', 1],
      ),
      children: [
        {
          entityRef: 'api:default/orders-api',
          kind: 'API',
          passed: 2,
          total: 3,
          level: 'Bronze',
        },
        {
          entityRef: 'component:default/order-service',
          kind: 'Component',
          passed: 3,
          total: 3,
          level: 'Gold',
        },
        {
          entityRef: 'component:default/order-worker',
          kind: 'Component',
          passed: 1,
          total: 3,
          level: 'Bronze',
        },
        {
          entityRef: 'resource:default/orders-db',
          kind: 'Resource',
          passed: 0,
          total: 3,
          level: null,
        },
      ],
      childCount: 4,
    });
    expect(history).toEqual([
      { timestamp: expect.any(String), passed: 6, total: 12 },
    ]);
    expect(Date.now() - Date.parse(history[0].timestamp)).toBeLessThan(120_000);
  });

  it('answers a Domain (not scored itself) with its systems and theirs, each system rolled up', async () => {
    const { status, body } = await backend.json(
      '/v1/entities/domain/default/commerce',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      entityRef: 'domain:default/commerce',
      score: { passed: 0, total: 0 },
      level: null,
      checks: [],
      evaluatedAt: null,
    });
    expect(body.rollup).toEqual({
      entities: 7,
      passed: 11,
      total: 21,
      levels: { Bronze: 3, Silver: 2, Gold: 1, none: 1 },
      failingChecks: failing(
        ['techdocs', 5],
        ['pagerduty-service', 4],
        ['has-owner', 1],
      ),
      children: [
        {
          entityRef: `system:default/${OMS}`,
          kind: 'System',
          passed: 6,
          total: 12,
          level: 'Silver',
        },
        {
          entityRef: 'system:default/payments-system',
          kind: 'System',
          passed: 2,
          total: 3,
          level: 'Bronze',
        },
      ],
      childCount: 2,
      history: [{ timestamp: expect.any(String), passed: 11, total: 21 }],
    });
  });

  it('answers a Group with what it and its sub-groups own, through spec.children, parentOf and a cycle', async () => {
    const engineering = await backend.json(
      '/v1/entities/group/default/engineering',
    );
    expect(engineering.status).toBe(200);
    expect(engineering.body.score).toEqual({ passed: 0, total: 0 });
    const { children, ...rollup } = engineering.body.rollup;
    expect(rollup).toEqual({
      entities: 6,
      passed: 11,
      total: 18,
      levels: { Bronze: 3, Silver: 2, Gold: 1, none: 0 },
      failingChecks: failing(['techdocs', 4], ['pagerduty-service', 3]),
      childCount: 6,
      history: [{ timestamp: expect.any(String), passed: 11, total: 18 }],
    });
    expect(children.map((c: any) => [c.entityRef, c.level])).toEqual([
      ['api:default/orders-api', 'Bronze'],
      ['component:default/order-service', 'Gold'],
      ['component:default/order-worker', 'Bronze'],
      ['component:default/payment-service', 'Silver'],
      [`system:default/${OMS}`, 'Silver'],
      ['system:default/payments-system', 'Bronze'],
    ]);

    const totals = async (name: string) => {
      const { body } = await backend.json(`/v1/entities/group/default/${name}`);
      return [body.rollup.entities, body.rollup.passed, body.rollup.total];
    };
    expect(await totals('order-squad')).toEqual([4, 8, 12]);
    // payments-squad's children loop back to engineering: all of it
    expect(await totals('payments-squad')).toEqual([6, 11, 18]);
    expect(await totals('platform')).toEqual([1, 1, 3]);
  });

  it('has no roll-up for a Component, and 404s what the catalog does not have', async () => {
    const component = await backend.json(
      '/v1/entities/component/default/order-service',
    );
    expect(component.status).toBe(200);
    expect(component.body.rollup).toBeUndefined();
    const missing = await backend.json('/v1/entities/group/default/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No entity group:default/nope in the catalog',
    );
  });

  it('follows changes live and snapshots them after each full evaluation', async () => {
    const [worker] = (
      await backend.catalog.getEntitiesByRefs({
        entityRefs: ['component:default/order-worker'],
      })
    ).items as Entity[];
    worker.metadata.annotations = { ...PD };
    worker.metadata.etag = 'etag-order-worker-2';
    const live = await poll(
      () => backend.json(`/v1/entities/system/default/${OMS}`),
      r => r.body.rollup.passed === 7,
    );
    expect(live.body.rollup.levels).toEqual({
      Bronze: 1,
      Silver: 1,
      Gold: 1,
      none: 1,
    });
    // change detection re-scores, only a full run snapshots
    expect(live.body.rollup.history.map((h: any) => h.passed)).toEqual([6]);

    const started = await backend.api('/v1/evaluate', {
      method: 'POST',
      body: '{}',
    });
    expect(started.status).toBe(202);
    const after = await poll(
      () => backend.json('/v1/entities/domain/default/commerce'),
      r => r.body.rollup.history.at(-1)?.passed === 12,
    );
    // one point per day: the day's last snapshot
    expect(after.body.rollup.history).toEqual([
      { timestamp: expect.any(String), passed: 12, total: 21 },
    ]);
  });

  it('leaves exempt results out of the totals and the failing checks', async () => {
    const created = await backend.api('/v1/exemptions', {
      method: 'POST',
      body: JSON.stringify({
        entityRef: 'resource:default/orders-db',
        checkId: 'techdocs',
        reason: 'a database has no docs of its own',
        expiresAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const { body } = await backend.json(`/v1/entities/system/default/${OMS}`);
    // order-worker passes pagerduty-service since the previous test
    expect(body.rollup).toMatchObject({
      entities: 4,
      passed: 7,
      total: 11,
      failingChecks: failing(
        ['pagerduty-service', 2],
        ['has-owner', 1],
        ['techdocs', 1],
      ),
    });
  });
});
