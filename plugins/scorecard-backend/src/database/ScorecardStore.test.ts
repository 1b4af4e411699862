import type { Knex } from 'knex';
import { PushedResultsStore } from '../pushedResults/PushedResultsStore';
import { scorecardTestDatabases } from '../__testUtils__/scorecardTestBackend';
import { ScorecardStore, type Evaluation } from './ScorecardStore';

/*
 * ScorecardStore.deleteEntities, on PostgreSQL and SQLite: an entity that
 * left the catalog loses its stored results and the results CI pushed for
 * it; other entities keep theirs.
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
});
