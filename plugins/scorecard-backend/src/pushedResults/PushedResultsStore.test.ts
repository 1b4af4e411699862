import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { ScorecardStore } from '../database/ScorecardStore';
import { PushedResultsStore } from './PushedResultsStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const at = (iso: string) => new Date(iso);
const meta = {
  pushedBy: 'external-ci',
  receivedAt: at('2026-12-07T12:00:00Z'),
};

describe.each(databases.eachSupportedId())('PushedResultsStore on %s', id => {
  let knex: Knex;
  let store: PushedResultsStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    // the table comes with the plugin's migrations, which ScorecardStore runs
    await ScorecardStore.create({ database: { getClient: async () => knex } });
    store = await PushedResultsStore.create({
      database: { getClient: async () => knex },
    });
  });

  it('stores numbers and true/false, and reads them back as pushed', async () => {
    await store.put(
      'component:default/a',
      [
        {
          checkId: 'coverage',
          value: 61.5,
          observedAt: at('2026-12-07T11:00:00Z'),
        },
        {
          checkId: 'signed',
          value: false,
          message: '3 images unsigned',
          observedAt: at('2026-12-07T11:00:00Z'),
        },
      ],
      meta,
    );
    expect(await store.list('component:default/a')).toEqual([
      {
        entityRef: 'component:default/a',
        checkId: 'coverage',
        value: 61.5,
        message: null,
        observedAt: at('2026-12-07T11:00:00Z'),
        receivedAt: meta.receivedAt,
        pushedBy: 'external-ci',
      },
      {
        entityRef: 'component:default/a',
        checkId: 'signed',
        value: false,
        message: '3 images unsigned',
        observedAt: at('2026-12-07T11:00:00Z'),
        receivedAt: meta.receivedAt,
        pushedBy: 'external-ci',
      },
    ]);
  });

  it('replaces a result with a later one, not with an earlier one', async () => {
    const put = (value: number, observedAt: string) =>
      store.put(
        'component:default/b',
        [{ checkId: 'coverage', value, observedAt: at(observedAt) }],
        meta,
      );
    expect(await put(50, '2026-12-07T10:00:00Z')).toEqual({ superseded: [] });
    expect(await put(70, '2026-12-07T11:00:00Z')).toEqual({ superseded: [] });
    expect(await put(60, '2026-12-07T10:30:00Z')).toEqual({
      superseded: ['coverage'],
    });
    // the same time again replaces it (a re-run of the same job)
    expect(await put(71, '2026-12-07T11:00:00Z')).toEqual({ superseded: [] });
    expect((await store.list('component:default/b')).map(r => r.value)).toEqual(
      [71],
    );
  });

  it('reads what concurrent evaluations ask for with one query', async () => {
    for (const name of ['c1', 'c2', 'c3']) {
      await store.put(
        `component:default/${name}`,
        [
          {
            checkId: 'coverage',
            value: name.length,
            observedAt: at('2026-12-07T11:00:00Z'),
          },
        ],
        meta,
      );
    }
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    try {
      const results = await Promise.all(
        ['c1', 'c2', 'c3', 'c4'].flatMap(name => [
          store.latest(`component:default/${name}`, 'coverage'),
          store.latest(`component:default/${name}`, 'signed'),
        ]),
      );
      expect(results.map(r => r?.value)).toEqual([
        2,
        undefined,
        2,
        undefined,
        2,
        undefined,
        undefined,
        undefined,
      ]);
      expect(queries).toHaveLength(1);
    } finally {
      knex.off('query', onQuery);
    }
  });
});
