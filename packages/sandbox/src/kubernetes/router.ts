import express from 'express';
import { InjectedFaults, requestUrl } from '../http';
import { randomUUID } from 'node:crypto';
import { getObject, list, metricsRequest } from './list';
import { KubernetesRecordedRequest } from './model';
import { patchObject } from './patchRequest';
import {
  apiVersions,
  findResource,
  groupDocument,
  groupList,
  isServed,
  JsonValue,
  resourceList,
} from './resources';
import {
  failure,
  KubernetesStatus,
  methodNotAllowed,
  REASONS,
  routeNotFound,
  statusBody,
  StatusError,
} from './status';
import { ObjectStore } from './store';
import { create, deleteCollection, deleteObject, update } from './writes';

/*
 * The API server's HTTP side: bearer-token authentication, discovery
 * (`/version`, `/api`, `/apis/...`), and the dispatch of a resource path
 * (namespaced or cluster-wide, the status subresource) to its verb, with
 * every error a `Status` body.
 */

export type Reply = { code: number; body: JsonValue | KubernetesStatus };

/** What the router needs of the stand-in. */
export interface KubernetesServer {
  readonly store: ObjectStore;
  /** The bearer token accepted. */
  readonly token: string;
  /** Answer 401 to everything. */
  readonly unauthorized: boolean;
  record(request: KubernetesRecordedRequest): void;
  readonly faults: InjectedFaults;
}

/** The stand-in's HTTP app. */
export function kubernetesApp(server: KubernetesServer): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '20mb' }));
  app.use((req, res) => {
    handle(server, req, res).catch(error => {
      send(res, {
        code: 500,
        body: statusBody(
          500,
          'InternalError',
          `Internal error occurred: ${error}`,
        ),
      });
    });
  });
  app.use(
    (
      error: { status?: number; message?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const code = error.status ?? 400;
      send(res, {
        code,
        body: statusBody(code, REASONS[code], error.message ?? 'bad request'),
      });
    },
  );
  return app;
}

export function send(res: express.Response, reply: Reply) {
  if (res.headersSent) return;
  // setHeader, not res.set: express would append "; charset=utf-8".
  res.status(reply.code);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('Audit-Id', randomUUID());
  if (reply.code === 429) res.setHeader('Retry-After', '1');
  res.send(Buffer.from(JSON.stringify(reply.body)));
}

async function handle(
  server: KubernetesServer,
  req: express.Request,
  res: express.Response,
) {
  const { url, path } = requestUrl(req);
  const contentType = req.header('content-type');
  server.record({
    method: req.method,
    path,
    query: Object.fromEntries(url.searchParams),
    ...(contentType ? { contentType } : {}),
  });
  await server.faults.latency();
  let reply: Reply;
  try {
    if (server.unauthorized || !authenticated(server, req)) {
      throw failure(401, 'Unauthorized');
    }
    if (server.faults.answerFailure(req, res, path)) return;
    const body = typeof req.body === 'string' ? req.body : '';
    reply = route(
      server.store,
      req.method,
      url.pathname,
      url.searchParams,
      body,
      contentType,
      req.header('host') ?? '',
    );
  } catch (error) {
    if (!(error instanceof StatusError)) throw error;
    reply = { code: error.status.code ?? 500, body: error.status };
  }
  send(res, reply);
}

function authenticated(server: KubernetesServer, req: express.Request) {
  const match = /^bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  return match !== null && match[1].trim() === server.token;
}

function route(
  store: ObjectStore,
  method: string,
  rawPath: string,
  query: URLSearchParams,
  body: string,
  contentType: string | undefined,
  host: string,
): Reply {
  const segments = rawPath
    .split('/')
    .filter(s => s !== '')
    .map(s => decodeURIComponent(s));
  const getOnly = (document: JsonValue): Reply => {
    if (method !== 'GET') throw methodNotAllowed();
    return { code: 200, body: document };
  };
  const [root] = segments;
  if (segments.length === 1 && root === 'version') {
    return getOnly({
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.0',
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2024-08-13T07:28:49Z',
      goVersion: 'go1.22.5',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (root === 'api') {
    if (segments.length === 1) return getOnly(apiVersions(host));
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (root === 'apis') {
    if (segments.length === 1) return getOnly(groupList());
    group = segments[1];
    if (segments.length === 2) {
      const document = groupDocument(group);
      if (!document) throw routeNotFound();
      return getOnly(document);
    }
    version = segments[2];
    rest = segments.slice(3);
  } else {
    throw routeNotFound();
  }
  if (!isServed(group, version)) throw routeNotFound();
  if (rest.length === 0) return getOnly(resourceList(group, version));
  return resourceRequest(
    store,
    method,
    group,
    version,
    rest,
    query,
    body,
    contentType,
  );
}

function resourceRequest(
  store: ObjectStore,
  method: string,
  group: string,
  version: string,
  rest: string[],
  query: URLSearchParams,
  body: string,
  contentType: string | undefined,
): Reply {
  let namespace: string | undefined;
  let parts = rest;
  const namespaceSubresource =
    group === '' && parts.length === 3 && parts[2] === 'status';
  if (parts[0] === 'namespaces' && parts.length >= 3 && !namespaceSubresource) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [plural, name, subresource, ...extra] = parts;
  const def = findResource(group, version, plural);
  if (!def || extra.length > 0) throw routeNotFound();
  if (namespace !== undefined && !def.namespaced) throw routeNotFound();
  if (namespace === undefined && def.namespaced && name !== undefined) {
    throw routeNotFound();
  }
  if (
    subresource !== undefined &&
    (subresource !== 'status' || !def.statusSubresource)
  ) {
    throw routeNotFound();
  }
  if (def.readOnly)
    return metricsRequest(store, method, namespace, name, query);
  const dryRun = query.getAll('dryRun').includes('All');

  if (name === undefined) {
    switch (method) {
      case 'GET':
        return list(store, def, namespace, query);
      case 'POST':
        if (def.namespaced && namespace === undefined) throw methodNotAllowed();
        return create(store, def, namespace, body, contentType, dryRun);
      case 'DELETE':
        if ((def.namespaced && namespace === undefined) || !def.namespaced) {
          throw methodNotAllowed();
        }
        return deleteCollection(store, def, namespace, query, dryRun);
      default:
        throw methodNotAllowed();
    }
  }
  switch (method) {
    case 'GET':
      return { code: 200, body: getObject(store, def, namespace, name) };
    case 'PUT':
      return update(
        store,
        def,
        namespace,
        name,
        body,
        contentType,
        !!subresource,
        dryRun,
      );
    case 'PATCH':
      return patchObject(
        store,
        def,
        namespace,
        name,
        body,
        contentType,
        query,
        !!subresource,
        dryRun,
      );
    case 'DELETE':
      if (subresource) throw methodNotAllowed();
      return deleteObject(store, def, namespace, name, body, query, dryRun);
    default:
      throw methodNotAllowed();
  }
}
