import express from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import { FaultInjectingStandIn, RunningServer, listen } from '../http';
import {
  GRPC,
  GrpcError,
  invalidArgument,
  notFound,
  permissionDenied,
} from './grpc';
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
import {
  ArgoCdApplication,
  ArgoCdApplicationDestination,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdInitiatedBy,
  ArgoCdObjectMeta,
  ArgoCdOperation,
  ArgoCdOperationState,
  ArgoCdProject,
  ArgoCdProjectDestination,
  ArgoCdResourceStatus,
  ArgoCdRevisionHistory,
  ArgoCdRevisionMetadata,
} from './model';

export type {
  ArgoCdApplication,
  ArgoCdApplicationDestination,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdApplicationStatus,
  ArgoCdInitiatedBy,
  ArgoCdObjectMeta,
  ArgoCdOperation,
  ArgoCdOperationState,
  ArgoCdProject,
  ArgoCdProjectDestination,
  ArgoCdResourceStatus,
  ArgoCdRevisionHistory,
  ArgoCdRevisionMetadata,
  ArgoCdSyncPolicy,
} from './model';

export type ArgoCdStandInOptions = {
  port?: number;
  /**
   * Local users who may log in with `POST /api/v1/session`; default
   * `{ admin: 'sandbox-password' }`.
   */
  users?: Record<string, string>;
  /**
   * Bearer tokens accepted as they are, like account API tokens; they act
   * as `admin`. Default `['sandbox-argocd-token']`.
   */
  tokens?: string[];
  /**
   * Run the automated sync policy: an application with
   * `spec.syncPolicy.automated` is synced when it is created or its spec
   * changes, and when `pushCommit` moves the revision it tracks. Default
   * true; with false, only `POST .../sync` syncs.
   */
  autoSync?: boolean;
  /** The control plane's namespace, every object's `metadata.namespace`; default `argocd`. */
  namespace?: string;
  /** Clusters besides `in-cluster` (`https://kubernetes.default.svc`). */
  clusters?: { name: string; server: string }[];
  /**
   * How long a sync stays `Running` before it succeeds (so that
   * `DELETE .../operation` has something to terminate); default 0: a sync
   * has finished when its request is answered.
   */
  operationDurationMs?: number;
  /**
   * How a request for an application that does not exist is answered when
   * it names no `project`. Argo CD since v2.5 (CVE-2022-41354) answers 403
   * `permission denied`, so as not to reveal whether an application exists;
   * older versions answered 404 `applications.argoproj.io "x" not found`
   * (which current ones still do when the request names the project).
   * Default 403.
   */
  missingApplicationStatus?: 403 | 404;
  /**
   * How long a cascading delete takes: the application stays, with
   * `metadata.deletionTimestamp`, until the controller has deleted its
   * resources and removed the finalizer. Default 0: gone when the delete
   * is answered.
   */
  cascadeDeletionMs?: number;
};

/** Seeds an application as if it had existed, and been deployed, for a while. */
export type ArgoCdApplicationSeed = {
  name: string;
  /** Default `default`; created (allowing the repo and namespace) if missing. */
  project?: string;
  /** The destination namespace (`spec.destination.namespace`). */
  namespace: string;
  repoURL: string;
  path: string;
  /** Default `HEAD`. */
  targetRevision?: string;
  /** Default `https://kubernetes.default.svc`. */
  destinationServer?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Give the app `spec.syncPolicy.automated`. Default false. */
  automated?: boolean;
  /** How many past deployments `status.history` shows; default 0. */
  history?: number;
  /** Default `Synced` with history, else `OutOfSync`. */
  syncStatus?: string;
  /** Default `Healthy` with history, else `Missing`. */
  healthStatus?: string;
  /** `status.summary.images`; default one image tagged with the deployed commit. */
  images?: string[];
};

export type ArgoCdCommit = {
  repoURL: string;
  /** The branch or tag that moves to the new commit; default `HEAD`. */
  targetRevision?: string;
  author?: string;
  message?: string;
  tags?: string[];
};

/** A request the stand-in received. */
export type ArgoCdRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body?: string;
};

type Query = Record<string, string[]>;

type RouteContext = {
  params: Record<string, string>;
  query: Query;
  rawBody: string;
  user: string;
  token?: string;
};

type Route = {
  method: string;
  pattern: RegExp;
  auth: boolean;
  handler: (ctx: RouteContext) => unknown;
};

type Cluster = { name: string; server: string };

const IN_CLUSTER: Cluster = {
  name: 'in-cluster',
  server: 'https://kubernetes.default.svc',
};
const DEFAULT_PROJECT = 'default';
const SHA = /^[0-9a-f]{40}$/;
const TRUNCATED_SHA = /^[0-9a-f]{7,40}$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const AUTHORS = [
  'Ada Lovelace <ada@example.com>',
  'Grace Hopper <grace@example.com>',
  'Linus Torvalds <linus@example.com>',
];
const GENERIC_FAILURES: Record<number, string> = {
  401: 'invalid session: token has invalid claims: token is expired',
  403: 'permission denied',
  404: 'Not Found',
  409: 'the object has been modified; please apply your changes to the latest version and try again',
  429: 'too many requests',
  500: 'internal error',
  503: 'connection error: desc = "transport: Error while dialing: dial tcp: connect: connection refused"',
  504: 'context deadline exceeded',
};

function rfc3339(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fakeSha(): string {
  return randomBytes(20).toString('hex');
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, for Go's `reflect.DeepEqual` of decoded structs. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .filter(k => value[k] !== undefined && value[k] !== null)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(value[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, String(v)]),
  );
}

/** Go's `filepath.Match`-like glob with `*` (Argo CD's `glob.Match`). */
function globMatch(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '') return false;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

function goJsonError(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') return 'unexpected EOF';
  return `invalid character '${trimmed[0]}' looking for beginning of value`;
}

function parseJsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidArgument(goJsonError(raw));
  }
  if (!isObject(parsed)) {
    throw invalidArgument(
      'json: cannot unmarshal non-object into Go value of type map[string]interface {}',
    );
  }
  return parsed;
}

function sourcesOf(spec: ArgoCdApplicationSpec): ArgoCdApplicationSource[] {
  if (Array.isArray(spec.sources) && spec.sources.length > 0) {
    return spec.sources;
  }
  return spec.source ? [spec.source] : [];
}

function sourceType(source: ArgoCdApplicationSource | undefined): string {
  if (!source) return 'Directory';
  if (source.chart !== undefined || source.helm !== undefined) return 'Helm';
  if (source.kustomize !== undefined) return 'Kustomize';
  return 'Directory';
}

/**
 * A stand-in for Argo CD's REST API (the gRPC-gateway API described at
 * https://argo-cd.readthedocs.io/en/stable/developer-guide/api-docs/ and
 * in the swagger at https://cd.apps.argoproj.io/swagger-ui), for what
 * Roadie's Argo CD plugins (`@roadiehq/backstage-plugin-argo-cd-node`,
 * `-backend`, the frontend and the `argocd:create-resources` scaffolder
 * action) call:
 *
 * - `POST /api/v1/session` (username/password → `{token}`),
 *   `GET /api/v1/session/userinfo`, `DELETE /api/v1/session`,
 *   `GET /api/version`;
 * - projects: list, get, create (idempotent for an identical spec,
 *   `upsert`), update (optimistic concurrency on `resourceVersion`),
 *   delete;
 * - applications: list (`selector`, `project`/`projects`, `name`, `repo`,
 *   `appNamespace`), get, create (validated against its project: sources,
 *   destinations, clusters; idempotent for an identical spec, `upsert`),
 *   update, update spec, delete, `sync`, terminate operation
 *   (`DELETE .../operation`) and revision metadata;
 * - errors as grpc-gateway renders gRPC statuses
 *   (`{"error", "code", "message"}` with the mapped HTTP status) and
 *   Argo CD's messages; bearer tokens (or the `argocd.token` cookie).
 *
 * There is no controller or git: a sync succeeds at once (or after
 * `operationDurationMs`), deploying the commit the tracked ref points at
 * (a fake 40-hex commit per repo and ref; `pushCommit` moves it).
 */
export class ArgoCdStandIn extends FaultInjectingStandIn {
  private readonly apps = new Map<string, ArgoCdApplication>();
  private readonly projectStore = new Map<string, ArgoCdProject>();
  private readonly sessions = new Map<string, { user: string }>();
  private readonly refs = new Map<string, string>();
  private readonly revisions = new Map<string, ArgoCdRevisionMetadata>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly routes: Route[];
  private resourceVersion = 1000;
  private server?: RunningServer;
  /** Every request received, in order. */
  readonly requests: ArgoCdRecordedRequest[] = [];
  private readonly deployListeners: ((app: ArgoCdApplication) => void)[] = [];

  /**
   * Called after each successful sync with the application as deployed, e.g.
   * to create its workload in a Kubernetes stand-in (what the real Argo CD
   * does in its destination cluster).
   */
  onDeployed(listener: (app: ArgoCdApplication) => void): void {
    this.deployListeners.push(listener);
  }

  private constructor(
    private readonly users: Record<string, string>,
    private readonly tokens: string[],
    private readonly autoSync: boolean,
    /** The control plane's namespace. */
    readonly namespace: string,
    private readonly clusters: Cluster[],
    private readonly operationDurationMs: number,
    private readonly missingApplicationStatus: 403 | 404,
    private readonly cascadeDeletionMs: number,
  ) {
    super();
    this.routes = this.buildRoutes();
  }

  static async start(
    options: ArgoCdStandInOptions = {},
  ): Promise<ArgoCdStandIn> {
    const instance = new ArgoCdStandIn(
      options.users ?? { admin: 'sandbox-password' },
      options.tokens ?? ['sandbox-argocd-token'],
      options.autoSync ?? true,
      options.namespace ?? 'argocd',
      [IN_CLUSTER, ...(options.clusters ?? [])],
      options.operationDurationMs ?? 0,
      options.missingApplicationStatus ?? 403,
      options.cascadeDeletionMs ?? 0,
    );
    instance.projectStore.set(DEFAULT_PROJECT, {
      metadata: instance.newMetadata(DEFAULT_PROJECT),
      spec: {
        sourceRepos: ['*'],
        destinations: [{ namespace: '*', server: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
      status: {},
    });
    const app = express();
    app.disable('x-powered-by');
    app.use(express.text({ type: () => true, limit: '10mb' }));
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        if (!res.headersSent) {
          const failure = new GrpcError(GRPC.Unknown, String(error));
          res.status(failure.httpStatus).json(failure.body);
        }
      });
    });
    instance.server = await listen(app, options.port);
    return instance;
  }

  get url(): string {
    return this.server!.url;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.server?.close();
  }

  /** The applications, sorted by name. */
  applications(): ArgoCdApplication[] {
    return [...this.apps.values()]
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(clone);
  }

  application(name: string): ArgoCdApplication | undefined {
    const app = this.apps.get(name);
    return app ? clone(app) : undefined;
  }

  /** The projects (including `default`), sorted by name. */
  projects(): ArgoCdProject[] {
    return [...this.projectStore.values()]
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(clone);
  }

  project(name: string): ArgoCdProject | undefined {
    const project = this.projectStore.get(name);
    return project ? clone(project) : undefined;
  }

  /** Creates or replaces a project directly, without validation. */
  seedProject(
    name: string,
    spec: ArgoCdProject['spec'] = {
      sourceRepos: ['*'],
      destinations: [{ namespace: '*', server: '*' }],
    },
  ): ArgoCdProject {
    const previous = this.projectStore.get(name);
    const project: ArgoCdProject = {
      metadata: previous
        ? { ...previous.metadata, resourceVersion: this.nextVersion() }
        : this.newMetadata(name),
      spec: clone(spec),
      status: {},
    };
    this.projectStore.set(name, project);
    return clone(project);
  }

  /**
   * Stores an application as if it had been created and deployed
   * `history` times (one day apart, the last an hour ago), with revision
   * metadata for each deployed commit.
   */
  seedApplication(seed: ArgoCdApplicationSeed): ArgoCdApplication {
    const projectName = seed.project ?? DEFAULT_PROJECT;
    const server = seed.destinationServer ?? IN_CLUSTER.server;
    if (!this.projectStore.has(projectName)) {
      this.seedProject(projectName, {
        sourceRepos: [seed.repoURL],
        destinations: [{ namespace: seed.namespace, server }],
      });
    }
    const source: ArgoCdApplicationSource = {
      repoURL: seed.repoURL,
      path: seed.path,
      targetRevision: seed.targetRevision ?? 'HEAD',
    };
    const spec: ArgoCdApplicationSpec = {
      destination: { namespace: seed.namespace, server },
      project: projectName,
      source,
      ...(seed.automated
        ? { syncPolicy: { automated: { prune: true, selfHeal: true } } }
        : {}),
    };
    const metadata = this.newMetadata(seed.name);
    if (seed.labels) metadata.labels = { ...seed.labels };
    if (seed.annotations) metadata.annotations = { ...seed.annotations };
    const app: ArgoCdApplication = {
      metadata,
      spec,
      status: this.initialStatus(seed.name, spec),
    };
    const deployments = seed.history ?? 0;
    const history: ArgoCdRevisionHistory[] = [];
    const hour = 3600 * 1000;
    for (let i = 0; i < deployments; i++) {
      const revision = fakeSha();
      const deployedAt = new Date(
        Date.now() - hour - (deployments - 1 - i) * 24 * hour,
      );
      this.revisions.set(revision, {
        author: AUTHORS[i % AUTHORS.length],
        date: rfc3339(new Date(deployedAt.getTime() - 10 * 60 * 1000)),
        tags: [],
        message: `Release ${seed.name} #${i + 1}`,
      });
      history.push({
        revision,
        deployedAt: rfc3339(deployedAt),
        id: i,
        source: clone(source),
        deployStartedAt: rfc3339(new Date(deployedAt.getTime() - 30 * 1000)),
        initiatedBy: seed.automated
          ? { automated: true }
          : { username: 'admin' },
      });
    }
    const last = history[history.length - 1];
    if (last) {
      this.refs.set(
        this.refKey(source.repoURL, source.targetRevision),
        last.revision!,
      );
      app.status.history = history;
      app.status.sync.revision = last.revision;
      app.status.operationState = {
        operation: {
          sync: { revision: last.revision, syncStrategy: { hook: {} } },
          initiatedBy: last.initiatedBy,
          retry: {},
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: {
          resources: this.resourcesOf(app, 'Synced', 'Healthy'),
          revision: last.revision,
          source: clone(source),
        },
        startedAt: last.deployStartedAt,
        finishedAt: last.deployedAt,
      };
      app.status.summary = {
        images: seed.images ?? [this.imageFor(seed.name, last.revision!)],
      };
    } else if (seed.images) {
      app.status.summary = { images: seed.images };
    }
    const syncStatus = seed.syncStatus ?? (last ? 'Synced' : 'OutOfSync');
    const healthStatus = seed.healthStatus ?? (last ? 'Healthy' : 'Missing');
    app.status.sync.status = syncStatus;
    app.status.health = { status: healthStatus };
    app.status.resources = this.resourcesOf(app, syncStatus, healthStatus);
    this.apps.set(seed.name, app);
    return clone(app);
  }

  /**
   * Moves a branch or tag of a repository to a new (fake) commit, as a
   * push would; applications with an automated sync policy that track it
   * are synced (with `autoSync`). Returns the commit.
   */
  pushCommit(commit: ArgoCdCommit): string {
    const sha = fakeSha();
    const ref = commit.targetRevision ?? 'HEAD';
    this.refs.set(this.refKey(commit.repoURL, ref), sha);
    this.revisions.set(sha, {
      author: commit.author ?? AUTHORS[0],
      date: rfc3339(),
      tags: commit.tags ?? [],
      message: commit.message ?? `Commit ${sha.slice(0, 7)}`,
    });
    if (this.autoSync) {
      for (const app of this.apps.values()) {
        const tracks = sourcesOf(app.spec).some(
          s =>
            s.repoURL === commit.repoURL &&
            (s.targetRevision || 'HEAD') === ref,
        );
        if (tracks && app.spec.syncPolicy?.automated && !app.operation) {
          this.startSync(app, { initiatedBy: { automated: true } });
        }
      }
    }
    return sha;
  }

  // ---------------------------------------------------------------------
  // HTTP

  private buildRoutes(): Route[] {
    const name = '(?<name>[^/]+)';
    const route = (
      method: string,
      pattern: string,
      handler: Route['handler'],
      auth = true,
    ): Route => ({
      method,
      pattern: new RegExp(`^${pattern}$`),
      auth,
      handler,
    });
    return [
      route('GET', '/api/version', () => this.version(), false),
      route('POST', '/api/v1/session', ctx => this.login(ctx), false),
      route('DELETE', '/api/v1/session', ctx => this.logout(ctx)),
      route(
        'GET',
        '/api/v1/session/userinfo',
        ctx => this.userInfo(ctx),
        false,
      ),
      route('GET', '/api/v1/projects', () => this.listProjects()),
      route('POST', '/api/v1/projects', ctx => this.createProject(ctx)),
      route('GET', `/api/v1/projects/${name}`, ctx =>
        this.getProject(ctx.params.name),
      ),
      route('PUT', `/api/v1/projects/${name}`, ctx => this.updateProject(ctx)),
      route('DELETE', `/api/v1/projects/${name}`, ctx =>
        this.deleteProject(ctx.params.name),
      ),
      route('GET', '/api/v1/applications', ctx => this.listApps(ctx)),
      route('POST', '/api/v1/applications', ctx => this.createApp(ctx)),
      route('GET', `/api/v1/applications/${name}`, ctx =>
        this.findApp(ctx.params.name, ctx.query),
      ),
      route('PUT', `/api/v1/applications/${name}`, ctx => this.updateApp(ctx)),
      route('DELETE', `/api/v1/applications/${name}`, ctx =>
        this.deleteApp(ctx),
      ),
      route('PUT', `/api/v1/applications/${name}/spec`, ctx =>
        this.updateAppSpec(ctx),
      ),
      route('POST', `/api/v1/applications/${name}/sync`, ctx =>
        this.syncApp(ctx),
      ),
      route('DELETE', `/api/v1/applications/${name}/operation`, ctx =>
        this.terminateOperation(ctx),
      ),
      route(
        'GET',
        `/api/v1/applications/${name}/revisions/(?<revision>[^/]+)/metadata`,
        ctx => this.revisionMetadata(ctx),
      ),
    ];
  }

  private async handle(req: express.Request, res: express.Response) {
    const url = new URL(req.originalUrl, 'http://stand-in');
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      // keep the raw path
    }
    const query: Query = {};
    for (const [key, value] of url.searchParams) {
      (query[key] ??= []).push(value);
    }
    const rawBody = typeof req.body === 'string' ? req.body : '';
    this.requests.push({
      method: req.method,
      path,
      query: Object.fromEntries(
        Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
      ),
      ...(rawBody ? { body: rawBody } : {}),
    });
    await this.injectedLatency();

    // grpc-gateway's mux: unknown paths and methods never reach Argo CD.
    let matched: { route: Route; params: Record<string, string> } | undefined;
    let otherMethod = false;
    for (const candidate of this.routes) {
      const match = candidate.pattern.exec(url.pathname);
      if (!match) continue;
      if (candidate.method !== req.method) {
        otherMethod = true;
        continue;
      }
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(match.groups ?? {})) {
        params[k] = decodeURIComponent(v);
      }
      matched = { route: candidate, params };
      break;
    }
    if (!matched) {
      res
        .status(otherMethod ? 405 : 404)
        .type('text/plain')
        .send(otherMethod ? 'Method Not Allowed\n' : 'Not Found\n');
      return;
    }

    try {
      const token = this.tokenOf(req);
      let user = '';
      if (matched.route.auth) user = this.authenticate(token);
      this.injectedFailure(req.method, path);
      const result = matched.route.handler({
        params: matched.params,
        query,
        rawBody,
        user,
        token,
      });
      res.status(200).json(result);
    } catch (error) {
      if (!(error instanceof GrpcError)) throw error;
      res.status(error.httpStatus).json(error.body);
    }
  }

  private tokenOf(req: express.Request): string | undefined {
    const bearer = /^bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
    if (bearer) return bearer[1].trim();
    const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(
      req.header('cookie') ?? '',
    );
    return cookie ? decodeURIComponent(cookie[1]) : undefined;
  }

  /** The user a token belongs to, or the error Argo CD answers. */
  private authenticate(token: string | undefined): string {
    if (!token) {
      throw new GrpcError(GRPC.Unauthenticated, 'no session information');
    }
    if (this.tokens.includes(token)) return 'admin';
    const session = this.sessions.get(token);
    if (session) return session.user;
    const reason =
      token.split('.').length === 3
        ? 'signature is invalid'
        : 'token contains an invalid number of segments';
    throw new GrpcError(GRPC.Unauthenticated, `invalid session: ${reason}`);
  }

  private injectedFailure(method: string, path: string) {
    const injected = this.takeInjectedFailure(method, path);
    if (!injected) return;
    throw GrpcError.forHttpStatus(
      injected.status,
      injected.message ??
        GENERIC_FAILURES[injected.status] ??
        `injected failure ${injected.status}`,
    );
  }

  // ---------------------------------------------------------------------
  // Session and version

  private version() {
    return {
      Version: 'v2.14.9+sandbox',
      BuildDate: '2025-04-01T00:00:00Z',
      GitCommit: '0000000000000000000000000000000000000000',
      GitTag: 'v2.14.9',
      GitTreeState: 'clean',
      GoVersion: 'go1.23.6',
      Compiler: 'gc',
      Platform: 'linux/amd64',
      KustomizeVersion: 'v5.4.3',
      HelmVersion: 'v3.17.1',
      KubectlVersion: 'v0.31.0',
      JsonnetVersion: 'v0.20.0',
    };
  }

  private login(ctx: RouteContext) {
    const body = parseJsonObject(ctx.rawBody);
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!username || this.users[username] !== password) {
      throw new GrpcError(GRPC.Unauthenticated, 'Invalid username or password');
    }
    const token = this.issueToken(username);
    this.sessions.set(token, { user: username });
    return { token };
  }

  private logout(ctx: RouteContext) {
    if (ctx.token) this.sessions.delete(ctx.token);
    return {};
  }

  private userInfo(ctx: RouteContext) {
    let user: string;
    try {
      user = this.authenticate(ctx.token);
    } catch {
      return { loggedIn: false };
    }
    return { loggedIn: true, username: user, iss: 'argocd', groups: [] };
  }

  /** A JWT shaped like Argo CD's session tokens (HS256, `iss: argocd`). */
  private issueToken(username: string): string {
    const encode = (value: unknown) =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const iat = Math.floor(Date.now() / 1000);
    return [
      encode({ alg: 'HS256', typ: 'JWT' }),
      encode({
        iss: 'argocd',
        sub: username,
        exp: iat + 24 * 3600,
        nbf: iat,
        iat,
        jti: randomUUID(),
      }),
      randomBytes(32).toString('base64url'),
    ].join('.');
  }

  // ---------------------------------------------------------------------
  // Projects

  private listProjects() {
    return {
      metadata: { resourceVersion: String(this.resourceVersion) },
      items: this.projects(),
    };
  }

  private getProject(name: string): ArgoCdProject {
    const project = this.projectStore.get(name);
    if (!project) throw notFound('appprojects', name);
    return clone(project);
  }

  private createProject(ctx: RouteContext): ArgoCdProject {
    const body = parseJsonObject(ctx.rawBody);
    if (!isObject(body.project)) {
      throw invalidArgument("missing payload 'project' in request");
    }
    const incoming = body.project;
    const metadata = isObject(incoming.metadata) ? incoming.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const spec = isObject(incoming.spec)
      ? (clone(incoming.spec) as ArgoCdProject['spec'])
      : {};
    const upsert = body.upsert === true || ctx.query.upsert?.[0] === 'true';
    this.validateProjectName(name);
    const existing = this.projectStore.get(name);
    if (existing) {
      if (upsert) {
        existing.spec = spec;
        this.touch(existing.metadata, true);
        return clone(existing);
      }
      if (!sameJson(existing.spec, spec)) {
        throw invalidArgument(specIsDifferent('project', existing.spec, spec));
      }
      return clone(existing);
    }
    const project: ArgoCdProject = {
      metadata: this.newMetadata(name, metadata),
      spec,
      status: {},
    };
    this.projectStore.set(name, project);
    return clone(project);
  }

  private validateProjectName(name: string) {
    if (name === '') {
      throw invalidArgument(
        'AppProject.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
      );
    }
    if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
      throw invalidArgument(
        `AppProject.argoproj.io "${name}" is invalid: metadata.name: Invalid value: "${name}": ${DNS_SUBDOMAIN_MESSAGE}`,
      );
    }
  }

  private updateProject(ctx: RouteContext): ArgoCdProject {
    const body = parseJsonObject(ctx.rawBody);
    if (!isObject(body.project)) {
      throw invalidArgument("missing payload 'project' in request");
    }
    const name = ctx.params.name;
    const incoming = body.project;
    const metadata = isObject(incoming.metadata) ? incoming.metadata : {};
    const spec = isObject(incoming.spec)
      ? (clone(incoming.spec) as ArgoCdProject['spec'])
      : {};
    const existing = this.projectStore.get(name);
    if (!existing) throw notFound('appprojects', name);
    const version = metadata.resourceVersion;
    if (version === undefined || version === '') {
      throw invalidArgument(
        `appprojects.argoproj.io "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
      );
    }
    if (String(version) !== existing.metadata.resourceVersion) {
      throw new GrpcError(
        GRPC.Aborted,
        `Operation cannot be fulfilled on appprojects.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    // Argo CD refuses an update that would invalidate applications.
    const proposed: ArgoCdProject = { ...existing, spec };
    let invalidSources = 0;
    let invalidDestinations = 0;
    for (const app of this.apps.values()) {
      if (app.spec.project !== name) continue;
      const sources = sourcesOf(app.spec);
      if (
        sources.every(s => this.sourcePermitted(existing, s.repoURL)) &&
        !sources.every(s => this.sourcePermitted(proposed, s.repoURL))
      ) {
        invalidSources += 1;
      }
      const destination = this.resolveDestination(app.spec.destination);
      if (
        this.destinationPermitted(existing, destination) &&
        !this.destinationPermitted(proposed, destination)
      ) {
        invalidDestinations += 1;
      }
    }
    const parts: string[] = [];
    if (invalidSources > 0) {
      parts.push(`${invalidSources} applications source became invalid`);
    }
    if (invalidDestinations > 0) {
      parts.push(
        `${invalidDestinations} applications destination became invalid`,
      );
    }
    if (parts.length > 0) {
      throw invalidArgument(
        `as a result of project update ${parts.join(' and ')}`,
      );
    }
    const specChanged = !sameJson(existing.spec, spec);
    existing.spec = spec;
    const labels = stringMap(metadata.labels);
    const annotations = stringMap(metadata.annotations);
    setOrDelete(existing.metadata, 'labels', labels);
    setOrDelete(existing.metadata, 'annotations', annotations);
    setOrDelete(
      existing.metadata,
      'finalizers',
      Array.isArray(metadata.finalizers)
        ? metadata.finalizers.map(String)
        : undefined,
    );
    this.touch(existing.metadata, specChanged);
    return clone(existing);
  }

  private deleteProject(name: string) {
    if (name === DEFAULT_PROJECT) {
      throw invalidArgument(
        `name '${DEFAULT_PROJECT}' is reserved and cannot be deleted`,
      );
    }
    if (!this.projectStore.has(name)) throw notFound('appprojects', name);
    const referencing = [...this.apps.values()].filter(
      a => a.spec.project === name,
    ).length;
    if (referencing > 0) {
      throw invalidArgument(
        `project is referenced by ${referencing} applications`,
      );
    }
    this.projectStore.delete(name);
    return {};
  }

  // ---------------------------------------------------------------------
  // Applications

  private listApps(ctx: RouteContext) {
    let requirements: ReturnType<typeof parseLabelSelector>;
    try {
      requirements = parseLabelSelector(ctx.query.selector?.[0] ?? '');
    } catch (error) {
      if (!(error instanceof LabelSelectorError)) throw error;
      throw new GrpcError(
        GRPC.Unknown,
        `error parsing the selector: ${error.message}`,
      );
    }
    const appNamespace = ctx.query.appNamespace?.[0] ?? '';
    const projects = [
      ...(ctx.query.project ?? []),
      ...(ctx.query.projects ?? []),
    ];
    const name = ctx.query.name?.[0];
    const repo = ctx.query.repo?.[0];
    const items = this.applications().filter(
      app =>
        (appNamespace === '' || appNamespace === this.namespace) &&
        matchesLabelSelector(requirements, app.metadata.labels ?? {}) &&
        (projects.length === 0 || projects.includes(app.spec.project)) &&
        (name === undefined || app.metadata.name === name) &&
        (repo === undefined ||
          sourcesOf(app.spec).some(
            s => normalizeRepo(s.repoURL) === normalizeRepo(repo),
          )),
    );
    return {
      metadata: { resourceVersion: String(this.resourceVersion) },
      items,
    };
  }

  /** Argo CD's `getAppEnforceRBAC`: the app, or the error it answers. */
  private stored(name: string, query: Query): ArgoCdApplication {
    const projects = [...(query.project ?? []), ...(query.projects ?? [])];
    if (projects.length > 1) {
      throw invalidArgument(
        'multiple projects specified - the get endpoint accepts either zero or one project',
      );
    }
    const project = projects[0] ?? '';
    const appNamespace = query.appNamespace?.[0] || this.namespace;
    const app =
      appNamespace === this.namespace ? this.apps.get(name) : undefined;
    if (!app) {
      if (project !== '' || this.missingApplicationStatus === 404) {
        throw notFound('applications', name);
      }
      throw permissionDenied();
    }
    if (project !== '' && app.spec.project !== project) {
      throw notFound('applications', name);
    }
    return app;
  }

  private findApp(name: string, query: Query): ArgoCdApplication {
    return clone(this.stored(name, query));
  }

  private createApp(ctx: RouteContext): ArgoCdApplication {
    const body = parseJsonObject(ctx.rawBody);
    const upsert = ctx.query.upsert?.[0] === 'true';
    const metadata = isObject(body.metadata) ? body.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const spec = this.validateApp(name, body.spec);
    const appNamespace =
      typeof metadata.namespace === 'string' && metadata.namespace !== ''
        ? metadata.namespace
        : this.namespace;
    if (appNamespace !== this.namespace) {
      throw new GrpcError(
        GRPC.Unknown,
        `namespace '${appNamespace}' is not permitted`,
      );
    }
    if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
      throw invalidArgument(
        `error creating application: Application.argoproj.io "${name}" is invalid: metadata.name: Invalid value: "${name}": ${DNS_SUBDOMAIN_MESSAGE}`,
      );
    }
    const labels = stringMap(metadata.labels);
    const annotations = stringMap(metadata.annotations);
    const finalizers = Array.isArray(metadata.finalizers)
      ? metadata.finalizers.map(String)
      : undefined;
    const existing = this.apps.get(name);
    if (existing) {
      const equal =
        sameJson(existing.spec, spec) &&
        sameJson(existing.metadata.labels, labels) &&
        sameJson(existing.metadata.annotations, annotations) &&
        sameJson(existing.metadata.finalizers, finalizers);
      if (equal) return clone(existing);
      if (!upsert) {
        throw invalidArgument(
          'existing application spec is different, use upsert flag to force update',
        );
      }
      existing.metadata.labels = { ...existing.metadata.labels, ...labels };
      existing.metadata.annotations = {
        ...existing.metadata.annotations,
        ...annotations,
      };
      setOrDelete(existing.metadata, 'finalizers', finalizers);
      this.replaceSpec(existing, spec);
      return clone(existing);
    }
    const meta = this.newMetadata(name, metadata);
    const app: ArgoCdApplication = {
      metadata: meta,
      spec,
      status: this.initialStatus(name, spec),
    };
    this.apps.set(name, app);
    if (this.autoSync && spec.syncPolicy?.automated) {
      this.startSync(app, { initiatedBy: { automated: true } });
    }
    return clone(app);
  }

  private updateApp(ctx: RouteContext): ArgoCdApplication {
    const body = parseJsonObject(ctx.rawBody);
    const name = ctx.params.name;
    const app = this.stored(name, ctx.query);
    const metadata = isObject(body.metadata) ? body.metadata : {};
    const spec = this.validateApp(name, body.spec);
    setOrDelete(app.metadata, 'labels', stringMap(metadata.labels));
    setOrDelete(app.metadata, 'annotations', stringMap(metadata.annotations));
    setOrDelete(
      app.metadata,
      'finalizers',
      Array.isArray(metadata.finalizers)
        ? metadata.finalizers.map(String)
        : undefined,
    );
    this.replaceSpec(app, spec);
    return clone(app);
  }

  private updateAppSpec(ctx: RouteContext): ArgoCdApplicationSpec {
    const body = parseJsonObject(ctx.rawBody);
    const name = ctx.params.name;
    const app = this.stored(name, ctx.query);
    const spec = this.validateApp(name, body);
    this.replaceSpec(app, spec);
    return clone(app.spec);
  }

  private deleteApp(ctx: RouteContext) {
    const name = ctx.params.name;
    const app = this.stored(name, ctx.query);
    const cascade = ctx.query.cascade?.[0] !== 'false';
    const policy = ctx.query.propagationPolicy?.[0] ?? '';
    if (!cascade && policy) {
      throw invalidArgument(
        'cannot set propagation policy when cascading is disabled',
      );
    }
    const finalizers: Record<string, string> = {
      '': 'resources-finalizer.argocd.argoproj.io',
      foreground: 'resources-finalizer.argocd.argoproj.io',
      background: 'resources-finalizer.argocd.argoproj.io/background',
    };
    if (cascade && finalizers[policy] === undefined) {
      throw invalidArgument(`invalid propagation policy: ${policy}`);
    }
    const kept = (app.metadata.finalizers ?? []).filter(
      f => !f.startsWith('resources-finalizer.argocd.argoproj.io'),
    );
    const withFinalizer = cascade ? [...kept, finalizers[policy]] : kept;
    setOrDelete(app.metadata, 'finalizers', withFinalizer);
    if (!cascade || this.cascadeDeletionMs <= 0) {
      this.apps.delete(name);
      return {};
    }
    if (app.metadata.deletionTimestamp === undefined) {
      app.metadata.deletionTimestamp = rfc3339();
      app.metadata.deletionGracePeriodSeconds = 0;
      this.touch(app.metadata, false);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.apps.get(name) === app) this.apps.delete(name);
      }, this.cascadeDeletionMs);
      this.timers.add(timer);
    }
    return {};
  }

  private syncApp(ctx: RouteContext): ArgoCdApplication {
    const body = parseJsonObject(ctx.rawBody);
    const app = this.stored(ctx.params.name, ctx.query);
    if (app.operation) {
      throw new GrpcError(
        GRPC.FailedPrecondition,
        'another operation is already in progress',
      );
    }
    const revision = typeof body.revision === 'string' ? body.revision : '';
    const dryRun = body.dryRun === true;
    const source = sourcesOf(app.spec)[0];
    if (
      revision !== '' &&
      app.spec.syncPolicy?.automated &&
      !dryRun &&
      (source?.targetRevision || 'HEAD') !== revision
    ) {
      throw new GrpcError(
        GRPC.FailedPrecondition,
        `Cannot sync to ${revision}: auto-sync currently set to ${
          source?.targetRevision ?? ''
        }`,
      );
    }
    this.startSync(app, {
      initiatedBy: { username: ctx.user },
      revision,
      dryRun,
      prune: body.prune === true,
      strategy: isObject(body.strategy) ? body.strategy : undefined,
    });
    return clone(app);
  }

  private terminateOperation(ctx: RouteContext) {
    const app = this.stored(ctx.params.name, ctx.query);
    if (!app.operation || !app.status.operationState) {
      throw invalidArgument(
        'Unable to terminate operation. No operation is in progress',
      );
    }
    // The controller stops the sync and marks the operation failed.
    const state = app.status.operationState;
    delete app.operation;
    state.phase = 'Failed';
    state.message = 'Operation terminated';
    state.finishedAt = rfc3339();
    app.status.health = { status: 'Degraded' };
    this.touch(app.metadata, false);
    return {};
  }

  private revisionMetadata(ctx: RouteContext) {
    this.stored(ctx.params.name, ctx.query);
    const revision = ctx.params.revision;
    if (!TRUNCATED_SHA.test(revision)) {
      throw new GrpcError(
        GRPC.Unknown,
        `error getting revision metadata: revision ${revision} must be resolved`,
      );
    }
    const full = [...this.revisions.keys()].find(sha =>
      sha.startsWith(revision),
    );
    if (!full) {
      throw new GrpcError(
        GRPC.Unknown,
        `error getting revision metadata: rpc error: code = Unknown desc = unable to resolve git revision ${revision}: object not found`,
      );
    }
    const metadata = this.revisions.get(full)!;
    return {
      author: metadata.author,
      date: metadata.date,
      ...(metadata.tags.length > 0 ? { tags: metadata.tags } : {}),
      message: metadata.message,
    };
  }

  // ---------------------------------------------------------------------
  // Validation, as Argo CD's validateAndNormalizeApp

  private validateApp(name: string, rawSpec: unknown): ArgoCdApplicationSpec {
    if (name === '') {
      throw new GrpcError(GRPC.Unknown, 'resource name may not be empty');
    }
    const spec = (
      isObject(rawSpec) ? clone(rawSpec) : {}
    ) as ArgoCdApplicationSpec;
    if (!spec.project) spec.project = DEFAULT_PROJECT;
    if (!isObject(spec.destination)) spec.destination = {};
    if (
      isObject(spec.syncPolicy) &&
      Object.keys(spec.syncPolicy).length === 0
    ) {
      delete spec.syncPolicy;
    }
    const project = this.projectStore.get(spec.project);
    if (!project) {
      throw invalidArgument(
        `application references project ${spec.project} which does not exist`,
      );
    }
    const destination = spec.destination;
    const destinationError = (message: string) =>
      invalidArgument(
        `application destination spec for ${name} is invalid: ${message}`,
      );
    if (destination.name && destination.server) {
      throw destinationError(
        `application destination can't have both name and server defined: ${destination.name} ${destination.server}`,
      );
    }
    if (
      destination.name &&
      !this.clusters.some(c => c.name === destination.name)
    ) {
      throw destinationError(
        `unable to find destination server: there are no clusters with this name: ${destination.name}`,
      );
    }
    if (!destination.name && !destination.server) {
      throw destinationError('Destination server missing from app spec');
    }

    const conditions: string[] = [];
    const sources = sourcesOf(spec);
    if (
      sources.length === 0 ||
      sources.some(s => !s.repoURL || (!s.path && !s.chart && !s.ref))
    ) {
      conditions.push(
        'spec.source.repoURL and either spec.source.path, spec.source.chart, or spec.source.ref are required',
      );
    } else {
      for (const source of sources) {
        if (!this.sourcePermitted(project, source.repoURL)) {
          conditions.push(
            `application repo ${source.repoURL} is not permitted in project '${spec.project}'`,
          );
        }
      }
      const resolved = this.resolveDestination(destination);
      if (!this.destinationPermitted(project, resolved)) {
        conditions.push(
          `application destination server '${resolved.server}' and namespace '${
            resolved.namespace ?? ''
          }' do not match any of the allowed destinations in project '${
            spec.project
          }'`,
        );
      }
      if (
        destination.server &&
        !this.clusters.some(c => c.server === destination.server)
      ) {
        conditions.push(
          `cluster '${destination.server}' has not been configured`,
        );
      }
    }
    if (conditions.length > 0) {
      throw invalidArgument(
        `application spec for ${name} is invalid: ${conditions
          .map(c => `InvalidSpecError: ${c}`)
          .join(';')}`,
      );
    }
    return spec;
  }

  private sourcePermitted(project: ArgoCdProject, repoURL: string): boolean {
    const patterns = project.spec.sourceRepos ?? [];
    const allowed = patterns.some(
      p => !p.startsWith('!') && globMatch(p, repoURL),
    );
    const denied = patterns.some(
      p => p.startsWith('!') && globMatch(p.slice(1), repoURL),
    );
    return allowed && !denied;
  }

  private resolveDestination(
    destination: ArgoCdApplicationDestination,
  ): ArgoCdApplicationDestination {
    if (destination.server || !destination.name) return destination;
    const cluster = this.clusters.find(c => c.name === destination.name);
    return { ...destination, server: cluster?.server };
  }

  private destinationPermitted(
    project: ArgoCdProject,
    destination: ArgoCdApplicationDestination,
  ): boolean {
    const cluster = this.clusters.find(c => c.server === destination.server);
    const name = destination.name ?? cluster?.name ?? '';
    return (project.spec.destinations ?? []).some(
      (item: ArgoCdProjectDestination) =>
        ((destination.server !== undefined &&
          globMatch(item.server, destination.server)) ||
          (name !== '' && globMatch(item.name, name))) &&
        globMatch(item.namespace, destination.namespace ?? ''),
    );
  }

  // ---------------------------------------------------------------------
  // State changes

  private nextVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  private newMetadata(
    name: string,
    incoming: Record<string, unknown> = {},
  ): ArgoCdObjectMeta {
    const metadata: ArgoCdObjectMeta = {
      name,
      namespace: this.namespace,
      uid: randomUUID(),
      resourceVersion: this.nextVersion(),
      generation: 1,
      creationTimestamp: rfc3339(),
    };
    const labels = stringMap(incoming.labels);
    const annotations = stringMap(incoming.annotations);
    if (labels && Object.keys(labels).length > 0) metadata.labels = labels;
    if (annotations && Object.keys(annotations).length > 0) {
      metadata.annotations = annotations;
    }
    if (Array.isArray(incoming.finalizers) && incoming.finalizers.length > 0) {
      metadata.finalizers = incoming.finalizers.map(String);
    }
    return metadata;
  }

  private touch(metadata: ArgoCdObjectMeta, specChanged: boolean) {
    metadata.resourceVersion = this.nextVersion();
    if (specChanged) metadata.generation += 1;
  }

  private refKey(repoURL: string, ref: string | undefined): string {
    return `${normalizeRepo(repoURL)}@${ref || 'HEAD'}`;
  }

  /** The commit a ref points at, creating the repo's first commit if needed. */
  private resolve(source: ArgoCdApplicationSource, requested = ''): string {
    const ref = requested || source.targetRevision || 'HEAD';
    if (source.chart !== undefined) return ref;
    if (SHA.test(ref)) {
      if (!this.revisions.has(ref)) {
        this.revisions.set(ref, {
          author: AUTHORS[0],
          date: rfc3339(),
          tags: [],
          message: `Commit ${ref.slice(0, 7)}`,
        });
      }
      return ref;
    }
    const key = this.refKey(source.repoURL, ref);
    let sha = this.refs.get(key);
    if (!sha) {
      sha = fakeSha();
      this.refs.set(key, sha);
      this.revisions.set(sha, {
        author: AUTHORS[0],
        date: rfc3339(),
        tags: ref.startsWith('v') ? [ref] : [],
        message: `Initial commit of ${
          source.path ?? source.chart ?? 'the app'
        }`,
      });
    }
    return sha;
  }

  private imageFor(name: string, revision: string): string {
    return `registry.example.com/${name}:${revision.slice(0, 7)}`;
  }

  private resourcesOf(
    app: Pick<ArgoCdApplication, 'metadata' | 'spec'>,
    syncStatus: string,
    healthStatus: string,
  ): ArgoCdResourceStatus[] {
    const namespace = app.spec.destination.namespace;
    const health = { status: healthStatus };
    return [
      {
        version: 'v1',
        kind: 'Service',
        ...(namespace ? { namespace } : {}),
        name: app.metadata.name,
        status: syncStatus,
        health,
      },
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        ...(namespace ? { namespace } : {}),
        name: app.metadata.name,
        status: syncStatus,
        health,
      },
    ];
  }

  /** The status after the controller's first reconciliation of a new app. */
  private initialStatus(
    name: string,
    spec: ArgoCdApplicationSpec,
  ): ArgoCdApplication['status'] {
    const sources = sourcesOf(spec);
    const compared = this.compared(spec);
    return {
      resources: this.resourcesOf(
        { metadata: { name } as ArgoCdObjectMeta, spec },
        'OutOfSync',
        'Missing',
      ),
      sync: {
        status: 'OutOfSync',
        comparedTo: {
          ...compared.sourceFields,
          destination: clone(spec.destination),
        },
        ...compared.revisionFields,
      },
      health: { status: 'Missing' },
      reconciledAt: rfc3339(),
      sourceType: sourceType(sources[0]),
      ...(isMultiSource(spec) ? { sourceTypes: sources.map(sourceType) } : {}),
      summary: {},
      controllerNamespace: this.namespace,
    };
  }

  private replaceSpec(app: ArgoCdApplication, spec: ArgoCdApplicationSpec) {
    const changed = !sameJson(app.spec, spec);
    const sourceChanged =
      !sameJson(sourcesOf(app.spec), sourcesOf(spec)) ||
      !sameJson(app.spec.destination, spec.destination);
    app.spec = spec;
    this.touch(app.metadata, changed);
    if (!sourceChanged) return;
    const compared = this.compared(spec);
    app.status.sync = {
      status: 'OutOfSync',
      comparedTo: {
        ...compared.sourceFields,
        destination: clone(spec.destination),
      },
      ...compared.revisionFields,
    };
    app.status.resources = this.resourcesOf(
      app,
      'OutOfSync',
      app.status.health.status,
    );
    app.status.reconciledAt = rfc3339();
    if (this.autoSync && spec.syncPolicy?.automated && !app.operation) {
      this.startSync(app, { initiatedBy: { automated: true } });
    }
  }

  /** `source`/`revision`, or `sources`/`revisions` for a multi-source app. */
  private compared(spec: ArgoCdApplicationSpec, requested = '') {
    const sources = sourcesOf(spec);
    const revisions = sources.map((s, i) =>
      this.resolve(s, i === 0 ? requested : ''),
    );
    if (isMultiSource(spec)) {
      return {
        revisions,
        sourceFields: { sources: clone(sources) },
        revisionFields: { revisions },
      };
    }
    return {
      revisions,
      sourceFields: { source: clone(sources[0]) },
      revisionFields: { revision: revisions[0] },
    };
  }

  private startSync(
    app: ArgoCdApplication,
    options: {
      initiatedBy: ArgoCdInitiatedBy;
      revision?: string;
      dryRun?: boolean;
      prune?: boolean;
      strategy?: Record<string, unknown>;
    },
  ) {
    const compared = this.compared(app.spec, options.revision);
    const dryRun = options.dryRun ?? false;
    const operation: ArgoCdOperation = {
      sync: {
        ...compared.revisionFields,
        ...(options.prune ? { prune: true } : {}),
        ...(dryRun ? { dryRun: true } : {}),
        syncStrategy: options.strategy ?? { hook: {} },
      },
      initiatedBy: options.initiatedBy,
      retry: {},
    };
    const previousHealth = app.status.health;
    const state: ArgoCdOperationState = {
      operation: clone(operation),
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: rfc3339(),
    };
    app.operation = operation;
    app.status.operationState = state;
    if (!dryRun) app.status.health = { status: 'Progressing' };
    this.touch(app.metadata, false);
    const finish = () => {
      if (app.status.operationState !== state || state.phase !== 'Running') {
        return;
      }
      this.finishSync(
        app,
        state,
        compared,
        dryRun ? previousHealth : undefined,
      );
    };
    if (this.operationDurationMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        finish();
      }, this.operationDurationMs);
      this.timers.add(timer);
    } else {
      finish();
    }
  }

  /** Completes a sync; `dryRunHealth` is set for a dry run, which deploys nothing. */
  private finishSync(
    app: ArgoCdApplication,
    state: ArgoCdOperationState,
    compared: ReturnType<ArgoCdStandIn['compared']>,
    dryRunHealth?: ArgoCdApplication['status']['health'],
  ) {
    const finishedAt = rfc3339();
    const suffix = dryRunHealth ? ' (dry run)' : '';
    delete app.operation;
    state.phase = 'Succeeded';
    state.message = 'successfully synced (all tasks run)';
    state.syncResult = {
      resources: this.resourcesOf(app, 'Synced', 'Healthy').map(
        ({ health: _health, ...r }) => ({
          ...r,
          status: 'Synced',
          message: `${kubectlName(r)} configured${suffix}`,
          hookPhase: 'Running',
          syncPhase: 'Sync',
        }),
      ),
      ...compared.revisionFields,
      ...compared.sourceFields,
    };
    state.finishedAt = finishedAt;
    if (dryRunHealth) {
      app.status.health = dryRunHealth;
    } else {
      const history = app.status.history ?? [];
      const nextId =
        history.length > 0 ? history[history.length - 1].id + 1 : 0;
      history.push({
        ...compared.revisionFields,
        deployedAt: finishedAt,
        id: nextId,
        ...compared.sourceFields,
        deployStartedAt: state.startedAt,
        initiatedBy: state.operation.initiatedBy,
      });
      const limit = app.spec.revisionHistoryLimit ?? 10;
      app.status.history = history.slice(Math.max(0, history.length - limit));
      app.status.sync = {
        status: 'Synced',
        comparedTo: {
          ...compared.sourceFields,
          destination: clone(app.spec.destination),
        },
        ...compared.revisionFields,
      };
      app.status.health = { status: 'Healthy' };
      app.status.summary = {
        images: [this.imageFor(app.metadata.name, compared.revisions[0])],
      };
      for (const listener of this.deployListeners) listener(clone(app));
    }
    app.status.resources = this.resourcesOf(
      app,
      app.status.sync.status,
      app.status.health.status,
    );
    app.status.reconciledAt = finishedAt;
    this.touch(app.metadata, false);
  }
}

function isMultiSource(spec: ArgoCdApplicationSpec): boolean {
  return Array.isArray(spec.sources) && spec.sources.length > 0;
}

/** How kubectl names a resource: `service/x`, `deployment.apps/x`. */
function kubectlName(resource: ArgoCdResourceStatus): string {
  const kind = resource.kind.toLowerCase();
  const prefix = resource.group ? `${kind}.${resource.group}` : kind;
  return `${prefix}/${resource.name}`;
}

function normalizeRepo(repoURL: string): string {
  return repoURL
    .trim()
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
}

function setOrDelete(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
) {
  const empty =
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.keys(value).length === 0);
  if (empty) delete target[key];
  else target[key] = value;
}

/** Argo CD's `GenerateSpecIsDifferentErrorMessage`. */
function specIsDifferent(entity: string, a: unknown, b: unknown): string {
  const basic = `existing ${entity} spec is different; use upsert flag to force update`;
  const paths = differentPaths(a, b, []);
  if (paths.length === 0) return basic;
  return `${basic}; difference in keys "${paths.join(',')}"`;
}

/**
 * The changed paths, flattened the way Argo CD joins r3labs/diff's change
 * paths: Go field names (the JSON key, capitalized) and slice indexes.
 */
function differentPaths(a: unknown, b: unknown, path: string[]): string[] {
  if (sameJson(a, b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap(k =>
      differentPaths(a[k], b[k], [
        ...path,
        k.charAt(0).toUpperCase() + k.slice(1),
      ]),
    );
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, i) =>
      differentPaths(item, b[i], [...path, String(i)]),
    );
  }
  return path;
}
