import type { Knex } from 'knex';
import { PushedResultsStore } from '../pushedResults/PushedResultsStore';
import { scorecardTestDatabases } from '../__testUtils__/scorecardTestBackend';
import { ScorecardStore, type Evaluation } from './ScorecardStore';

/*
 * ScorecardStore, on PostgreSQL and SQLite: an entity that left the
 * catalog loses its stored results and the results CI pushed for it (other
 * entities keep theirs); every write that changes what an entity's
 * scorecard answers invalidates that entity's cached scorecard, once the
 * write is stored.
 */

jest.setTimeout(60_000);

const databases = scorecardTestDatabases();

const now = new Date('2026-12-07T12:00:00Z');

const evaluation = (name: string): Evaluation => ({
  entityRef: `component:default/${name}`,
  kind: 'component',
  owner: 'group:default/order-squad',
  system: null,
  domain: null,
  type: 'service',
  lifecycle: 'production',
  tags: [],
  etag: `etag-${name}`,
  results: [
    { checkId: 'has-owner', status: 'passed', detail: 'owned' },
    { checkId: 'test-coverage', status: 'failed', detail: 'coverage 61 %' },
  ],
});

describe.each(databases.eachSupportedId())('ScorecardStore on %s', id => {
  let knex: Knex;
  let store: ScorecardStore;
  let pushed: PushedResultsStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    store = await ScorecardStore.create({
      database: { getClient: async () => knex },
    });
    pushed = new PushedResultsStore(knex);
  });

  /** [entity ref, rows] of a table */
  const rows = async (table: string) => {
    const counts = (await knex(table)
      .select('entity_ref')
      .count({ count: '*' })
      .groupBy('entity_ref')
      .orderBy('entity_ref')) as Array<{ entity_ref: string; count: unknown }>;
    return counts.map(r => [r.entity_ref, Number(r.count)]);
  };

  const levels = [{ name: 'Bronze', checks: ['has-owner'] }];
  const dimensions = new Map([
    ['has-owner', 'ownership'],
    ['test-coverage', 'reliability'],
  ]);

  it('invalidates the entities each write changed, after the write', async () => {
    const db = await databases.init(id);
    /** per invalidation: the refs, and what the database held then */
    const calls: Array<{ refs: string[]; exemptions: number }> = [];
    const invalidation = {
      async invalidate(refs: readonly string[]) {
        const [{ n }] = await db('scorecard_exemptions').count({ n: '*' });
        calls.push({ refs: [...refs], exemptions: Number(n) });
      },
    };
    const s = await ScorecardStore.create({
      database: { getClient: async () => db },
      invalidation,
    });
    const p = new PushedResultsStore(db, invalidation);
    const a = 'component:default/a';
    const b = 'component:default/b';
    const refsOf = async (write: () => Promise<unknown>) => {
      calls.length = 0;
      await write();
      return calls.map(c => c.refs);
    };

    // an evaluation: every entity evaluated, changed or not (its time is
    // in the answer)
    expect(
      await refsOf(() =>
        s.saveEvaluations([evaluation('a'), evaluation('b')], {
          levels,
          dimensions,
          now,
        }),
      ),
    ).toEqual([[a, b]]);
    expect(
      await refsOf(() =>
        s.saveEvaluations([evaluation('a')], { levels, dimensions, now }),
      ),
    ).toEqual([[a]]);
    // an exemption created: seen stored by the invalidation
    const expiresAt = new Date(now.getTime() + 60_000);
    expect(
      await refsOf(() =>
        s.putExemption({
          entityRef: a,
          checkId: 'test-coverage',
          reason: 'legacy',
          author: 'user:default/alice',
          createdAt: now,
          expiresAt,
        }),
      ),
    ).toEqual([[a]]);
    expect(calls[0].exemptions).toBe(1);
    // the rescore that applies it
    expect(await refsOf(() => s.rescore([a], { levels, now }))).toEqual([[a]]);
    // its expiry: rescored when due, not before
    expect(await refsOf(() => s.rescoreDue({ levels, now }))).toEqual([]);
    expect(
      await refsOf(() =>
        s.rescoreDue({ levels, now: new Date(expiresAt.getTime() + 1) }),
      ),
    ).toEqual([[a]]);
    // deleted: seen gone by the invalidation; deleting nothing changes nothing
    expect(await refsOf(() => s.deleteExemption(a, 'test-coverage'))).toEqual([
      [a],
    ]);
    expect(calls[0].exemptions).toBe(0);
    expect(await refsOf(() => s.deleteExemption(a, 'test-coverage'))).toEqual(
      [],
    );
    // a result pushed by CI
    expect(
      await refsOf(() =>
        p.put(b, [{ checkId: 'test-coverage', value: 90, observedAt: now }], {
          pushedBy: 'external-ci',
          receivedAt: now,
        }),
      ),
    ).toEqual([[b]]);
    // entities that left the catalog
    expect(await refsOf(() => s.deleteEntities([b]))).toEqual([[b]]);
    expect(
      await refsOf(() =>
        s.deleteOutsideRun('another-run', new Date(now.getTime() + 1)),
      ),
    ).toEqual([[a]]);
    // reads invalidate nothing
    expect(
      await refsOf(async () => {
        await s.getEntity(a);
        await s.listExemptions({ now });
        await s.etags();
        await p.list(b);
      }),
    ).toEqual([]);
  });

  it('deletes the results and the pushed results of entities that left the catalog', async () => {
    await store.saveEvaluations([evaluation('old-name'), evaluation('kept')], {
      levels: [{ name: 'Bronze', checks: ['has-owner'] }],
      dimensions: new Map([
        ['has-owner', 'ownership'],
        ['test-coverage', 'reliability'],
      ]),
      now,
    });
    for (const name of ['old-name', 'kept']) {
      await pushed.put(
        `component:default/${name}`,
        [{ checkId: 'test-coverage', value: 61, observedAt: now }],
        { pushedBy: 'external-ci', receivedAt: now },
      );
    }
    const both = [
      ['component:default/kept', 1],
      ['component:default/old-name', 1],
    ];
    expect(await rows('scorecard_entities')).toEqual(both);
    expect(await rows('scorecard_pushed_results')).toEqual(both);

    await store.deleteEntities(['component:default/old-name']);

    expect(await rows('scorecard_entities')).toEqual([
      ['component:default/kept', 1],
    ]);
    expect(await rows('scorecard_check_results')).toEqual([
      ['component:default/kept', 2],
    ]);
    expect(await rows('scorecard_pushed_results')).toEqual([
      ['component:default/kept', 1],
    ]);
    expect(await pushed.list('component:default/old-name')).toEqual([]);
    expect(
      (await pushed.list('component:default/kept')).map(r => r.value),
    ).toEqual([61]);
  });

  it('evaluates and rescores one entity at the same time without a deadlock', async () => {
    // an evaluation that changes the results (check rows replaced) beside
    // the rescore an exemption starts (entity row, then its check rows):
    // both take the entity's row before its check rows
    const ref = 'component:default/race';
    const changing = (i: number, name = 'race'): Evaluation => ({
      ...evaluation(name),
      results: [
        { checkId: 'has-owner', status: 'passed', detail: 'owned' },
        {
          checkId: 'test-coverage',
          status: i % 2 ? 'passed' : 'failed',
          detail: `coverage ${i} %`,
        },
      ],
    });
    await store.saveEvaluations([changing(0)], { levels, dimensions, now });
    for (let i = 1; i <= 40; i++) {
      await Promise.all([
        store.saveEvaluations([changing(i)], { levels, dimensions, now }),
        store.rescore([ref], { levels, now }),
        store.rescore([ref], { levels, now }),
        // two evaluations of the same entities, listed in opposite orders,
        // one changing both, the other only the first it lists
        store.saveEvaluations([changing(i, 'race-a'), changing(i, 'race-b')], {
          levels,
          dimensions,
          now,
        }),
        store.saveEvaluations(
          [changing(i + 1, 'race-b'), changing(i, 'race-a')],
          { levels, dimensions, now },
        ),
      ]);
    }
    expect(await rows('scorecard_check_results')).toContainEqual([ref, 2]);
  });
});
