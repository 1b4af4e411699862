import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { adoptionDatabase } from '../database/migrate';
import { checkDocsHealth, type DocsSources } from './checkDocsHealth';
import { DocsHealthStore } from './DocsHealthStore';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
);

const component = (name: string, source: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/source-location': `url:${source}`,
    },
  },
  spec: { owner: 'group:default/team-a' },
});

const day = (n: number) => new Date(Date.UTC(2026, 11, n));

describe('checkDocsHealth', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it("compares the docs with their entity's folder, reads a folder once per check, keeps a failure to its entity, drops entities gone", async () => {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const store = new DocsHealthStore(knex);
    const calls: string[] = [];
    const sources: DocsSources = {
      async lastCommitAt(location, path) {
        calls.push(`${location.repo}:${path ?? '(repository)'}`);
        if (location.repo === 'broken') throw new Error('Bad credentials');
        // mono's last commit (day 10) changed a/ only; b/ last changed
        // with its docs (day 6)
        if (path === undefined || path === 'a') return day(10);
        if (path === 'b') return day(6);
        if (path.endsWith('docs')) return day(4);
        return path.endsWith('mkdocs.yml') ? day(6) : null;
      },
      async lastBuiltAt(entity) {
        return entity.name === 'n' ? null : day(7);
      },
    };
    const run = (entities: Entity[], now: Date) =>
      checkDocsHealth({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        integrations,
        sources,
        store,
        logger: mockServices.logger.mock(),
        staleAfterDays: 0,
        concurrency: 1,
        now: () => now,
      });

    const mono = 'https://github.com/acme/mono/tree/main';
    const first = await run(
      [
        component('a', `${mono}/a/`),
        // only a/ changed after b's docs: b is fresh
        component('b', `${mono}/b/`),
        component('c', 'https://github.com/acme/broken/tree/main/'),
        // registered by a catalog file in b/, never built
        {
          ...component('n', `${mono}/b/`),
          metadata: {
            name: 'n',
            annotations: {
              'backstage.io/techdocs-ref': 'dir:.',
              'backstage.io/managed-by-location': `url:${mono.replace(
                '/tree/',
                '/blob/',
              )}/b/catalog-info.yaml`,
            },
          },
        },
      ],
      day(11),
    );
    expect(first.map(e => [e.entityRef, e.status, e.error])).toEqual([
      ['component:default/a', 'stale', null],
      ['component:default/b', 'fresh', null],
      ['component:default/c', 'unknown', 'Bad credentials'],
      ['component:default/n', 'not-built', null],
    ]);
    // the last commit of each folder once (b and n share b/), never the
    // whole repository's; mkdocs.yaml only where mkdocs.yml has no commit
    // (never here)
    expect(calls).toEqual([
      'mono:a',
      'mono:a/docs',
      'mono:a/mkdocs.yml',
      'mono:b',
      'mono:b/docs',
      'mono:b/mkdocs.yml',
      'broken:(repository)',
      'mono:b/docs',
      'mono:b/mkdocs.yml',
    ]);
    expect(first[0]).toMatchObject({
      lastBuiltAt: day(7),
      lastDocsCommitAt: day(6),
      lastCodeCommitAt: day(10),
      owner: 'group:default/team-a',
      repository: 'acme/mono',
    });
    expect(first[1]).toMatchObject({
      lastBuiltAt: day(7),
      lastDocsCommitAt: day(6),
      lastCodeCommitAt: day(6),
      repository: 'acme/mono',
    });

    await run([component('a', `${mono}/a/`)], day(12));
    expect((await store.list()).map(e => e.entityRef)).toEqual([
      'component:default/a',
    ]);
    expect(await store.days('2026-12-01')).toEqual([
      {
        day: '2026-12-11',
        entities: 4,
        fresh: 1,
        stale: 1,
        notBuilt: 1,
        unknown: 1,
      },
      {
        day: '2026-12-12',
        entities: 1,
        fresh: 0,
        stale: 1,
        notBuilt: 0,
        unknown: 0,
      },
    ]);
  });

  it('reads the catalog a page at a time, never all at once', async () => {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const catalog = catalogServiceMock({
      entities: [
        ...['p', 'q', 'r'].map(name =>
          component(name, `https://github.com/acme/${name}/tree/main/`),
        ),
        // no TechDocs: not read
        {
          ...component('s', 'https://github.com/acme/s/'),
          metadata: { name: 's' },
        },
      ],
    });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const checked = await checkDocsHealth({
      catalog,
      auth: mockServices.auth(),
      integrations,
      sources: {
        lastCommitAt: async () => day(1),
        lastBuiltAt: async () => day(2),
      },
      store: new DocsHealthStore(knex),
      logger: mockServices.logger.mock(),
      staleAfterDays: 0,
      pageSize: 2,
      now: () => day(3),
    });
    expect(checked.map(e => [e.entityRef, e.status])).toEqual([
      ['component:default/p', 'fresh'],
      ['component:default/q', 'fresh'],
      ['component:default/r', 'fresh'],
    ]);
    expect(getEntities).not.toHaveBeenCalled();
    expect(queryEntities.mock.calls.map(([request]) => request)).toEqual([
      expect.objectContaining({ limit: 2 }),
      expect.objectContaining({ limit: 2 }),
    ]);
  });
});
