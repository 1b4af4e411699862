import express from 'express';
import crypto from 'node:crypto';
import { listen, RunningServer } from '../http';
import { BAD_CREDENTIALS, Caller, GitHubApp, verifyAppJwt } from './auth';
import { GitHubGraphQL } from './graphql';
import {
  GitHubOrg,
  GitHubRepo,
  GitHubTeam,
  GitHubUser,
  newRepo,
  nodeId,
} from './model';

/**
 * A stand-in for GitHub (Enterprise Server layout: REST under /api/v3,
 * GraphQL at /api/graphql, web URLs at /<org>/<repo>), speaking the subset
 * the portal uses, with GitHub's response shapes and error bodies:
 *
 * - GitHub App authentication: app JWTs (RS256, verified against the app's
 *   public key), installations, installation access tokens;
 * - personal access tokens;
 * - repositories and their files (`contents`), for catalog discovery and
 *   the catalog's URL reader;
 * - GraphQL for organisation members, teams and repositories, as the
 *   catalog's GitHub providers query them.
 *
 * Configure Backstage's GitHub integration with `host: <stand-in host>` and
 * `apiBaseUrl: <url>/api/v3`.
 */
export class GitHubStandIn {
  private readonly orgs = new Map<string, GitHubOrg>();
  private readonly users = new Map<string, GitHubUser>();
  private readonly apps = new Map<number, GitHubApp>();
  private readonly personalTokens = new Map<string, string>();
  private readonly installationTokens = new Map<
    string,
    { installationId: number; appId: number; expiresAt: number }
  >();
  private readonly graphqlApi = new GitHubGraphQL();
  private server?: RunningServer;
  /** Every API request: method, path and caller kind. */
  readonly requests: { method: string; path: string; caller?: string }[] = [];

  static async start(options: { port?: number } = {}): Promise<GitHubStandIn> {
    const instance = new GitHubStandIn();
    instance.server = await listen(instance.router(), options.port);
    return instance;
  }

  get url(): string {
    return this.server!.url;
  }

  /** host[:port], as Backstage's integration config wants it. */
  get host(): string {
    return new URL(this.url).host;
  }

  get apiBaseUrl(): string {
    return `${this.url}/api/v3`;
  }

  async close(): Promise<void> {
    await this.server?.close();
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

  addRepo(
    org: string,
    name: string,
    options: Parameters<typeof newRepo>[1] = {},
  ): GitHubRepo {
    const repo = newRepo(name, options);
    this.org(org).repos.set(name.toLowerCase(), repo);
    return repo;
  }

  setFile(
    org: string,
    repo: string,
    path: string,
    content: string,
    branch?: string,
  ) {
    const r = this.repo(org, repo);
    const b = branch ?? r.defaultBranch;
    if (!r.branches.has(b)) r.branches.set(b, new Map());
    r.branches.get(b)!.set(path.replace(/^\//, ''), content);
  }

  addPersonalToken(token: string, login: string): void {
    this.personalTokens.set(token, login);
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

  private org(login: string): GitHubOrg {
    const org = this.orgs.get(login.toLowerCase());
    if (!org) throw new Error(`no organisation ${login}`);
    return org;
  }

  private repo(org: string, name: string): GitHubRepo {
    const repo = this.org(org).repos.get(name.toLowerCase());
    if (!repo) throw new Error(`no repository ${org}/${name}`);
    return repo;
  }

  // --- HTTP --------------------------------------------------------------

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
    return { error: BAD_CREDENTIALS };
  }

  private canSee(caller: Caller, org: string): boolean {
    if (caller.kind === 'installation')
      return caller.org.toLowerCase() === org.toLowerCase();
    if (caller.kind === 'user') {
      return (
        this.orgs.get(org.toLowerCase())?.members.includes(caller.login) ??
        false
      );
    }
    return false;
  }

  private router(): express.Express {
    const app = express();
    app.use(express.json({ limit: '10mb' }));
    const notFound = (res: express.Response) =>
      res.status(404).json({
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });

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
          permissions: {
            contents: 'write',
            metadata: 'read',
            members: 'read',
            actions: 'read',
            workflows: 'write',
            pull_requests: 'write',
          },
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
        permissions: { contents: 'write', metadata: 'read', members: 'read' },
        repository_selection: 'all',
      });
    });
    api.get('/installation/repositories', (_req, res) => {
      const caller: Caller = res.locals.caller;
      if (caller.kind !== 'installation')
        return res
          .status(403)
          .json({ message: 'This endpoint requires an installation token' });
      const repos = [...this.org(caller.org).repos.values()].map(r =>
        this.repoJson(caller.org, r),
      );
      return res.json({
        total_count: repos.length,
        repository_selection: 'all',
        repositories: repos,
      });
    });

    // Repositories and contents
    api.get('/repos/:owner/:repo', (req, res) => {
      const org = this.orgs.get(req.params.owner.toLowerCase());
      const repo = org?.repos.get(req.params.repo.toLowerCase());
      if (!org || !repo || !this.canSee(res.locals.caller, org.login))
        return notFound(res);
      return res.json(this.repoJson(org.login, repo));
    });
    api.get('/repos/:owner/:repo/contents/*', (req, res) => {
      const org = this.orgs.get(req.params.owner.toLowerCase());
      const repo = org?.repos.get(req.params.repo.toLowerCase());
      if (!org || !repo || !this.canSee(res.locals.caller, org.login))
        return notFound(res);
      const path = decodeURIComponent(
        (req.params as Record<string, string>)[0] ?? '',
      ).replace(/^\/|\/$/g, '');
      const ref = String(req.query.ref ?? repo.defaultBranch);
      const files = repo.branches.get(ref);
      const content = files?.get(path);
      if (!files)
        return res.status(404).json({
          message: `No commit found for the ref ${ref}`,
          documentation_url:
            'https://docs.github.com/rest/repos/contents#get-repository-content',
          status: '404',
        });
      if (content === undefined) return notFound(res);
      const sha = crypto
        .createHash('sha1')
        .update(`blob ${Buffer.byteLength(content)}\0${content}`)
        .digest('hex');
      const etag = `"${sha}"`;
      res.setHeader('etag', etag);
      if (req.header('if-none-match') === etag) return res.status(304).end();
      if (
        /application\/vnd\.github(\.v3)?\.raw/.test(req.header('accept') ?? '')
      ) {
        return res.type('text/plain').send(content);
      }
      return res.json({
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(content),
        name: path.split('/').pop(),
        path,
        content: Buffer.from(content).toString('base64'),
        sha,
        url: `${this.apiBaseUrl}/repos/${org.login}/${repo.name}/contents/${path}?ref=${ref}`,
        html_url: `${this.url}/${org.login}/${repo.name}/blob/${ref}/${path}`,
        download_url: `${this.url}/raw/${org.login}/${repo.name}/${ref}/${path}`,
      });
    });

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
        },
        String(req.body?.query ?? ''),
        req.body?.variables,
      );
      res.json(result);
    });

    app.use((_req, res) => notFound(res));
    return app;
  }

  private repoJson(org: string, repo: GitHubRepo) {
    return {
      id: Number.parseInt(
        crypto
          .createHash('md5')
          .update(`${org}/${repo.name}`)
          .digest('hex')
          .slice(0, 8),
        16,
      ),
      node_id: nodeId('Repository', `${org}/${repo.name}`),
      name: repo.name,
      full_name: `${org}/${repo.name}`,
      private: repo.visibility !== 'public',
      visibility: repo.visibility,
      owner: { login: org, type: 'Organization' },
      html_url: `${this.url}/${org}/${repo.name}`,
      description: repo.description ?? null,
      fork: repo.fork,
      archived: repo.archived,
      topics: repo.topics,
      default_branch: repo.defaultBranch,
      url: `${this.apiBaseUrl}/repos/${org}/${repo.name}`,
      clone_url: `${this.url}/${org}/${repo.name}.git`,
      created_at: repo.createdAt,
    };
  }
}
