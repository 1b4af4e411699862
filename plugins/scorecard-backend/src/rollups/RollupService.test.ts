import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CheckStatus } from '@internal/backstage-plugin-scorecard-common';
import type { Knex } from 'knex';
import type { ScorecardSettings } from '../config/readScorecardConfig';
import { ScorecardStore } from '../database/ScorecardStore';
import { lastOfEachDay, RollupService } from './RollupService';
import { RollupStore } from './RollupStore';

/*
 * The roll-ups' SQL and arithmetic on SQLite, over scores stored by the
 * plugin's own store (PostgreSQL too: rollups.integration.test.ts).
 */

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const CHECKS = ['has-owner', 'pagerduty-service', 'techdocs'];
const settings = {
  checks: CHECKS.map(id => ({ id, title: `${id} title` })),
  levels: [
    { name: 'Bronze', checks: ['has-owner'] },
    { name: 'Silver', checks: ['pagerduty-service'] },
    { name: 'Gold', checks: ['techdocs'] },
  ],
} as unknown as ScorecardSettings;

const S = { p: 'passed', f: 'failed', u: 'unknown' } as const;

/** an entity's placement and its results (p/f/u per check, in CHECKS order) */
const scored = (
  entityRef: string,
  where: { system?: string; domain?: string; owner?: string },
  statuses: string,
) => ({
  entityRef,
  kind: entityRef.split(':')[0],
  owner: where.owner ?? null,
  system: where.system ?? null,
  domain: where.domain ?? null,
  type: null,
  lifecycle: null,
  tags: [],
  etag: 'e1',
  results: [...statuses].map((s, i) => ({
    checkId: CHECKS[i],
    status: S[s as keyof typeof S] as CheckStatus,
    detail: s,
  })),
});

const SHOP = 'system:default/shop';
const PAY = 'system:default/pay';
const COMMERCE = 'domain:default/commerce';
const TEAM_A = 'group:default/team-a';
const TEAM_A_SUB = 'group:default/team-a-sub';
const TEAM_B = 'group:default/team-b';

const EVALUATIONS = [
  scored(SHOP, { domain: COMMERCE, owner: TEAM_A }, 'pff'), // 1/3 Bronze
  scored(PAY, { domain: COMMERCE, owner: TEAM_B }, 'ppp'), // 3/3 Gold
  scored('component:default/c1', { system: SHOP, owner: TEAM_A }, 'ppf'), // 2/3 Silver
  // techdocs exempt: 1/2 Bronze
  scored('component:default/c2', { system: SHOP, owner: TEAM_A_SUB }, 'pff'),
  scored('api:default/a1', { system: SHOP }, 'fuf'), // 0/3 none
  scored('component:default/c3', { system: PAY, owner: TEAM_B }, 'ppp'), // 3/3 Gold
  scored('component:default/other', { owner: TEAM_A }, 'pff'), // 1/3 Bronze
];

const group = (name: string, children: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children },
});
const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});
const GROUPS = [
  group('team-a', ['team-a-sub']),
  group('team-a-sub'),
  group('team-b'),
  group('team-empty'),
];

const DAY1 = new Date('2026-12-01T10:00:00Z');
const credentials = mockCredentials.service();

describe('RollupService', () => {
  let knex: Knex;
  let store: RollupStore;
  let now: Date;
  let service: RollupService;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    const scores = await ScorecardStore.create({
      database: { getClient: async () => knex } as any,
    });
    await scores.putExemption({
      entityRef: 'component:default/c2',
      checkId: 'techdocs',
      reason: 'r',
      author: 'user:default/alice',
      createdAt: DAY1,
      expiresAt: new Date(DAY1.getTime() + 30 * 86400_000),
    });
    await scores.saveEvaluations(EVALUATIONS, {
      levels: settings.levels,
      dimensions: new Map(CHECKS.map(id => [id, 'ownership'])),
      now: DAY1,
    });
    store = new RollupStore(knex);
    service = new RollupService({
      store,
      catalog: catalogServiceMock({ entities: GROUPS }),
      settings,
      now: () => now,
    });
  });

  beforeEach(() => {
    now = DAY1;
  });

  it("rolls a System up over its entities: exempt and unknown results don't fail", async () => {
    expect(
      await service.rollupOf(entity('System', 'Shop'), credentials),
    ).toEqual({
      entities: 3,
      passed: 3,
      total: 8,
      levels: { Bronze: 1, Silver: 1, Gold: 0, none: 1 },
      failingChecks: [
        { checkId: 'techdocs', title: 'techdocs title', failing: 2 },
        { checkId: 'has-owner', title: 'has-owner title', failing: 1 },
        {
          checkId: 'pagerduty-service',
          title: 'pagerduty-service title',
          failing: 1,
        },
      ],
      children: [
        {
          entityRef: 'api:default/a1',
          kind: 'api',
          passed: 0,
          total: 3,
          level: null,
        },
        {
          entityRef: 'component:default/c1',
          kind: 'component',
          passed: 2,
          total: 3,
          level: 'Silver',
        },
        {
          entityRef: 'component:default/c2',
          kind: 'component',
          passed: 1,
          total: 2,
          level: 'Bronze',
        },
      ],
      childCount: 3,
      history: [],
    });
  });

  it('rolls a Domain up over its systems and theirs; each system with its own roll-up', async () => {
    const rollup = await service.rollupOf(
      entity('Domain', 'commerce'),
      credentials,
    );
    expect(rollup).toMatchObject({
      entities: 6,
      passed: 10,
      total: 17,
      levels: { Bronze: 2, Silver: 1, Gold: 2, none: 1 },
      childCount: 2,
    });
    expect(rollup!.failingChecks.map(f => [f.checkId, f.failing])).toEqual([
      ['techdocs', 3],
      ['pagerduty-service', 2],
      ['has-owner', 1],
    ]);
    expect(rollup!.children).toEqual([
      {
        entityRef: PAY,
        kind: 'system',
        passed: 3,
        total: 3,
        level: 'Gold',
      },
      {
        entityRef: SHOP,
        kind: 'system',
        passed: 3,
        total: 8,
        level: 'Bronze',
      },
    ]);
  });

  it('rolls a Group up over what it and its sub-groups own', async () => {
    const rollup = await service.rollupOf(GROUPS[0], credentials);
    expect(rollup).toMatchObject({
      entities: 4,
      passed: 5,
      total: 11,
      levels: { Bronze: 3, Silver: 1, Gold: 0, none: 0 },
      childCount: 4,
    });
    expect(rollup!.failingChecks.map(f => [f.checkId, f.failing])).toEqual([
      ['pagerduty-service', 3],
      ['techdocs', 3],
    ]);
    expect(rollup!.children.map(c => c.entityRef)).toEqual([
      'component:default/c1',
      'component:default/c2',
      'component:default/other',
      SHOP,
    ]);
    const empty = await service.rollupOf(GROUPS[3], credentials);
    expect(empty).toEqual({
      entities: 0,
      passed: 0,
      total: 0,
      levels: { Bronze: 0, Silver: 0, Gold: 0, none: 0 },
      failingChecks: [],
      children: [],
      childCount: 0,
      history: [],
    });
  });

  it('has no roll-up for other kinds', async () => {
    expect(
      await service.rollupOf(entity('Component', 'c1'), credentials),
    ).toBeUndefined();
  });

  it('adds a large owner set up 500 owners at a time', async () => {
    const owners = [
      ...Array.from({ length: 700 }, (_, i) => `group:default/x${i}`),
      TEAM_B,
    ];
    owners.splice(250, 0, TEAM_A);
    expect(await store.summary({ owners })).toEqual({
      entities: 5,
      passed: 10,
      total: 15,
      levels: new Map([
        ['Bronze', 2],
        ['Gold', 2],
        ['Silver', 1],
      ]),
      bySystem: new Map([
        [SHOP, { entities: 1, passed: 2, total: 3 }],
        [PAY, { entities: 1, passed: 3, total: 3 }],
      ]),
    });
    expect((await store.entities({ owners }, 3)).map(c => c.entityRef)).toEqual(
      [
        'component:default/c1',
        'component:default/c3',
        'component:default/other',
      ],
    );
    expect(await store.failingChecks({ owners })).toEqual([
      { checkId: 'techdocs', failing: 3 },
      { checkId: 'pagerduty-service', failing: 2 },
    ]);
  });

  it('snapshots every System, Domain and Group with entities; history is the last of each day', async () => {
    const taken = async (at: string) => {
      now = new Date(at);
      return service.snapshot(now, credentials);
    };
    expect(await taken('2026-12-01T10:00:00Z')).toBe(6);
    const rows = await knex('scorecard_rollup_snapshots')
      .orderBy('entity_ref')
      .select('entity_ref', 'entities', 'passed', 'total');
    expect(rows).toEqual([
      { entity_ref: COMMERCE, entities: 6, passed: 10, total: 17 },
      { entity_ref: TEAM_A, entities: 4, passed: 5, total: 11 },
      { entity_ref: TEAM_A_SUB, entities: 1, passed: 1, total: 2 },
      { entity_ref: TEAM_B, entities: 2, passed: 6, total: 6 },
      { entity_ref: PAY, entities: 1, passed: 3, total: 3 },
      { entity_ref: SHOP, entities: 3, passed: 3, total: 8 },
    ]);

    await knex('scorecard_entities')
      .where('entity_ref', 'component:default/c1')
      .update({ passed: 3 });
    await taken('2026-12-01T12:00:00Z');
    await knex('scorecard_entities')
      .where('entity_ref', 'api:default/a1')
      .update({ passed: 1 });
    await taken('2026-12-02T09:00:00Z');
    const history = async (ref: string) =>
      (await service.rollupOf(entity('System', ref), credentials))!.history;
    expect(await history('shop')).toEqual([
      { timestamp: '2026-12-01T12:00:00.000Z', passed: 4, total: 8 },
      { timestamp: '2026-12-02T09:00:00.000Z', passed: 5, total: 8 },
    ]);

    // 90 days on, the first day's snapshots are dropped
    await taken('2027-03-01T13:00:00Z');
    expect(await history('shop')).toEqual([
      { timestamp: '2026-12-02T09:00:00.000Z', passed: 5, total: 8 },
      { timestamp: '2027-03-01T13:00:00.000Z', passed: 5, total: 8 },
    ]);
    expect(
      await knex('scorecard_rollup_snapshots')
        .where('entity_ref', SHOP)
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 2 });
  });
});

describe('lastOfEachDay', () => {
  it('keeps the last point of each UTC day', () => {
    const p = (iso: string, passed: number) => ({
      timestamp: new Date(iso),
      passed,
    });
    expect(
      lastOfEachDay([
        p('2026-12-01T00:00:00Z', 1),
        p('2026-12-01T23:59:59Z', 2),
        p('2026-12-02T00:00:00Z', 3),
        p('2026-12-04T08:00:00Z', 4),
      ]).map(x => x.passed),
    ).toEqual([2, 3, 4]);
  });
});
