import { TestDatabases } from '@backstage/backend-test-utils';
import {
  campaignStores,
  definition,
  evaluation,
  saveEvaluations,
} from './__testUtils__/campaignFixtures';
import type { CampaignStore } from './CampaignStore';

/*
 * The store on PostgreSQL and SQLite, over entities the scorecard store
 * saved: which entities a scope matches (every field given, any value of a
 * field), the results it returns, and the campaigns' rows: a second insert
 * of an id refused, archived once, reopened, deleted with the burn-down.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const ORDERS = 'group:default/order-squad';
const PAYMENTS = 'group:default/payments-squad';
const NOW = new Date('2026-12-07T10:00:00Z');

describe.each(databases.eachSupportedId())('CampaignStore on %s', id => {
  let store: CampaignStore;

  beforeAll(async () => {
    const knex = await databases.init(id);
    const stores = await campaignStores(knex);
    store = stores.campaigns;
    await stores.scorecard.putExemption({
      entityRef: 'component:default/pay-service',
      checkId: 'image-signed',
      reason: 'signing lands in January',
      author: 'user:default/frank',
      createdAt: NOW,
      expiresAt: new Date('2027-01-31T00:00:00Z'),
    });
    await saveEvaluations(
      stores.scorecard,
      [
        evaluation(
          'component:default/order-service',
          {
            owner: ORDERS,
            system: 'system:default/orders',
            type: 'service',
            lifecycle: 'production',
            tags: ['java', 'payments'],
          },
          {
            'vulnerability-scanning': 'failed',
            'image-signed': 'passed',
            techdocs: 'passed',
          },
        ),
        evaluation(
          'component:default/order-web',
          {
            owner: ORDERS,
            system: 'system:default/orders',
            type: 'website',
            lifecycle: 'experimental',
            tags: ['react'],
          },
          { 'image-signed': 'unknown' },
        ),
        evaluation(
          'component:default/pay-service',
          {
            owner: PAYMENTS,
            system: 'system:default/payments',
            type: 'service',
            lifecycle: 'production',
            tags: ['pay'],
          },
          { 'vulnerability-scanning': 'passed', 'image-signed': 'failed' },
        ),
        // no campaign check applies to it
        evaluation(
          'api:default/orders-api',
          { kind: 'API', owner: ORDERS, system: 'system:default/orders' },
          { techdocs: 'failed' },
        ),
        evaluation(
          'resource:default/orders-db',
          { kind: 'Resource', type: 'database' },
          { 'image-signed': 'failed' },
        ),
      ],
      NOW,
    );
  });

  const matched = async (scope: object) =>
    [
      ...new Set(
        (await store.campaignChecks(definition({ scope }))).map(
          r => r.entityRef,
        ),
      ),
    ].sort();

  it.each([
    [
      'no scope: every entity with a campaign check',
      {},
      [
        'component:default/order-service',
        'component:default/order-web',
        'component:default/pay-service',
        'resource:default/orders-db',
      ],
    ],
    [
      'a kind, whatever its case',
      { kind: ['Component'] },
      [
        'component:default/order-service',
        'component:default/order-web',
        'component:default/pay-service',
      ],
    ],
    [
      'an owner, written as people write refs',
      { owner: ['Group:default/Payments-Squad'] },
      ['component:default/pay-service'],
    ],
    [
      'a system',
      { system: ['system:orders'] },
      ['component:default/order-service', 'component:default/order-web'],
    ],
    [
      'any of the types',
      { type: ['service', 'Website'] },
      [
        'component:default/order-service',
        'component:default/order-web',
        'component:default/pay-service',
      ],
    ],
    [
      'a lifecycle',
      { lifecycle: ['production'] },
      ['component:default/order-service', 'component:default/pay-service'],
    ],
    [
      'a whole tag, not a prefix of another',
      { tag: ['pay'] },
      ['component:default/pay-service'],
    ],
    [
      'any of the tags',
      { tag: ['java', 'react'] },
      ['component:default/order-service', 'component:default/order-web'],
    ],
    [
      'every field given',
      { owner: [ORDERS], type: ['service'], tag: ['java'] },
      ['component:default/order-service'],
    ],
    [
      'nothing when fields exclude each other',
      { owner: [PAYMENTS], system: ['system:orders'] },
      [],
    ],
  ])('matches %s', async (_what, scope, refs) => {
    expect(await matched(scope)).toEqual(refs);
  });

  it("returns an entity's campaign checks with status and exemption", async () => {
    const rows = await store.campaignChecks(
      definition({ checks: ['image-signed', 'vulnerability-scanning'] }),
      'component:default/pay-service',
    );
    expect(rows.sort((a, b) => a.checkId.localeCompare(b.checkId))).toEqual([
      {
        entityRef: 'component:default/pay-service',
        owner: PAYMENTS,
        checkId: 'image-signed',
        status: 'failed',
        exempt: true,
      },
      {
        entityRef: 'component:default/pay-service',
        owner: PAYMENTS,
        checkId: 'vulnerability-scanning',
        status: 'passed',
        exempt: false,
      },
    ]);
  });

  it('keeps campaigns: one per id, archived once, reopened, deleted with their snapshots', async () => {
    const c = definition({ id: 'store-test' });
    const options = { source: 'api' as const, createdBy: 'user:default/frank' };
    expect(await store.insert(c, { ...options, now: NOW })).toBe(true);
    expect(
      await store.insert({ ...c, title: 'Again' }, { ...options, now: NOW }),
    ).toBe(false);
    expect(await store.get('store-test')).toEqual({
      definition: c,
      source: 'api',
      createdBy: 'user:default/frank',
      createdAt: NOW,
      updatedAt: NOW,
      archivedAt: null,
      final: null,
    });

    const later = new Date('2027-04-01T00:00:00Z');
    const final = {
      progress: { entities: 1, done: 0 },
      teams: [{ owner: ORDERS, entities: 1, done: 0 }],
      entities: [
        {
          entityRef: 'component:default/order-web',
          owner: ORDERS,
          done: false,
          remaining: ['image-signed'],
        },
      ],
    };
    const snapshots = [{ owner: ORDERS, entities: 1, done: 0 }];
    expect(
      await store.archive('store-test', { now: later, final, snapshots }),
    ).toBe(true);
    // another replica, a moment later
    expect(
      await store.archive('store-test', { now: later, final, snapshots }),
    ).toBe(false);
    expect(await store.get('store-test')).toMatchObject({
      archivedAt: later,
      final,
    });
    expect(await store.snapshots('store-test')).toEqual([
      { takenAt: later, owner: ORDERS, entities: 1, done: 0 },
    ]);

    await store.update(
      { ...c, targetDate: '2027-06-30' },
      { now: later, reopen: true },
    );
    expect(await store.get('store-test')).toMatchObject({
      definition: { targetDate: '2027-06-30' },
      archivedAt: null,
      final: null,
      updatedAt: later,
    });

    expect(await store.delete('store-test')).toBe(true);
    expect(await store.delete('store-test')).toBe(false);
    expect(await store.get('store-test')).toBeUndefined();
    expect(await store.snapshots('store-test')).toEqual([]);
  });
});
