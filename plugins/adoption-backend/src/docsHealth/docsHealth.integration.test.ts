import { createMockDirectory } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import { ADOPTION_DOCS_HEALTH_PATHS as PATHS } from '@internal/backstage-plugin-adoption-common';
import { Octokit } from '@octokit/rest';
import { GitHubStandIn } from 'sandbox';
import {
  adoptionTestDatabases,
  PLATFORM,
  startAdoptionTestBackend,
  USER,
  type AdoptionTestBackend,
} from '../__testUtils__/adoptionTestBackend';
import { DAY_MS as DAY } from '../service/time';
import { DOCS_HEALTH_TASK_ID } from '.';

/*
 * Docs health against the GitHub stand-in (repositories whose history is
 * written through the git data API with dated commits, read back with
 * Octokit's repos.listCommits) and the real TechDocs backend (external
 * builder, local publisher: the techdocs_metadata.json a CI publish
 * leaves), both in the same test backend as the adoption plugin.
 */

jest.setTimeout(120_000);

// whole seconds: git keeps commit times in seconds
const NOW = Math.floor(Date.now() / 1000) * 1000;
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();

const databases = adoptionTestDatabases();

describe.each(databases.eachSupportedId())('docs health on %p', id => {
  const publishDir = createMockDirectory();
  let github: GitHubStandIn;
  let backend: AdoptionTestBackend;

  /** a repository on main whose commits (files → date) land in this order */
  const repository = async (
    name: string,
    commits: Array<[Record<string, string>, string]>,
  ) => {
    const octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: 'pat' });
    const owner = 'acme';
    await octokit.rest.repos.createInOrg({ org: owner, name, auto_init: true });
    for (const [files, date] of commits) {
      const { data: ref } = await octokit.rest.git.getRef({
        owner,
        repo: name,
        ref: 'heads/main',
      });
      const { data: parent } = await octokit.rest.git.getCommit({
        owner,
        repo: name,
        commit_sha: ref.object.sha,
      });
      const { data: tree } = await octokit.rest.git.createTree({
        owner,
        repo: name,
        base_tree: parent.tree.sha,
        tree: Object.entries(files).map(([path, content]) => ({
          path,
          mode: '100644' as const,
          content,
        })),
      });
      const who = { name: 'Dev', email: 'dev@example.com', date };
      const { data: commit } = await octokit.rest.git.createCommit({
        owner,
        repo: name,
        message: `Change ${Object.keys(files).join(', ')}`,
        tree: tree.sha,
        parents: [parent.sha],
        author: who,
        committer: who,
      });
      await octokit.rest.git.updateRef({
        owner,
        repo: name,
        ref: 'heads/main',
        sha: commit.sha,
      });
    }
  };

  const component = (name: string, source: string, title?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(title ? { title } : {}),
      annotations: {
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/source-location': `url:${source}`,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-docs' },
  });

  /** what a CI `techdocs-cli publish` leaves for the TechDocs backend */
  const published = (name: string, builtAt: string) => ({
    [`default/component/${name}/techdocs_metadata.json`]: JSON.stringify({
      site_name: name,
      site_description: '',
      etag: 'etag',
      build_timestamp: Date.parse(builtAt),
      files: ['index.html'],
    }),
  });

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'alice' });
    github.addOrg('acme', ['alice']);
    github.addPersonalToken('pat', 'alice');
    const web = (repo: string, path = '') =>
      `${github.url}/acme/${repo}/tree/main/${path}`;

    // the code changed 30 days after the docs; built after the docs
    await repository('stale-svc', [
      [
        { 'docs/index.md': '# Stale\n', 'mkdocs.yml': 'site_name: s\n' },
        daysAgo(40),
      ],
      [{ 'main.go': 'package main\n' }, daysAgo(10)],
    ]);
    // the docs changed after the code, and were built since
    await repository('fresh-svc', [
      [{ 'main.go': 'package main\n' }, daysAgo(20)],
      [{ 'docs/index.md': '# Fresh\n' }, daysAgo(12)],
      [{ 'mkdocs.yml': 'site_name: f\n' }, daysAgo(5)],
    ]);
    // docs in a folder of a monorepo, changed after their last build
    await repository('platform', [
      [{ 'services/api/docs/index.md': '# API\n' }, daysAgo(30)],
      [{ 'services/api/mkdocs.yml': 'site_name: a\n' }, daysAgo(3)],
    ]);
    // never built
    await repository('new-svc', [[{ 'docs/index.md': '# New\n' }, daysAgo(1)]]);
    // two components in one repository, each with its docs in its folder;
    // only two/ changed after the docs
    await repository('duo', [
      [
        {
          'one/docs/index.md': '# One\n',
          'one/mkdocs.yml': 'site_name: one\n',
          'two/docs/index.md': '# Two\n',
          'two/mkdocs.yml': 'site_name: two\n',
        },
        daysAgo(40),
      ],
      [{ 'two/main.go': 'package main\n' }, daysAgo(10)],
    ]);

    publishDir.setContent({
      ...published('stale-svc', daysAgo(35)),
      ...published('fresh-svc', daysAgo(2)),
      ...published('api', daysAgo(8)),
      ...published('duo-one', daysAgo(35)),
      ...published('duo-two', daysAgo(35)),
    });

    backend = await startAdoptionTestBackend({
      databases,
      databaseId: id,
      entities: [
        component('stale-svc', web('stale-svc'), 'Stale service'),
        component('fresh-svc', web('fresh-svc')),
        component('api', web('platform', 'services/api/'), 'Platform API'),
        component('new-svc', web('new-svc')),
        component('duo-one', web('duo', 'one/')),
        component('duo-two', web('duo', 'two/')),
        component(
          'elsewhere',
          'https://gitlab.example.com/acme/elsewhere/tree/main/',
        ),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'no-docs', namespace: 'default' },
          spec: { owner: 'team-docs' },
        },
      ],
      config: {
        integrations: {
          github: [
            { host: github.host, apiBaseUrl: github.apiBaseUrl, token: 'pat' },
          ],
        },
        techdocs: {
          builder: 'external',
          publisher: {
            type: 'local',
            local: { publishDirectory: publishDir.path },
          },
        },
      },
      features: [techdocsPlugin],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  const row = (
    name: string,
    facts: {
      title?: string;
      repository: string | null;
      lastBuiltAt: string | null;
      lastDocsCommitAt: string | null;
      lastCodeCommitAt: string | null;
      docsBehindDays: number | null;
      buildOutdated: boolean;
      status: string;
      error?: string;
    },
  ) => ({
    entityRef: `component:default/${name}`,
    title: facts.title ?? name,
    owner: 'group:default/team-docs',
    repository: facts.repository,
    lastBuiltAt: facts.lastBuiltAt,
    lastDocsCommitAt: facts.lastDocsCommitAt,
    lastCodeCommitAt: facts.lastCodeCommitAt,
    docsBehindDays: facts.docsBehindDays,
    buildOutdated: facts.buildOutdated,
    status: facts.status,
    error: facts.error ?? null,
    checkedAt: expect.any(String),
  });

  const iso = (n: number) => new Date(NOW - n * DAY).toISOString();

  it('checks every entity with TechDocs against its build and its repository', async () => {
    await backend.runTask(DOCS_HEALTH_TASK_ID);
    const { status, body } = await backend.json(PATHS.entities, {
      as: PLATFORM,
    });
    expect(status).toBe(200);
    expect(body.items).toEqual([
      row('api', {
        title: 'Platform API',
        repository: 'acme/platform',
        lastBuiltAt: iso(8),
        lastDocsCommitAt: iso(3),
        lastCodeCommitAt: iso(3),
        docsBehindDays: 0,
        buildOutdated: true,
        status: 'not-built',
      }),
      // its folder did not change since its docs: fresh, although the
      // repository changed later (in two/)
      row('duo-one', {
        repository: 'acme/duo',
        lastBuiltAt: iso(35),
        lastDocsCommitAt: iso(40),
        lastCodeCommitAt: iso(40),
        docsBehindDays: 0,
        buildOutdated: false,
        status: 'fresh',
      }),
      row('duo-two', {
        repository: 'acme/duo',
        lastBuiltAt: iso(35),
        lastDocsCommitAt: iso(40),
        lastCodeCommitAt: iso(10),
        docsBehindDays: 30,
        buildOutdated: false,
        status: 'stale',
      }),
      row('elsewhere', {
        repository: null,
        lastBuiltAt: null,
        lastDocsCommitAt: null,
        lastCodeCommitAt: null,
        docsBehindDays: null,
        buildOutdated: true,
        status: 'unknown',
        error:
          'not on a configured GitHub host: https://gitlab.example.com/acme/elsewhere/tree/main/',
      }),
      row('fresh-svc', {
        repository: 'acme/fresh-svc',
        lastBuiltAt: iso(2),
        lastDocsCommitAt: iso(5),
        lastCodeCommitAt: iso(5),
        docsBehindDays: 0,
        buildOutdated: false,
        status: 'fresh',
      }),
      row('new-svc', {
        repository: 'acme/new-svc',
        lastBuiltAt: null,
        lastDocsCommitAt: iso(1),
        lastCodeCommitAt: iso(1),
        docsBehindDays: 0,
        buildOutdated: true,
        status: 'not-built',
      }),
      row('stale-svc', {
        title: 'Stale service',
        repository: 'acme/stale-svc',
        lastBuiltAt: iso(35),
        lastDocsCommitAt: iso(40),
        lastCodeCommitAt: iso(10),
        docsBehindDays: 30,
        buildOutdated: false,
        status: 'stale',
      }),
    ]);

    const stale = await backend.json(`${PATHS.entities}?status=stale`, {
      as: PLATFORM,
    });
    expect(
      stale.body.items.map((r: { entityRef: string }) => r.entityRef),
    ).toEqual(['component:default/duo-two', 'component:default/stale-svc']);
  });

  it("keeps each day's counts for the trend (the last check of a day wins)", async () => {
    await backend.runTask(DOCS_HEALTH_TASK_ID);
    const trend = await backend.json(`${PATHS.trend}?days=7`, {
      as: PLATFORM,
    });
    expect(trend).toEqual({
      status: 200,
      body: {
        items: [
          {
            day: new Date().toISOString().slice(0, 10),
            entities: 7,
            fresh: 2,
            stale: 2,
            notBuilt: 2,
            unknown: 1,
          },
        ],
      },
    });
  });

  it('exports CSV', async () => {
    const res = await backend.api(`${PATHS.entities}?status=stale&format=csv`, {
      as: PLATFORM,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="docs-health.csv"',
    );
    const [header, duo, line, ...rest] = (await res.text()).split('\r\n');
    expect(header).toBe(
      'entityRef,title,owner,repository,status,lastBuiltAt,lastDocsCommitAt,lastCodeCommitAt,docsBehindDays,buildOutdated,error,checkedAt',
    );
    expect(duo).toMatch(
      new RegExp(
        `^component:default/duo-two,duo-two,group:default/team-docs,acme/duo,stale,${iso(
          35,
        )},${iso(40)},${iso(10)},30,false,,\\d{4}-`.replace(/\./g, '\\.'),
      ),
    );
    expect(line).toMatch(
      new RegExp(
        `^component:default/stale-svc,Stale service,group:default/team-docs,acme/stale-svc,stale,${iso(
          35,
        )},${iso(40)},${iso(10)},30,false,,\\d{4}-`.replace(/\./g, '\\.'),
      ),
    );
    expect(rest).toEqual([]);

    const trend = await backend.api(`${PATHS.trend}?format=csv`, {
      as: PLATFORM,
    });
    expect((await trend.text()).split('\r\n')).toEqual([
      'day,entities,fresh,stale,notBuilt,unknown',
      `${new Date().toISOString().slice(0, 10)},7,2,2,2,1`,
    ]);
  });

  it('answers 403 without adoption.read and 400 for a bad query', async () => {
    for (const path of [PATHS.entities, PATHS.trend]) {
      const res = await backend.json(path, { as: USER });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Not allowed: adoption.read');
    }
    const bad = await backend.json(`${PATHS.entities}?status=old`, {
      as: PLATFORM,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid query: status: /);
    for (const [path, key] of [
      [`${PATHS.entities}?stauts=stale`, 'stauts'],
      [`${PATHS.trend}?days=7&day=1`, 'day'],
    ]) {
      const unknown = await backend.json(path, { as: PLATFORM });
      expect([path, unknown.status, unknown.body.error.message]).toEqual([
        path,
        400,
        `Invalid query: Unrecognized key: "${key}"`,
      ]);
    }
  });
});
