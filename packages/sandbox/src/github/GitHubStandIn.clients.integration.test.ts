import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  createGithubActionsDispatchAction,
  createPublishGithubAction,
  getOctokitClient,
  getOctokitOptions,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { GitHubStandIn } from './GitHubStandIn';

/*
 * The scaffolder's real GitHub actions against the GitHub stand-in:
 * publish:github creates the repository through the REST API, pushes the
 * workspace with isomorphic-git over smart HTTP (served by git
 * http-backend) and protects the default branch; github:actions:dispatch
 * starts a workflow run that the GitHub Actions plugin's API calls list and
 * that completes; Backstage's GitHub URL reader (what catalog:register uses)
 * reads the pushed catalog-info.yaml; and the error paths answer as GitHub
 * does.
 */

jest.setTimeout(120_000);

const execFileAsync = promisify(execFile);
const gitEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: new-svc
  annotations:
    github.com/project-slug: myorg/new-svc
spec:
  type: service
  lifecycle: experimental
  owner: group:default/order-squad
`;

const CI_WORKFLOW = `name: CI
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      environment:
        description: Where to deploy
        required: false
        default: staging
jobs:
  build:
    name: Build and test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Test
        run: go test ./...
`;

const NIGHTLY_WORKFLOW = `name: Nightly
on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - run: echo scan
`;

describe('GitHub scaffolder actions against the GitHub stand-in', () => {
  const workspace = createMockDirectory();
  const scratch = createMockDirectory();
  const logger = mockServices.logger.mock();
  let github: GitHubStandIn;
  let config: ConfigReader;
  let integrations: ScmIntegrations;
  let credentials: DefaultGithubCredentialsProvider;
  let token: string;
  let repoUrl: string;

  const basicAuth = (secret: string) =>
    `Authorization: Basic ${Buffer.from(`x-access-token:${secret}`).toString(
      'base64',
    )}`;

  const api = async (
    method: string,
    apiPath: string,
    body?: object,
    as = token,
  ) => {
    const res = await fetch(`${github.apiBaseUrl}${apiPath}`, {
      method,
      headers: {
        authorization: `token ${as}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      link: res.headers.get('link'),
      body: text ? JSON.parse(text) : undefined,
    };
  };

  /** An action context as the scaffolder's task worker builds it. */
  const actionContext = <TInput extends object>(input: TInput) => {
    const outputs: Record<string, unknown> = {};
    return {
      outputs,
      ctx: {
        input,
        workspacePath: workspace.path,
        logger,
        output: (name: string | number | symbol, value: unknown) => {
          outputs[String(name)] = value;
        },
        checkpoint: async <T>({ fn }: { key: string; fn: () => Promise<T> }) =>
          fn(),
        createTemporaryDirectory: async () =>
          fs.promises.mkdtemp(path.join(scratch.path, 'action-')),
        getInitiatorCredentials: async () => mockCredentials.user(),
        task: { id: 'task-1' },
      },
    };
  };

  const publish = () =>
    createPublishGithubAction({
      integrations,
      config,
      githubCredentialsProvider: credentials,
    });
  const dispatch = () =>
    createGithubActionsDispatchAction({
      integrations,
      githubCredentialsProvider: credentials,
    });
  const publishInput = () => ({
    repoUrl,
    description: 'A new Go microservice',
    defaultBranch: 'main',
    repoVisibility: 'private' as const,
    protectDefaultBranch: true,
    requireCodeOwnerReviews: true,
    topics: ['go', 'microservice'],
  });

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'alice', name: 'Alice Andersson' });
    github.addOrg('myorg', ['alice']);
    github.addTeam('myorg', {
      slug: 'order-squad',
      name: 'Order Squad',
      members: ['alice'],
    });
    github.addRepo('myorg', 'seeded-in-memory', {
      files: { 'catalog-info.yaml': CATALOG_INFO },
    });
    const app = github.registerApp({ appId: 7001, installedOn: ['myorg'] });
    config = new ConfigReader({
      integrations: {
        github: [
          { host: github.host, apiBaseUrl: github.apiBaseUrl, apps: [app] },
        ],
      },
    });
    integrations = ScmIntegrations.fromConfig(config);
    credentials =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    token = (
      await credentials.getCredentials({
        url: `https://${github.host}/myorg/new-svc`,
      })
    ).token!;
    repoUrl = `${github.host}?owner=myorg&repo=new-svc`;
    workspace.setContent({
      'catalog-info.yaml': CATALOG_INFO,
      'main.go': 'package main\n\nfunc main() {}\n',
      '.github/workflows/ci.yaml': CI_WORKFLOW,
      '.github/workflows/nightly.yaml': NIGHTLY_WORKFLOW,
    });
  });

  afterAll(() => github?.close());

  it('publish:github creates, pushes and protects the repository', async () => {
    const { ctx, outputs } = actionContext(publishInput());
    await publish().handler(ctx as any);

    const htmlUrl = `${github.url}/myorg/new-svc`;
    expect(outputs.remoteUrl).toBe(`${htmlUrl}.git`);
    expect(outputs.repoContentsUrl).toBe(`${htmlUrl}/blob/main`);
    expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);

    const repo = await api('GET', '/repos/myorg/new-svc');
    expect(repo.status).toBe(200);
    expect(repo.body).toMatchObject({
      name: 'new-svc',
      full_name: 'myorg/new-svc',
      private: true,
      visibility: 'private',
      description: 'A new Go microservice',
      default_branch: 'main',
      html_url: htmlUrl,
      clone_url: `${htmlUrl}.git`,
      owner: { login: 'myorg', type: 'Organization' },
      topics: ['go', 'microservice'],
    });
    expect(github.repoTopics('myorg', 'new-svc')).toEqual([
      'go',
      'microservice',
    ]);
    expect(github.branchProtection('myorg', 'new-svc', 'main')).toMatchObject({
      required_pull_request_reviews: {
        require_code_owner_reviews: true,
        required_approving_review_count: 1,
      },
      enforce_admins: { enabled: true },
      required_status_checks: { strict: true, contexts: [] },
    });
    const branch = await api('GET', '/repos/myorg/new-svc/branches/main');
    expect(branch.body).toMatchObject({
      name: 'main',
      protected: true,
      commit: { sha: outputs.commitHash },
    });

    // isomorphic-git asked anonymously first, then sent the token
    const pushes = github.requests
      .filter(r => r.path.startsWith('/myorg/new-svc.git/'))
      .map(r => `${r.caller} ${r.method} ${r.path}`);
    expect(pushes).toEqual([
      'anonymous GET /myorg/new-svc.git/info/refs',
      'installation GET /myorg/new-svc.git/info/refs',
      'installation POST /myorg/new-svc.git/git-receive-pack',
    ]);

    // a plain git clone of clone_url has the files
    const dest = fs.mkdtempSync(path.join(scratch.path, 'clone-'));
    await execFileAsync(
      'git',
      [
        '-c',
        `http.extraHeader=${basicAuth(token)}`,
        'clone',
        '--quiet',
        String(outputs.remoteUrl),
        dest,
      ],
      { env: gitEnv },
    );
    expect(fs.readFileSync(path.join(dest, 'catalog-info.yaml'), 'utf8')).toBe(
      CATALOG_INFO,
    );
    expect(
      fs.readFileSync(path.join(dest, '.github/workflows/ci.yaml'), 'utf8'),
    ).toBe(CI_WORKFLOW);
    const { stdout: head } = await execFileAsync(
      'git',
      ['-C', dest, 'rev-parse', 'HEAD'],
      { env: gitEnv },
    );
    expect(head.trim()).toBe(outputs.commitHash);
    expect(fs.existsSync(github.gitRepoPath('myorg', 'new-svc')!)).toBe(true);

    // the contents API reads the pushed tree
    const contents = await api(
      'GET',
      '/repos/myorg/new-svc/contents/catalog-info.yaml?ref=main',
    );
    expect(contents.body).toMatchObject({
      type: 'file',
      path: 'catalog-info.yaml',
      encoding: 'base64',
    });
    expect(Buffer.from(contents.body.content, 'base64').toString()).toBe(
      CATALOG_INFO,
    );
    const raw = await fetch(contents.body.download_url);
    expect(await raw.text()).toBe(CATALOG_INFO);
    const tree = await api(
      'GET',
      '/repos/myorg/new-svc/git/trees/main?recursive=true',
    );
    expect(
      tree.body.tree
        .filter((e: { type: string }) => e.type === 'blob')
        .map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual([
      '.github/workflows/ci.yaml',
      '.github/workflows/nightly.yaml',
      'catalog-info.yaml',
      'main.go',
    ]);
  });

  it('the push and github:actions:dispatch start workflow runs that complete', async () => {
    const { ctx } = actionContext({
      repoUrl,
      workflowId: 'ci.yaml',
      branchOrTagName: 'main',
      workflowInputs: { environment: 'staging' },
    });
    await dispatch().handler(ctx as any);

    // as the GitHub Actions plugin lists them
    const runs = await api(
      'GET',
      '/repos/myorg/new-svc/actions/runs?branch=main&per_page=10&page=1',
    );
    expect(runs.status).toBe(200);
    expect(runs.body.total_count).toBe(2);
    const [dispatched, pushed] = runs.body.workflow_runs;
    const commit = (await api('GET', '/repos/myorg/new-svc/commits/main')).body;
    expect(dispatched).toMatchObject({
      name: 'CI',
      event: 'workflow_dispatch',
      head_branch: 'main',
      head_sha: commit.sha,
      path: '.github/workflows/ci.yaml',
      html_url: `${github.url}/myorg/new-svc/actions/runs/${dispatched.id}`,
      repository: { full_name: 'myorg/new-svc' },
      head_commit: { id: commit.sha, message: 'initial commit' },
    });
    expect(['queued', 'in_progress']).toContain(dispatched.status);
    expect(pushed).toMatchObject({
      name: 'CI',
      event: 'push',
      head_branch: 'main',
      head_sha: commit.sha,
    });
    const workflows = await api(
      'GET',
      '/repos/myorg/new-svc/actions/workflows',
    );
    expect(
      workflows.body.workflows.map((w: { name: string }) => w.name).sort(),
    ).toEqual(['CI', 'Nightly']);
    expect(dispatched.workflow_id).toBe(
      workflows.body.workflows.find((w: { name: string }) => w.name === 'CI')
        .id,
    );

    const deadline = Date.now() + 15_000;
    let run = dispatched;
    while (run.status !== 'completed' && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      run = (
        await api('GET', `/repos/myorg/new-svc/actions/runs/${dispatched.id}`)
      ).body;
    }
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });

    const jobs = await api(
      'GET',
      `/repos/myorg/new-svc/actions/runs/${dispatched.id}/jobs`,
    );
    expect(jobs.body.jobs).toHaveLength(1);
    expect(jobs.body.jobs[0]).toMatchObject({
      name: 'Build and test',
      status: 'completed',
      conclusion: 'success',
    });
    expect(
      jobs.body.jobs[0].steps.map((s: { name: string }) => s.name),
    ).toEqual([
      'Set up job',
      'Run actions/checkout@v4',
      'Test',
      'Complete job',
    ]);
    expect(
      (await api('GET', '/repos/myorg/new-svc/actions/runs?status=success'))
        .body.workflow_runs.length,
    ).toBeGreaterThanOrEqual(1);
    // job logs: a redirect to a pre-signed URL, followed by fetch
    const logs = await fetch(
      `${github.apiBaseUrl}/repos/myorg/new-svc/actions/jobs/${jobs.body.jobs[0].id}/logs`,
      { headers: { authorization: `token ${token}` } },
    );
    expect(logs.redirected).toBe(true);
    expect(await logs.text()).toContain('Run actions/checkout@v4');
  });

  it("Backstage's GitHub URL reader reads what was pushed (catalog:register)", async () => {
    const reader = UrlReaders.default({ config, logger });
    const repoContentsUrl = `${github.url}/myorg/new-svc/blob/main`;
    const response = await reader.readUrl(
      `${repoContentsUrl}/catalog-info.yaml`,
    );
    expect((await response.buffer()).toString('utf8')).toBe(CATALOG_INFO);

    // a glob: commit status, recursive tree, blobs
    const found = await reader.search(
      `${repoContentsUrl}/.github/workflows/*.yaml`,
    );
    expect(found.files.map(f => f.url).sort()).toEqual([
      `${repoContentsUrl}/.github/workflows/ci.yaml`,
      `${repoContentsUrl}/.github/workflows/nightly.yaml`,
    ]);
    expect((await found.files[0].content()).toString('utf8')).toBe(CI_WORKFLOW);

    const tree = await reader.readTree(`${github.url}/myorg/new-svc/tree/main`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      '.github/workflows/ci.yaml',
      '.github/workflows/nightly.yaml',
      'catalog-info.yaml',
      'main.go',
    ]);
  });

  it('answers the error paths as GitHub does', async () => {
    // the repository exists already
    await expect(
      publish().handler(actionContext(publishInput()).ctx as any),
    ).rejects.toThrow(
      /^Failed to create the Organization repository myorg\/new-svc, Repository creation failed\.: \{"resource":"Repository","code":"custom","field":"name","message":"name already exists on this account"\}/,
    );

    // a workflow without a workflow_dispatch trigger, and an unknown one
    await expect(
      dispatch().handler(
        actionContext({
          repoUrl,
          workflowId: 'nightly.yaml',
          branchOrTagName: 'main',
        }).ctx as any,
      ),
    ).rejects.toThrow("Workflow does not have 'workflow_dispatch' trigger");
    await expect(
      dispatch().handler(
        actionContext({
          repoUrl,
          workflowId: 'missing.yaml',
          branchOrTagName: 'main',
        }).ctx as any,
      ),
    ).rejects.toThrow(/^Not Found/);

    // a push with a wrong token
    const infoRefs = `${github.url}/myorg/new-svc.git/info/refs?service=git-receive-pack`;
    const wrong = await fetch(infoRefs, {
      headers: {
        authorization: `Basic ${Buffer.from(
          'x-access-token:ghs_wrong',
        ).toString('base64')}`,
      },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="GitHub"');
    const anonymous = await fetch(infoRefs);
    expect(anonymous.status).toBe(401);

    const dest = fs.mkdtempSync(path.join(scratch.path, 'clone-'));
    await execFileAsync(
      'git',
      [
        '-c',
        `http.extraHeader=${basicAuth(token)}`,
        'clone',
        '--quiet',
        `${github.url}/myorg/new-svc.git`,
        dest,
      ],
      { env: gitEnv },
    );
    fs.writeFileSync(path.join(dest, 'README.md'), '# new-svc\n');
    const git = (...args: string[]) =>
      execFileAsync(
        'git',
        [
          '-C',
          dest,
          '-c',
          'user.name=Mallory',
          '-c',
          'user.email=mallory@example.com',
          ...args,
        ],
        { env: gitEnv },
      );
    await git('add', 'README.md');
    await git('commit', '--quiet', '-m', 'sneaky');
    const withWrongToken = `${github.url.replace(
      '://',
      '://x-access-token:ghs_wrong@',
    )}/myorg/new-svc.git`;
    await expect(git('push', withWrongToken, 'main')).rejects.toThrow(
      /Invalid username or token[\s\S]*Authentication failed/,
    );
    // with the right token: main is protected, other branches are not
    const withToken = `${github.url.replace(
      '://',
      `://x-access-token:${token}@`,
    )}/myorg/new-svc.git`;
    await expect(git('push', withToken, 'main')).rejects.toThrow(
      /GH006: Protected branch update failed for refs\/heads\/main\.[\s\S]*Changes must be made through a pull request\./,
    );
    const branch = await api('GET', '/repos/myorg/new-svc/branches/main');
    expect(branch.body.commit.commit.message).toBe('initial commit');
    await git('push', '--quiet', withToken, 'HEAD:refs/heads/feature/readme');
    const feature = await api(
      'GET',
      `/repos/myorg/new-svc/branches/${encodeURIComponent('feature/readme')}`,
    );
    expect(feature.body).toMatchObject({
      name: 'feature/readme',
      protected: false,
      commit: { commit: { message: 'sneaky' } },
    });
    // ci.yaml runs on pushes to main only
    const featureRuns = await api(
      'GET',
      '/repos/myorg/new-svc/actions/runs?branch=feature/readme',
    );
    expect(featureRuns.body.total_count).toBe(0);

    // repositories that were not created through the API have no git remote
    const seeded = await fetch(
      `${github.url}/myorg/seeded-in-memory.git/info/refs?service=git-receive-pack`,
      { headers: { authorization: basicAuth(token).slice(15) } },
    );
    expect(seeded.status).toBe(404);
    expect(await seeded.text()).toBe('Repository not found.\n');

    // branch protection on a branch that does not exist yet
    const protection = await api(
      'PUT',
      '/repos/myorg/new-svc/branches/develop/protection',
      {
        required_status_checks: null,
        enforce_admins: true,
        required_pull_request_reviews: null,
        restrictions: null,
      },
    );
    expect(protection.status).toBe(404);
    expect(protection.body.message).toBe('Branch not found');
  });

  it('seeds runs, re-runs, user repositories, settings, injected failures and discovery', async () => {
    // history for the GitHub Actions plugin, on a repository held in memory
    const [failed, running] = github.seedWorkflowRuns(
      'myorg',
      'seeded-in-memory',
      [
        {
          workflow: 'build.yaml',
          name: 'Build',
          conclusion: 'failure',
          createdAt: '2024-05-01T10:00:00Z',
          message: 'Break the build',
        },
        {
          workflow: 'build.yaml',
          name: 'Build',
          branch: 'feature/x',
          status: 'in_progress',
          createdAt: '2024-05-02T10:00:00Z',
        },
      ],
    );
    const page = await api(
      'GET',
      '/repos/myorg/seeded-in-memory/actions/runs?per_page=1&page=1',
    );
    expect(page.body.total_count).toBe(2);
    expect(page.body.workflow_runs.map((r: { id: number }) => r.id)).toEqual([
      running,
    ]);
    expect(page.link).toContain('rel="next"');
    expect(
      github
        .workflowRuns('myorg', 'seeded-in-memory')
        .map(r => [r.id, r.status, r.conclusion, r.head_branch]),
    ).toEqual([
      [running, 'in_progress', null, 'feature/x'],
      [failed, 'completed', 'failure', 'main'],
    ]);
    const notDone = await api(
      'POST',
      `/repos/myorg/seeded-in-memory/actions/runs/${running}/rerun`,
    );
    expect(notDone.status).toBe(403);
    const rerun = await api(
      'POST',
      `/repos/myorg/seeded-in-memory/actions/runs/${failed}/rerun`,
    );
    expect(rerun.status).toBe(201);
    const again = await api(
      'GET',
      `/repos/myorg/seeded-in-memory/actions/runs/${failed}`,
    );
    expect(again.body).toMatchObject({ run_attempt: 2, conclusion: null });
    expect(['queued', 'in_progress']).toContain(again.body.status);

    // an injected failure, once
    github.failNext('GET', /\/actions\/runs$/, 503);
    const unavailable = await api('GET', '/repos/myorg/new-svc/actions/runs');
    expect(unavailable).toMatchObject({
      status: 503,
      body: { message: 'Service Unavailable', status: '503' },
    });
    expect((await api('GET', '/repos/myorg/new-svc/actions/runs')).status).toBe(
      200,
    );

    // a gzip-compressed upload-pack request, as git sends large ones
    const head = (await api('GET', '/repos/myorg/new-svc/commits/main')).body
      .sha;
    const pkt = (line: string) =>
      `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const uploadPack = await fetch(
      `${github.url}/myorg/new-svc.git/git-upload-pack`,
      {
        method: 'POST',
        headers: {
          authorization: basicAuth(token).slice(15),
          'content-type': 'application/x-git-upload-pack-request',
          'content-encoding': 'gzip',
        },
        body: zlib.gzipSync(`${pkt(`want ${head}\n`)}0000${pkt('done\n')}`),
      },
    );
    expect(uploadPack.status).toBe(200);
    expect(uploadPack.headers.get('content-type')).toBe(
      'application/x-git-upload-pack-result',
    );
    const pack = Buffer.from(await uploadPack.arrayBuffer());
    expect(pack.subarray(0, 8).toString()).toBe('0008NAK\n');
    expect(pack.subarray(8, 12).toString()).toBe('PACK');

    // catalog discovery (GraphQL) sees the pushed catalog file
    const graphql = await fetch(`${github.url}/api/graphql`, {
      method: 'POST',
      headers: {
        authorization: `bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query: `{ repositoryOwner(login: "myorg") { repositories(first: 10) {
          nodes { name defaultBranchRef { name }
            catalog: object(expression: "HEAD:catalog-info.yaml") { ... on Blob { text } } } } } }`,
      }),
    });
    const nodes = (await graphql.json()).data.repositoryOwner.repositories
      .nodes;
    expect(nodes).toContainEqual({
      name: 'new-svc',
      defaultBranchRef: { name: 'main' },
      catalog: { text: CATALOG_INFO },
    });

    // a user's repository, with a personal access token
    github.addPersonalToken('pat-for-alice', 'alice');
    const created = await api(
      'POST',
      '/user/repos',
      { name: 'dotfiles', private: false, auto_init: true },
      'pat-for-alice',
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      full_name: 'alice/dotfiles',
      visibility: 'public',
      owner: { login: 'alice', type: 'User' },
    });
    const readme = await api(
      'GET',
      '/repos/alice/dotfiles/contents/README.md',
      undefined,
      'pat-for-alice',
    );
    expect(Buffer.from(readme.body.content, 'base64').toString()).toBe(
      '# dotfiles\n',
    );
    const byApp = await api('POST', '/user/repos', { name: 'nope' });
    expect(byApp).toMatchObject({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });

    // settings, topics, collaborators and teams
    const patched = await api('PATCH', '/repos/myorg/new-svc', {
      homepage: 'https://new-svc.example.com',
      delete_branch_on_merge: true,
    });
    expect(patched.body).toMatchObject({
      homepage: 'https://new-svc.example.com',
      delete_branch_on_merge: true,
    });
    const badTopics = await api('PUT', '/repos/myorg/new-svc/topics', {
      names: ['Not A Topic'],
    });
    expect(badTopics.status).toBe(422);
    expect(badTopics.body.errors[0]).toMatchObject({ field: 'topics' });
    expect(
      (
        await api('PUT', '/repos/myorg/new-svc/collaborators/alice', {
          permission: 'maintain',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await api('PUT', '/orgs/myorg/teams/order-squad/repos/myorg/new-svc', {
          permission: 'push',
        })
      ).status,
    ).toBe(204);
    expect(
      (await api('PUT', '/orgs/myorg/teams/nope/repos/myorg/new-svc', {}))
        .status,
    ).toBe(404);
  });

  it("lists commits as Octokit's repos.listCommits asks: sha, path, since, until, author, paging", async () => {
    const owner = 'myorg';
    const repo = 'doc-history';
    const octokit = getOctokitClient(
      await getOctokitOptions({
        integrations,
        credentialsProvider: credentials,
        host: github.host,
        owner,
        repo,
      }),
      logger,
      // no retries on top of octokit's own: they hold an error answer for minutes
      { retries: 0 },
    );
    await octokit.rest.repos.createInOrg({
      org: owner,
      name: repo,
      auto_init: true,
    });
    const { data: init } = await octokit.rest.repos.getCommit({
      owner,
      repo,
      ref: 'main',
    });
    /** a commit on main dated `date`, through the git data API */
    const commit = async (
      files: Record<string, string>,
      date: string,
      email: string,
    ) => {
      const { data: ref } = await octokit.rest.git.getRef({
        owner,
        repo,
        ref: 'heads/main',
      });
      const { data: parent } = await octokit.rest.git.getCommit({
        owner,
        repo,
        commit_sha: ref.object.sha,
      });
      const { data: tree } = await octokit.rest.git.createTree({
        owner,
        repo,
        base_tree: parent.tree.sha,
        tree: Object.entries(files).map(([p, content]) => ({
          path: p,
          mode: '100644' as const,
          content,
        })),
      });
      const who = { name: email.split('@')[0], email, date };
      const { data: created } = await octokit.rest.git.createCommit({
        owner,
        repo,
        message: `Change ${Object.keys(files).join(', ')}`,
        tree: tree.sha,
        parents: [parent.sha],
        author: who,
        committer: who,
      });
      await octokit.rest.git.updateRef({
        owner,
        repo,
        ref: 'heads/main',
        sha: created.sha,
      });
      return created.sha;
    };
    const docs = await commit(
      { 'docs/index.md': '# Hello\n' },
      '2024-01-10T09:00:00Z',
      'writer@example.com',
    );
    const mkdocs = await commit(
      { 'mkdocs.yml': 'site_name: x\n' },
      '2024-02-01T09:00:00Z',
      'writer@example.com',
    );
    const code = await commit(
      { 'src/main.go': 'package main\n' },
      '2024-03-05T09:00:00Z',
      'coder@example.com',
    );

    const list = async (params: Record<string, string | number>) =>
      (
        await octokit.rest.repos.listCommits({ owner, repo, ...params })
      ).data.map(c => c.sha);
    // newest first, children before parents (the auto_init commit is dated now)
    expect(await list({})).toEqual([code, mkdocs, docs, init.sha]);
    const [last] = (
      await octokit.rest.repos.listCommits({ owner, repo, per_page: 1 })
    ).data;
    expect(last.commit.committer?.date).toBe('2024-03-05T09:00:00Z');
    expect(last.commit.author?.email).toBe('coder@example.com');
    // a folder, a file, a path no commit touches
    expect(await list({ path: 'docs', per_page: 1 })).toEqual([docs]);
    expect(await list({ path: 'docs/index.md' })).toEqual([docs]);
    expect(await list({ path: '/mkdocs.yml' })).toEqual([mkdocs]);
    expect(await list({ path: 'nothing/here' })).toEqual([]);
    // from a sha; by commit date; by author
    expect(await list({ sha: mkdocs })).toEqual([mkdocs, docs, init.sha]);
    expect(
      await list({
        since: '2024-01-15T00:00:00Z',
        until: '2024-03-01T00:00:00Z',
      }),
    ).toEqual([mkdocs]);
    expect(await list({ author: 'writer@example.com' })).toEqual([
      mkdocs,
      docs,
    ]);
    // paging with a Link header
    const page = await octokit.rest.repos.listCommits({
      owner,
      repo,
      per_page: 3,
      page: 1,
    });
    expect(page.headers.link).toContain('rel="next"');
    expect(await list({ per_page: 3, page: 2 })).toEqual([init.sha]);
    // errors as GitHub answers them
    const failure = (params: Record<string, string>) =>
      list(params).then(
        () => ({ status: 200, message: undefined }),
        (e: {
          status: number;
          response?: { data?: { message?: string } };
        }) => ({
          status: e.status,
          message: e.response?.data?.message,
        }),
      );
    expect(await failure({ sha: 'no-such-branch' })).toEqual({
      status: 404,
      message: 'No commit found for SHA: no-such-branch',
    });
    expect(await failure({ since: 'yesterday' })).toEqual({
      status: 422,
      message: 'Validation Failed',
    });
    // a repository seeded in memory: one commit, touching the files it has
    const seeded = (params: Record<string, string>) =>
      octokit.rest.repos
        .listCommits({ owner, repo: 'seeded-in-memory', ...params })
        .then(r => r.data.length);
    expect(await seeded({ path: 'catalog-info.yaml' })).toBe(1);
    expect(await seeded({ path: 'docs' })).toBe(0);
  });
});
