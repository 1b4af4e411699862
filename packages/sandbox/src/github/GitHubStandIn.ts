import express from 'express';
import crypto from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import { WorkflowEngine } from './actions';
import { jobLogRoutes, jobRoutes } from './actionsJobs';
import {
  GitHubRunConclusion,
  GitHubWorkflowRunSeed,
  GitHubWorkflowRunTiming,
} from './actionsModel';
import { runJson, runRoutes } from './actionsRuns';
import { workflowRoutes } from './actionsWorkflows';
import { BAD_CREDENTIALS, Caller, GitHubApp, verifyAppJwt } from './auth';
import { commitListRoutes } from './commitsList';
import { repoContent } from './content';
import { Owner, StandInContext, userJson } from './context';
import { errorBody, notFound, STATUS_MESSAGES } from './errors';
import { GitStore } from './git';
import { gitDataRoutes, rawRoutes } from './gitData';
import { gitHttpRoutes } from './gitHttp';
import { gitWriteRoutes } from './gitWrites';
import { GitHubGraphQL } from './graphql';
import { GitHubOAuthApp, oauthRoutes } from './oauth';
import {
  GitHubOrg,
  GitHubRepo,
  GitHubTeam,
  GitHubUser,
  newRepo,
  nodeId,
} from './model';
import { orgRepoRoutes } from './orgRepos';
import { pullRoutes } from './pulls';
import { repoJson, repoRoutes } from './repos';

/** Options of {@link GitHubStandIn.start}. */
export type GitHubStandInOptions = {
  port?: number;
  /**
   * Where the bare git repositories of repositories created through the API
   * live; a temporary folder, removed on close, when not given.
   */
  dataDir?: string;
  /**
   * How workflow runs the stand-in creates progress; by default queued for
   * 0.5 s, in progress for 1.5 s, then completed with `success`.
   */
  workflowRuns?: Partial<GitHubWorkflowRunTiming>;
};

/**
 * A stand-in for GitHub (Enterprise Server layout: REST under /api/v3,
 * GraphQL at /api/graphql, web URLs at /<org>/<repo>), speaking the subset
 * the portal uses, with GitHub's response shapes and error bodies:
 *
 * - GitHub App authentication: app JWTs (RS256, verified against the app's
 *   public key), installations, installation access tokens;
 * - personal access tokens;
 * - repositories seeded in memory with their files (`addRepo`, `setFile`),
 *   for catalog discovery and the catalog's URL reader;
 * - repositories created through the API (`POST /orgs/{org}/repos`,
 *   `POST /user/repos`) and configured (settings, topics, branch
 *   protection, collaborators, teams), backed by bare git repositories that
 *   Git's own `git http-backend` serves over smart HTTP, so that
 *   `publish:github` pushes and `git clone` work;
 * - git data read from either kind: contents, trees, blobs, commits,
 *   branches, refs, raw files (`download_url`), tarballs (git-backed);
 * - git data written through the API (blobs, trees, commits, refs) and pull
 *   requests (open, list, update, merge), git-backed repositories only,
 *   for `publish:github:pull-request` (gitWrites.ts, pulls.ts);
 * - GitHub Actions: workflows from .github/workflows, runs from
 *   `workflow_dispatch` and pushes progressing over time, jobs, re-runs;
 * - OAuth Apps' web flow (`/login/oauth/authorize`, `/login/oauth/access_token`)
 *   and `GET /user`, for Backstage's GitHub sign-in and the user tokens the
 *   GitHub Actions tab calls the API with (`registerOAuthApp`);
 * - GraphQL for organisation members, teams and repositories, as the
 *   catalog's GitHub providers query them.
 *
 * Configure Backstage's GitHub integration with `host: <stand-in host>` and
 * `apiBaseUrl: <url>/api/v3`.
 */
export class GitHubStandIn extends FaultInjectingStandIn {
  private readonly orgs = new Map<string, GitHubOrg>();
  private readonly users = new Map<string, GitHubUser>();
  /** repositories of users, by lower-case login */
  private readonly userOwners = new Map<string, Owner>();
  private readonly apps = new Map<number, GitHubApp>();
  private readonly personalTokens = new Map<string, string>();
  private readonly oauthApps = new Map<string, GitHubOAuthApp>();
  private readonly installationTokens = new Map<
    string,
    { installationId: number; appId: number; expiresAt: number }
  >();
  private readonly graphqlApi = new GitHubGraphQL();
  private readonly git: GitStore;
  private readonly actions: WorkflowEngine;
  /** Every API and git request: method, path and caller kind. */
  readonly requests: { method: string; path: string; caller?: string }[] = [];

  constructor(options: Omit<GitHubStandInOptions, 'port'> = {}) {
    super();
    this.git = GitStore.create(options.dataDir);
    this.actions = new WorkflowEngine({
      queuedMs: 500,
      durationMs: 1500,
      conclusion: 'success',
      ...options.workflowRuns,
    });
  }

  static async start(
    options: GitHubStandInOptions = {},
  ): Promise<GitHubStandIn> {
    const instance = new GitHubStandIn(options);
    await instance.listen(instance.router(), options.port);
    return instance;
  }

  /** host[:port], as Backstage's integration config wants it. */
  get host(): string {
    return new URL(this.url).host;
  }

  get apiBaseUrl(): string {
    return `${this.url}/api/v3`;
  }

  override async close(): Promise<void> {
    await super.close();
    this.git.close();
  }

  // --- state -------------------------------------------------------------

  addUser(user: GitHubUser): void {
    this.users.set(user.login.toLowerCase(), user);
  }

  addOrg(login: string, members: string[] = []): GitHubOrg {
    const org: GitHubOrg = {
      login,
      members,
      teams: new Map(),
      repos: new Map(),
    };
    this.orgs.set(login.toLowerCase(), org);
    return org;
  }

  addTeam(org: string, team: GitHubTeam): void {
    this.org(org).teams.set(team.slug, team);
  }

  /** Adds a repository held in memory, with its files on the default branch. */
  addRepo(
    org: string,
    name: string,
    options: Parameters<typeof newRepo>[1] = {},
  ): GitHubRepo {
    const repo = newRepo(name, options);
    this.org(org).repos.set(name.toLowerCase(), repo);
    return repo;
  }

  /**
   * Sets a file on a branch: in memory, or as a commit (like a web edit)
   * for a git-backed repository.
   */
  setFile(
    org: string,
    repo: string,
    path: string,
    content: string,
    branch?: string,
  ) {
    const r = this.repo(org, repo);
    const b = branch ?? r.defaultBranch;
    if (r.gitDir) {
      this.git.commitFiles(r.gitDir, b, { [path]: content }, `Update ${path}`);
      r.pushedAt = new Date().toISOString();
      return;
    }
    if (!r.branches.has(b)) r.branches.set(b, new Map());
    r.branches.get(b)!.set(path.replace(/^\//, ''), content);
  }

  addPersonalToken(token: string, login: string): void {
    this.personalTokens.set(token, login);
  }

  /**
   * Registers an OAuth App: its web flow signs in `login` at once (there is
   * no login form) and issues user access tokens the API accepts.
   */
  registerOAuthApp(app: GitHubOAuthApp): void {
    if (!this.users.has(app.login.toLowerCase())) {
      throw new Error(`no user ${app.login}`);
    }
    this.oauthApps.set(app.clientId, app);
  }

  /**
   * Registers a GitHub App installed on the given organisations and returns
   * its credentials; the private key is generated here, never stored in the
   * repository.
   */
  registerApp(options: {
    appId: number;
    slug?: string;
    installedOn: string[];
  }) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    const installations = new Map<number, string>();
    options.installedOn.forEach((org, i) =>
      installations.set(options.appId * 100 + i + 1, org),
    );
    this.apps.set(options.appId, {
      appId: options.appId,
      slug: options.slug ?? `app-${options.appId}`,
      clientId: `Iv1.${crypto.randomBytes(8).toString('hex')}`,
      publicKey,
      installations,
    });
    return {
      appId: options.appId,
      clientId: this.apps.get(options.appId)!.clientId,
      clientSecret: crypto.randomBytes(20).toString('hex'),
      webhookSecret: crypto.randomBytes(20).toString('hex'),
      privateKey: privateKey
        .export({ type: 'pkcs1', format: 'pem' })
        .toString(),
    };
  }

  /** A repository of an organisation or user, if it exists. */
  findRepo(owner: string, name: string): GitHubRepo | undefined {
    return this.owner(owner)?.repos.get(name.toLowerCase());
  }

  /** The bare git repository of a repository created through the API. */
  gitRepoPath(owner: string, name: string): string | undefined {
    return this.findRepo(owner, name)?.gitDir;
  }

  /** The topics of a repository. */
  repoTopics(owner: string, name: string): string[] {
    return [...this.repo(owner, name).topics];
  }

  /**
   * A branch's protection as `GET .../branches/{branch}/protection` returns
   * it (what was sent with `PUT`), or undefined when not protected.
   */
  branchProtection(
    owner: string,
    name: string,
    branch: string,
  ): Record<string, any> | undefined {
    return this.repo(owner, name).branchProtection.get(branch);
  }

  /** Seeds workflow runs (history), returning their ids. */
  seedWorkflowRuns(
    owner: string,
    name: string,
    runs: GitHubWorkflowRunSeed[],
  ): number[] {
    const repo = this.repo(owner, name);
    return this.actions.seed(
      repo,
      runs,
      branch =>
        repo.gitDir ? this.git.branchHeadSync(repo.gitDir, branch) : undefined,
      path =>
        repo.gitDir
          ? this.git.readFileSync(repo.gitDir, repo.defaultBranch, path)
          : repo.branches.get(repo.defaultBranch)?.get(path),
    );
  }

  /**
   * The workflow runs of a repository, newest first, as
   * `GET /repos/{owner}/{repo}/actions/runs` shows them now.
   */
  workflowRuns(owner: string, name: string) {
    const o = this.owner(owner)!;
    const repo = this.repo(owner, name);
    return this.actions
      .runs(repo)
      .map(run => runJson(this.context(), o, repo, run));
  }

  /** How future runs of a workflow (file name, e.g. `ci.yaml`) come out. */
  setWorkflowOutcome(
    owner: string,
    name: string,
    workflowFile: string,
    outcome: {
      conclusion?: GitHubRunConclusion;
      queuedMs?: number;
      durationMs?: number;
    },
  ) {
    this.actions.setOutcome(this.repo(owner, name), workflowFile, outcome);
  }

  private org(login: string): GitHubOrg {
    const org = this.orgs.get(login.toLowerCase());
    if (!org) throw new Error(`no organisation ${login}`);
    return org;
  }

  private repo(owner: string, name: string): GitHubRepo {
    const repo = this.findRepo(owner, name);
    if (!repo) throw new Error(`no repository ${owner}/${name}`);
    return repo;
  }

  private owner(login: string): Owner | undefined {
    const org = this.orgs.get(login.toLowerCase());
    if (org)
      return { login: org.login, type: 'Organization', repos: org.repos };
    const owner = this.userOwners.get(login.toLowerCase());
    if (owner) return owner;
    const user = this.users.get(login.toLowerCase());
    return user
      ? { login: user.login, type: 'User', repos: new Map() }
      : undefined;
  }

  private userOwner(login: string): Owner {
    let owner = this.userOwners.get(login.toLowerCase());
    if (!owner) {
      owner = {
        login: this.users.get(login.toLowerCase())?.login ?? login,
        type: 'User',
        repos: new Map(),
      };
      this.userOwners.set(login.toLowerCase(), owner);
    }
    return owner;
  }

  // --- HTTP --------------------------------------------------------------

  private callerForToken(credential: string): Caller | undefined {
    const installation = this.installationTokens.get(credential);
    if (installation && installation.expiresAt > Date.now()) {
      const app = this.apps.get(installation.appId)!;
      return {
        kind: 'installation',
        app,
        installationId: installation.installationId,
        org: app.installations.get(installation.installationId)!,
      };
    }
    const login = this.personalTokens.get(credential);
    if (login) return { kind: 'user', login };
    return undefined;
  }

  private caller(req: express.Request): Caller | { error: object } {
    const header = req.header('authorization') ?? '';
    const [scheme, credential] = header.split(/\s+/, 2);
    if (!credential) {
      return {
        error: {
          message: 'Requires authentication',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      };
    }
    if (/^bearer$/i.test(scheme) && credential.split('.').length === 3) {
      const app = verifyAppJwt(credential, this.apps);
      if (typeof app === 'string') {
        return {
          error: {
            message: app,
            documentation_url: 'https://docs.github.com/rest',
            status: '401',
          },
        };
      }
      return { kind: 'app', app };
    }
    return this.callerForToken(credential) ?? { error: BAD_CREDENTIALS };
  }

  private canSee(caller: Caller, owner: string | Owner): boolean {
    const login = typeof owner === 'string' ? owner : owner.login;
    if (typeof owner !== 'string' && owner.type === 'User') {
      return (
        caller.kind === 'user' &&
        caller.login.toLowerCase() === login.toLowerCase()
      );
    }
    if (caller.kind === 'installation')
      return caller.org.toLowerCase() === login.toLowerCase();
    if (caller.kind === 'user') {
      return (
        this.orgs.get(login.toLowerCase())?.members.includes(caller.login) ??
        false
      );
    }
    return false;
  }

  private actor(caller: Caller): { login: string; type: 'User' | 'Bot' } {
    if (caller.kind === 'user') return { login: caller.login, type: 'User' };
    return { login: `${caller.app.slug}[bot]`, type: 'Bot' };
  }

  private context(): StandInContext {
    // the server's address is known only once it listens
    const url = () => this.url;
    const apiBaseUrl = () => this.apiBaseUrl;
    return {
      get url() {
        return url();
      },
      get apiBaseUrl() {
        return apiBaseUrl();
      },
      git: this.git,
      actions: this.actions,
      owner: login => this.owner(login),
      canSee: (caller, owner) => this.canSee(caller, owner),
      content: repo => repoContent(this.git, repo),
      repoJson: (owner, repo) => repoJson(this, owner, repo),
      actor: caller => this.actor(caller),
      pushed: async (_owner, repo, updates, actor) => {
        const now = new Date().toISOString();
        repo.pushedAt = now;
        repo.updatedAt = now;
        repo.sizeKb = await this.git.sizeKb(repo.gitDir!);
        const content = repoContent(this.git, repo);
        // the first branch pushed to an empty repository becomes its default
        const branches = await content.branches();
        const wasEmpty = updates.every(u => !u.before);
        const pushedBranch = updates.find(
          u => u.after && u.ref.startsWith('refs/heads/'),
        );
        if (
          wasEmpty &&
          pushedBranch &&
          !branches.some(b => b.name === repo.defaultBranch)
        ) {
          repo.defaultBranch = pushedBranch.ref.slice('refs/heads/'.length);
          this.git.setHead(repo.gitDir!, repo.defaultBranch);
        }
        await this.actions.onPush(repo, content, updates, actor);
      },
    };
  }

  /** GitHub's error body (`message`, `documentation_url`, `status`). */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    res
      .status(failure.status)
      .json(
        errorBody(
          failure.status,
          failure.message ?? STATUS_MESSAGES[failure.status] ?? 'Error',
        ),
      );
  }

  private router(): express.Express {
    const app = express();
    const ctx = this.context();

    // GitHub's API answers browsers from any origin
    app.use(['/api/v3', '/api/graphql'], (req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader(
        'Access-Control-Expose-Headers',
        'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
      );
      if (req.method !== 'OPTIONS') return next();
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, X-GitHub-Api-Version',
      );
      res.setHeader(
        'Access-Control-Allow-Methods',
        'GET, POST, PATCH, PUT, DELETE',
      );
      res.setHeader('Access-Control-Max-Age', '86400');
      return res.status(204).end();
    });

    // injected failures and latency
    app.use(this.faultInjection());

    // git over HTTP and raw files, before any body parsing
    app.use(
      gitHttpRoutes(ctx, {
        callerForToken: token => this.callerForToken(token),
        record: entry => this.requests.push(entry),
      }),
    );
    app.use(
      rawRoutes(ctx, req => {
        const caller = this.caller(req);
        return 'error' in caller ? undefined : caller;
      }),
    );
    app.use(jobLogRoutes(this.actions));

    app.use(
      oauthRoutes({
        apps: this.oauthApps,
        onToken: (token, login) => this.personalTokens.set(token, login),
      }),
    );

    app.use(express.json({ limit: '10mb' }));

    const authenticate: express.RequestHandler = (req, res, next) => {
      const caller = this.caller(req);
      this.requests.push({
        method: req.method,
        path: req.path,
        caller: 'error' in caller ? 'anonymous' : caller.kind,
      });
      if ('error' in caller) return res.status(401).json(caller.error);
      res.locals.caller = caller;
      res.setHeader('x-github-api-version-selected', '2022-11-28');
      return next();
    };
    const api = express.Router();
    api.use(authenticate);

    // GitHub App: installations and installation access tokens (app JWT)
    const permissions = {
      administration: 'write',
      contents: 'write',
      metadata: 'read',
      members: 'read',
      actions: 'write',
      workflows: 'write',
      pull_requests: 'write',
    };
    api.get('/app/installations', (_req, res) => {
      const caller: Caller = res.locals.caller;
      if (caller.kind !== 'app') return res.status(401).json(BAD_CREDENTIALS);
      return res.json(
        [...caller.app.installations].map(([id, org]) => ({
          id,
          app_id: caller.app.appId,
          app_slug: caller.app.slug,
          target_type: 'Organization',
          target_id: Number.parseInt(
            nodeId('org', org).replace(/\D/g, '').slice(0, 8) || '1',
            10,
          ),
          account: { login: org, type: 'Organization', id: 1000 + id },
          repository_selection: 'all',
          permissions,
          suspended_by: null,
          suspended_at: null,
        })),
      );
    });
    api.post('/app/installations/:id/access_tokens', (req, res) => {
      const caller: Caller = res.locals.caller;
      if (caller.kind !== 'app') return res.status(401).json(BAD_CREDENTIALS);
      const installationId = Number(req.params.id);
      if (!caller.app.installations.has(installationId)) return notFound(res);
      const token = `ghs_${crypto.randomBytes(18).toString('base64url')}`;
      const expiresAt = Date.now() + 60 * 60 * 1000;
      this.installationTokens.set(token, {
        installationId,
        appId: caller.app.appId,
        expiresAt,
      });
      return res.status(201).json({
        token,
        expires_at: new Date(expiresAt).toISOString(),
        permissions,
        repository_selection: 'all',
      });
    });
    api.get('/installation/repositories', (_req, res) => {
      const caller: Caller = res.locals.caller;
      if (caller.kind !== 'installation')
        return res
          .status(403)
          .json({ message: 'This endpoint requires an installation token' });
      const owner = this.owner(caller.org)!;
      const repos = [...owner.repos.values()].map(r =>
        repoJson(this, owner, r),
      );
      return res.json({
        total_count: repos.length,
        repository_selection: 'all',
        repositories: repos,
      });
    });

    api.use(
      repoRoutes(ctx, {
        orgs: this.orgs,
        users: this.users,
        userOwner: login => this.userOwner(login),
      }),
    );
    // the authenticated user (OAuth and personal tokens)
    api.get('/user', (_req, res) => {
      const caller: Caller = res.locals.caller;
      if (caller.kind !== 'user') {
        return res.status(403).json({
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403',
        });
      }
      const user = this.users.get(caller.login.toLowerCase());
      return res.json({
        ...userJson(ctx, { login: caller.login, type: 'User' }),
        name: user?.name ?? null,
        email: user?.email ?? null,
      });
    });
    api.use(commitListRoutes(ctx));
    api.use(gitDataRoutes(ctx));
    // git data writes and pull requests (publish:github:pull-request), and
    // an organisation's repositories (catalog coverage)
    api.use(gitWriteRoutes(ctx), pullRoutes(ctx), orgRepoRoutes(ctx));
    // GitHub Actions
    api.use(
      '/repos/:owner/:repo/actions',
      workflowRoutes(ctx),
      runRoutes(ctx),
      jobRoutes(ctx),
    );

    app.use('/api/v3', api);

    // GraphQL
    app.post('/api/graphql', authenticate, async (req, res) => {
      const caller: Caller = res.locals.caller;
      const visibleOrgs = new Set<string>();
      for (const org of this.orgs.values()) {
        if (this.canSee(caller, org.login))
          visibleOrgs.add(org.login.toLowerCase());
      }
      const result = await this.graphqlApi.execute(
        {
          orgs: this.orgs,
          users: this.users,
          webBaseUrl: this.url,
          visibleOrgs,
          content: repo => repoContent(this.git, repo),
        },
        String(req.body?.query ?? ''),
        req.body?.variables,
      );
      res.json(result);
    });

    app.use((_req, res) => notFound(res));
    app.use(
      (
        err: Error,
        _req: express.Request,
        res: express.Response,
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        _next: express.NextFunction,
      ) => {
        if (res.headersSent) {
          res.end();
          return;
        }
        res
          .status(500)
          .setHeader(
            'x-stand-in-error',
            String(err.message)
              .slice(0, 200)
              .replace(/[\r\n]/g, ' '),
          )
          .json(errorBody(500, 'Server Error'));
      },
    );
    return app;
  }
}
