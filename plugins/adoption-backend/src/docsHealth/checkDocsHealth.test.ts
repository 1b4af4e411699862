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

  it('reads a repository once per check, keeps a failure to its entity, drops entities gone', async () => {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const store = new DocsHealthStore(knex);
    const calls: string[] = [];
    const sources: DocsSources = {
      async lastCommitAt(location, path) {
        calls.push(`${location.repo}:${path ?? '(repository)'}`);
        if (location.repo === 'broken') throw new Error('Bad credentials');
        if (!path) return day(10);
        if (path.endsWith('docs')) return day(4);
        return path.endsWith('mkdocs.yml') ? day(6) : null;
      },
      async lastBuiltAt(entity) {
        return entity.name === 'a' ? day(7) : null;
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
        component('b', `${mono}/b/`),
        component('c', 'https://github.com/acme/broken/tree/main/'),
      ],
      day(11),
    );
    expect(first.map(e => [e.entityRef, e.status, e.error])).toEqual([
      ['component:default/a', 'stale', null],
      ['component:default/b', 'not-built', null],
      ['component:default/c', 'unknown', 'Bad credentials'],
    ]);
    // the repository's last commit once for both entities of mono;
    // mkdocs.yaml only where mkdocs.yml has no commit (never here)
    expect(calls).toEqual([
      'mono:(repository)',
      'mono:a/docs',
      'mono:a/mkdocs.yml',
      'mono:b/docs',
      'mono:b/mkdocs.yml',
      'broken:(repository)',
    ]);
    expect(first[0]).toMatchObject({
      lastBuiltAt: day(7),
      lastDocsCommitAt: day(6),
      lastCodeCommitAt: day(10),
      owner: 'group:default/team-a',
      repository: 'acme/mono',
    });

    await run([component('a', `${mono}/a/`)], day(12));
    expect((await store.list()).map(e => e.entityRef)).toEqual([
      'component:default/a',
    ]);
    expect(await store.days('2026-12-01')).toEqual([
      {
        day: '2026-12-11',
        entities: 3,
        fresh: 0,
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
});
