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
  createPublishGithubPullRequestAction,
  getOctokitClient,
  getOctokitOptions,
} from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs';
import path from 'node:path';
import { GitHubStandIn } from './GitHubStandIn';

/*
 * Pull requests and git data writes of the GitHub stand-in, driven by the
 * real clients: the scaffolder's publish:github:pull-request (Octokit with
 * octokit-plugin-create-pull-request: GET repo, GET commits, POST
 * git/trees, git/commits, GraphQL `ref { associatedPullRequests }`, POST
 * git/refs or PATCH git/refs, POST pulls) and Octokit's REST methods for
 * listing, reading, merging, and the errors GitHub answers.
 */

jest.setTimeout(60_000);

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: legacy-billing
spec:
  type: service
  lifecycle: production
  owner: group:default/order-squad
`;

describe('pull requests on the GitHub stand-in', () => {
  const workspace = createMockDirectory();
  const logger = mockServices.logger.mock();
  let github: GitHubStandIn;
  let integrations: ScmIntegrations;
  let credentials: DefaultGithubCredentialsProvider;
  let octokit: ReturnType<typeof getOctokitClient>;

  /** `error.status` and `error.message` of a rejected Octokit call. */
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: { status: number; response?: { data?: { message?: string } } }) => ({
        status: e.status,
        message: e.response?.data?.message,
      }),
    );

  const createPullRequest = () =>
    createPublishGithubPullRequestAction({
      integrations,
      githubCredentialsProvider: credentials,
      config: new ConfigReader({}),
    });

  const actionContext = (input: Record<string, unknown>) => {
    const outputs: Record<string, unknown> = {};
    return {
      outputs,
      ctx: {
        input,
        workspacePath: workspace.path,
        logger,
        output: (name: string, value: unknown) => {
          outputs[name] = value;
        },
        checkpoint: async <T>({ fn }: { key: string; fn: () => Promise<T> }) =>
          fn(),
        getInitiatorCredentials: async () => mockCredentials.user(),
        task: { id: 'task-1' },
      },
    };
  };

  /** A repository created through the API with a README on main. */
  const createRepo = async (name: string) => {
    const { status } = await octokit.rest.repos.createInOrg({
      org: 'myorg',
      name,
      auto_init: true,
    });
    expect(status).toBe(201);
  };

  /** A commit on a new branch changing files (through the git data API). */
  const commitOnBranch = async (
    repo: string,
    branch: string,
    files: Record<string, string>,
    from = 'main',
  ) => {
    const { data: base } = await octokit.rest.git.getRef({
      owner: 'myorg',
      repo,
      ref: `heads/${from}`,
    });
    const { data: parent } = await octokit.rest.git.getCommit({
      owner: 'myorg',
      repo,
      commit_sha: base.object.sha,
    });
    const { data: tree } = await octokit.rest.git.createTree({
      owner: 'myorg',
      repo,
      base_tree: parent.tree.sha,
      tree: Object.entries(files).map(([p, content]) => ({
        path: p,
        mode: '100644' as const,
        content,
      })),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      owner: 'myorg',
      repo,
      message: `Change ${Object.keys(files).join(', ')}`,
      tree: tree.sha,
      parents: [parent.sha],
    });
    await octokit.rest.git.createRef({
      owner: 'myorg',
      repo,
      ref: `refs/heads/${branch}`,
      sha: commit.sha,
    });
    return commit.sha;
  };

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'alice', name: 'Alice Andersson' });
    github.addOrg('myorg', ['alice']);
    github.addRepo('myorg', 'seeded-in-memory', {
      files: { 'README.md': '# seeded\n' },
    });
    const app = github.registerApp({ appId: 7002, installedOn: ['myorg'] });
    integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            { host: github.host, apiBaseUrl: github.apiBaseUrl, apps: [app] },
          ],
        },
      }),
    );
    credentials =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    // the installation's token, as the scaffolder's actions get it
    const { token } = await credentials.getCredentials({
      url: `https://${github.host}/myorg`,
    });
    const options = await getOctokitOptions({
      integrations,
      host: github.host,
      token,
    });
    // no retries (405 and 409 are answers here, not failures to retry) and
    // no throttling (one write a second), as the scaffolder's actions
    octokit = getOctokitClient(
      {
        ...options,
        request: { ...options.request, retries: 0 },
        throttle: { enabled: false },
      } as any,
      logger,
      { retries: 0 },
    );
    await createRepo('legacy-billing');
    workspace.setContent({ 'catalog-info.yaml': CATALOG_INFO });
  });

  afterAll(() => github?.close());

  it('publish:github:pull-request opens a pull request that merges', async () => {
    const { ctx, outputs } = actionContext({
      repoUrl: `${github.host}?owner=myorg&repo=legacy-billing`,
      branchName: 'backstage-onboarding',
      title: 'Add catalog-info.yaml',
      description: 'Registers the repository in the portal.',
    });
    await createPullRequest().handler(ctx as any);
    expect(outputs).toEqual({
      targetBranchName: 'main',
      remoteUrl: `${github.url}/myorg/legacy-billing/pull/1`,
      pullRequestNumber: 1,
    });

    const { data: open } = await octokit.rest.pulls.list({
      owner: 'myorg',
      repo: 'legacy-billing',
    });
    expect(open.map(p => [p.number, p.state, p.head.ref, p.base.ref])).toEqual([
      [1, 'open', 'backstage-onboarding', 'main'],
    ]);
    const { data: pull } = await octokit.rest.pulls.get({
      owner: 'myorg',
      repo: 'legacy-billing',
      pull_number: 1,
    });
    expect(pull).toMatchObject({
      number: 1,
      state: 'open',
      title: 'Add catalog-info.yaml',
      body: 'Registers the repository in the portal.',
      merged: false,
      mergeable: true,
      mergeable_state: 'clean',
      commits: 1,
      changed_files: 1,
      additions: CATALOG_INFO.split('\n').length - 1,
      deletions: 0,
      user: { login: 'app-7002[bot]', type: 'Bot' },
      html_url: `${github.url}/myorg/legacy-billing/pull/1`,
    });
    const { data: files } = await octokit.rest.pulls.listFiles({
      owner: 'myorg',
      repo: 'legacy-billing',
      pull_number: 1,
    });
    expect(files.map(f => [f.filename, f.status])).toEqual([
      ['catalog-info.yaml', 'added'],
    ]);
    // the branch has the file, main not yet
    const onBranch = await octokit.rest.repos.getContent({
      owner: 'myorg',
      repo: 'legacy-billing',
      path: 'catalog-info.yaml',
      ref: 'backstage-onboarding',
    });
    expect(
      Buffer.from(
        (onBranch.data as { content: string }).content,
        'base64',
      ).toString('utf8'),
    ).toBe(CATALOG_INFO);
    expect(
      await failure(
        octokit.rest.repos.getContent({
          owner: 'myorg',
          repo: 'legacy-billing',
          path: 'catalog-info.yaml',
        }),
      ),
    ).toEqual({ status: 404, message: 'Not Found' });
    expect(
      await failure(
        octokit.rest.pulls.checkIfMerged({
          owner: 'myorg',
          repo: 'legacy-billing',
          pull_number: 1,
        }),
      ),
    ).toMatchObject({ status: 404 });

    // the stale head sha is refused, the right one merges
    expect(
      await failure(
        octokit.rest.pulls.merge({
          owner: 'myorg',
          repo: 'legacy-billing',
          pull_number: 1,
          sha: '0'.repeat(40),
        }),
      ),
    ).toEqual({
      status: 409,
      message: 'Head branch was modified. Review and try the merge again.',
    });
    const { data: merge } = await octokit.rest.pulls.merge({
      owner: 'myorg',
      repo: 'legacy-billing',
      pull_number: 1,
      sha: pull.head.sha,
    });
    expect(merge).toEqual({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      merged: true,
      message: 'Pull Request successfully merged',
    });
    const { data: main } = await octokit.rest.repos.getBranch({
      owner: 'myorg',
      repo: 'legacy-billing',
      branch: 'main',
    });
    expect(main.commit.sha).toBe(merge.sha);
    expect(main.commit.commit.message).toBe(
      'Merge pull request #1 from myorg/backstage-onboarding\n\nAdd catalog-info.yaml',
    );
    expect(main.commit.parents.map(p => p.sha)).toEqual([
      pull.base.sha,
      pull.head.sha,
    ]);
    const onMain = await octokit.rest.repos.getContent({
      owner: 'myorg',
      repo: 'legacy-billing',
      path: 'catalog-info.yaml',
    });
    expect(
      Buffer.from(
        (onMain.data as { content: string }).content,
        'base64',
      ).toString('utf8'),
    ).toBe(CATALOG_INFO);
    const checked = await octokit.rest.pulls.checkIfMerged({
      owner: 'myorg',
      repo: 'legacy-billing',
      pull_number: 1,
    });
    expect(checked.status).toBe(204);
    const { data: closed } = await octokit.rest.pulls.get({
      owner: 'myorg',
      repo: 'legacy-billing',
      pull_number: 1,
    });
    expect(closed).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merge.sha,
      merged_by: { login: 'app-7002[bot]' },
    });
    expect(
      (
        await octokit.rest.pulls.list({
          owner: 'myorg',
          repo: 'legacy-billing',
          state: 'closed',
        })
      ).data.map(p => p.number),
    ).toEqual([1]);
    expect(
      (
        await octokit.rest.pulls.list({
          owner: 'myorg',
          repo: 'legacy-billing',
        })
      ).data,
    ).toEqual([]);
    // a merged pull request cannot be merged again
    expect(
      await failure(
        octokit.rest.pulls.merge({
          owner: 'myorg',
          repo: 'legacy-billing',
          pull_number: 1,
        }),
      ),
    ).toEqual({ status: 405, message: 'Pull Request is not mergeable' });
  });

  it('an open pull request of the same branch is not opened twice; update moves it', async () => {
    await createRepo('second');
    const input = {
      repoUrl: `${github.host}?owner=myorg&repo=second`,
      branchName: 'onboarding',
      title: 'Add catalog-info.yaml',
      description: 'First draft',
    };
    const first = actionContext(input);
    await createPullRequest().handler(first.ctx as any);
    expect(first.outputs.pullRequestNumber).toBe(1);
    // the GraphQL query the plugin makes finds the open pull request
    await expect(
      createPullRequest().handler(actionContext(input).ctx as any),
    ).rejects.toThrow('Pull request creation failed');
    const graphql = await octokit.graphql<any>(
      `query ($owner: String!, $repo: String!, $head: String!) {
        repository(name: $repo, owner: $owner) {
          ref(qualifiedName: $head) {
            associatedPullRequests(first: 1, states: OPEN) {
              edges { node { number url } }
            }
          }
        }
      }`,
      { owner: 'myorg', repo: 'second', head: 'onboarding' },
    );
    expect(graphql.repository.ref.associatedPullRequests.edges).toEqual([
      { node: { number: 1, url: `${github.url}/myorg/second/pull/1` } },
    ]);

    // update: true force-moves the branch and edits the pull request
    workspace.setContent({ 'catalog-info.yaml': `${CATALOG_INFO}# v2\n` });
    const second = actionContext({
      ...input,
      description: 'Second draft',
      update: true,
    });
    await createPullRequest().handler(second.ctx as any);
    expect(second.outputs.pullRequestNumber).toBe(1);
    const { data: pull } = await octokit.rest.pulls.get({
      owner: 'myorg',
      repo: 'second',
      pull_number: 1,
    });
    expect(pull).toMatchObject({ body: 'Second draft', commits: 1 });
    workspace.setContent({ 'catalog-info.yaml': CATALOG_INFO });
  });

  it('answers the error paths as GitHub does', async () => {
    await createRepo('errors');
    const repo = { owner: 'myorg', repo: 'errors' };
    const head = await commitOnBranch('errors', 'feature', {
      'docs/index.md': '# Docs\n',
    });

    // references
    expect(
      await failure(
        octokit.rest.git.createRef({
          ...repo,
          ref: 'refs/heads/feature',
          sha: head,
        }),
      ),
    ).toEqual({ status: 422, message: 'Reference already exists' });
    expect(
      await failure(
        octokit.rest.git.createRef({
          ...repo,
          ref: 'refs/heads/other',
          sha: 'f'.repeat(40),
        }),
      ),
    ).toEqual({ status: 422, message: 'Object does not exist' });
    const { data: main } = await octokit.rest.git.getRef({
      ...repo,
      ref: 'heads/main',
    });
    expect(
      await failure(
        octokit.rest.git.updateRef({
          ...repo,
          ref: 'heads/feature',
          sha: main.object.sha,
        }),
      ),
    ).toEqual({ status: 422, message: 'Update is not a fast forward' });
    expect(
      await failure(
        octokit.rest.git.updateRef({
          ...repo,
          ref: 'heads/missing',
          sha: head,
        }),
      ),
    ).toEqual({ status: 422, message: 'Reference does not exist' });
    expect(
      await failure(
        octokit.rest.git.createCommit({
          ...repo,
          message: 'x',
          tree: 'a'.repeat(40),
          parents: [],
        }),
      ),
    ).toEqual({ status: 422, message: 'Tree SHA does not exist' });

    // pull requests
    expect(
      await failure(
        octokit.rest.pulls.create({
          ...repo,
          title: 'x',
          head: 'missing',
          base: 'main',
        }),
      ),
    ).toEqual({ status: 422, message: 'Validation Failed' });
    expect(
      await failure(
        octokit.rest.pulls.create({
          ...repo,
          title: 'x',
          head: 'main',
          base: 'feature',
        }),
      ),
    ).toEqual({ status: 422, message: 'Validation Failed' });
    const created = await octokit.rest.pulls.create({
      ...repo,
      title: 'Docs',
      head: 'myorg:feature',
      base: 'main',
    });
    expect(created.status).toBe(201);
    const duplicate = await octokit.rest.pulls
      .create({ ...repo, title: 'Docs', head: 'feature', base: 'main' })
      .catch(e => e.response.data);
    expect(duplicate.errors).toEqual([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: 'A pull request already exists for myorg:feature.',
      },
    ]);
    expect(
      await failure(octokit.rest.pulls.get({ ...repo, pull_number: 99 })),
    ).toEqual({ status: 404, message: 'Not Found' });
    expect(
      await failure(
        octokit.rest.pulls.list({ owner: 'myorg', repo: 'no-such-repo' }),
      ),
    ).toEqual({ status: 404, message: 'Not Found' });
    expect(
      await failure(
        octokit.rest.pulls.merge({
          ...repo,
          pull_number: created.data.number,
          merge_method: 'fast-forward' as any,
        }),
      ),
    ).toEqual({ status: 422, message: 'Validation Failed' });

    // a conflict: main changed the same file meanwhile
    await commitOnBranch('errors', 'main-change', {
      'docs/index.md': '# Other docs\n',
    });
    const other = await octokit.rest.pulls.create({
      ...repo,
      title: 'Other docs',
      head: 'main-change',
      base: 'main',
    });
    await octokit.rest.pulls.merge({
      ...repo,
      pull_number: other.data.number,
      merge_method: 'squash',
    });
    const { data: squashed } = await octokit.rest.repos.getBranch({
      ...repo,
      branch: 'main',
    });
    expect(squashed.commit.commit.message).toBe('Other docs (#2)');
    expect(squashed.commit.parents.map(p => p.sha)).toEqual([main.object.sha]);
    const { data: conflicting } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: created.data.number,
    });
    expect(conflicting).toMatchObject({
      mergeable: false,
      mergeable_state: 'dirty',
    });
    expect(
      await failure(
        octokit.rest.pulls.merge({
          ...repo,
          pull_number: created.data.number,
        }),
      ),
    ).toEqual({ status: 405, message: 'Pull Request is not mergeable' });

    await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/feature' });
    // the head branch is gone: GitHub closes the pull request
    const { data: gone } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: created.data.number,
    });
    expect(gone.state).toBe('closed');
    expect(
      await failure(
        octokit.rest.git.deleteRef({ ...repo, ref: 'heads/feature' }),
      ),
    ).toEqual({ status: 422, message: 'Reference does not exist' });

    // rebase: the commits replayed onto main
    await commitOnBranch('errors', 'go', {
      'src/main.go': 'package main\n',
    });
    const goPull = await octokit.rest.pulls.create({
      ...repo,
      title: 'Go',
      head: 'go',
      base: 'main',
    });
    const { data: rebased } = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: goPull.data.number,
      merge_method: 'rebase',
    });
    const { data: afterRebase } = await octokit.rest.repos.getBranch({
      ...repo,
      branch: 'main',
    });
    expect(afterRebase.commit.sha).toBe(rebased.sha);
    expect(afterRebase.commit.commit.message).toBe('Change src/main.go');
    expect(afterRebase.commit.parents.map(p => p.sha)).toEqual([
      squashed.commit.sha,
    ]);

    // merge methods the repository does not allow, protected branches
    await octokit.rest.repos.update({ ...repo, allow_rebase_merge: false });
    await commitOnBranch('errors', 'late', { 'late.txt': 'late\n' });
    const late = await octokit.rest.pulls.create({
      ...repo,
      title: 'Late',
      head: 'late',
      base: 'main',
    });
    expect(
      await failure(
        octokit.rest.pulls.merge({
          ...repo,
          pull_number: late.data.number,
          merge_method: 'rebase',
        }),
      ),
    ).toEqual({
      status: 405,
      message: 'Rebase merges are not allowed on this repository.',
    });
    await octokit.rest.repos.updateBranchProtection({
      ...repo,
      branch: 'main',
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
    });
    expect(
      await failure(
        octokit.rest.pulls.merge({ ...repo, pull_number: late.data.number }),
      ),
    ).toEqual({
      status: 405,
      message:
        'At least 1 approving review is required by reviewers with write access.',
    });
    expect(
      await failure(
        octokit.rest.git.updateRef({
          ...repo,
          ref: 'heads/main',
          sha: (
            await octokit.rest.git.getRef({ ...repo, ref: 'heads/late' })
          ).data.object.sha,
        }),
      ),
    ).toEqual({
      status: 422,
      message: 'Protected branch update failed for refs/heads/main.',
    });

    // repositories seeded in memory take no git data writes
    expect(
      await failure(
        octokit.rest.git.createBlob({
          owner: 'myorg',
          repo: 'seeded-in-memory',
          content: 'x',
        }),
      ),
    ).toEqual({
      status: 422,
      message:
        'The GitHub stand-in writes git data only to repositories created through the API.',
    });
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      true,
    );
  });
  it("lists the organisation's repositories as Octokit pages them", async () => {
    await octokit.rest.repos.update({
      owner: 'myorg',
      repo: 'second',
      archived: true,
    });
    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, {
      org: 'myorg',
      sort: 'full_name',
      per_page: 2,
    });
    expect(repos.map(r => [r.full_name, r.archived, r.private])).toEqual([
      // created without `private`: public, as on GitHub
      ['myorg/errors', false, false],
      ['myorg/legacy-billing', false, false],
      ['myorg/second', true, false],
      ['myorg/seeded-in-memory', false, true],
    ]);
    expect(
      (
        await octokit.rest.repos.listForOrg({ org: 'myorg', type: 'private' })
      ).data.map(r => r.name),
    ).toEqual(['seeded-in-memory']);
    expect(
      await failure(octokit.rest.repos.listForOrg({ org: 'no-such-org' })),
    ).toEqual({ status: 404, message: 'Not Found' });
    expect(
      await failure(
        octokit.rest.repos.listForOrg({ org: 'myorg', type: 'starred' as any }),
      ),
    ).toEqual({ status: 422, message: 'Validation Failed' });
  });
});
