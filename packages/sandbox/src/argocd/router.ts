import express from 'express';
import { InjectedFaults, requestUrl } from '../http';
import { GRPC, GrpcError } from './grpc';
import {
  createApp,
  deleteApp,
  findApp,
  listApps,
  revisionMetadata,
  syncApp,
  terminateOperation,
  updateApp,
  updateAppSpec,
} from './applications';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  updateProject,
} from './projects';
import { authenticate, login, logout, userInfo, version } from './session';
import { ArgoCdStore } from './store';
import { ArgoCdRecordedRequest } from './model';

/*
 * grpc-gateway's mux: the routes of Argo CD's REST API, matched on method
 * and path (unknown paths and methods never reach Argo CD), then
 * authentication, injected failures and the route's handler, whose
 * GrpcError becomes grpc-gateway's error body.
 */

export type Query = Record<string, string[]>;

export type RouteContext = {
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

/** What the router needs of the stand-in. */
export interface ArgoCdServer {
  readonly store: ArgoCdStore;
  record(request: ArgoCdRecordedRequest): void;
  readonly faults: InjectedFaults;
}

/** The stand-in's HTTP app. */
export function argoCdApp(server: ArgoCdServer): express.Express {
  const routes = buildRoutes(server.store);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '10mb' }));
  app.use((req, res) => {
    handle(server, routes, req, res).catch(error => {
      if (!res.headersSent) {
        const failure = new GrpcError(GRPC.Unknown, String(error));
        res.status(failure.httpStatus).json(failure.body);
      }
    });
  });
  return app;
}

function buildRoutes(store: ArgoCdStore): Route[] {
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
    route('GET', '/api/version', () => version(), false),
    route('POST', '/api/v1/session', ctx => login(store, ctx), false),
    route('DELETE', '/api/v1/session', ctx => logout(store, ctx)),
    route(
      'GET',
      '/api/v1/session/userinfo',
      ctx => userInfo(store, ctx),
      false,
    ),
    route('GET', '/api/v1/projects', () => listProjects(store)),
    route('POST', '/api/v1/projects', ctx => createProject(store, ctx)),
    route('GET', `/api/v1/projects/${name}`, ctx =>
      getProject(store, ctx.params.name),
    ),
    route('PUT', `/api/v1/projects/${name}`, ctx => updateProject(store, ctx)),
    route('DELETE', `/api/v1/projects/${name}`, ctx =>
      deleteProject(store, ctx.params.name),
    ),
    route('GET', '/api/v1/applications', ctx => listApps(store, ctx)),
    route('POST', '/api/v1/applications', ctx => createApp(store, ctx)),
    route('GET', `/api/v1/applications/${name}`, ctx =>
      findApp(store, ctx.params.name, ctx.query),
    ),
    route('PUT', `/api/v1/applications/${name}`, ctx => updateApp(store, ctx)),
    route('DELETE', `/api/v1/applications/${name}`, ctx =>
      deleteApp(store, ctx),
    ),
    route('PUT', `/api/v1/applications/${name}/spec`, ctx =>
      updateAppSpec(store, ctx),
    ),
    route('POST', `/api/v1/applications/${name}/sync`, ctx =>
      syncApp(store, ctx),
    ),
    route('DELETE', `/api/v1/applications/${name}/operation`, ctx =>
      terminateOperation(store, ctx),
    ),
    route(
      'GET',
      `/api/v1/applications/${name}/revisions/(?<revision>[^/]+)/metadata`,
      ctx => revisionMetadata(store, ctx),
    ),
  ];
}

async function handle(
  server: ArgoCdServer,
  routes: Route[],
  req: express.Request,
  res: express.Response,
) {
  const { url, path, query, loggedQuery } = requestUrl(req);
  const rawBody = typeof req.body === 'string' ? req.body : '';
  server.record({
    method: req.method,
    path,
    query: loggedQuery,
    ...(rawBody ? { body: rawBody } : {}),
  });
  await server.faults.latency();

  // grpc-gateway's mux: unknown paths and methods never reach Argo CD.
  let matched: { route: Route; params: Record<string, string> } | undefined;
  let otherMethod = false;
  for (const candidate of routes) {
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
    const token = tokenOf(req);
    let user = '';
    if (matched.route.auth) user = authenticate(server.store, token);
    if (server.faults.answerFailure(req, res, path)) return;
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

function tokenOf(req: express.Request): string | undefined {
  const bearer = /^bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  if (bearer) return bearer[1].trim();
  const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(
    req.header('cookie') ?? '',
  );
  return cookie ? decodeURIComponent(cookie[1]) : undefined;
}
