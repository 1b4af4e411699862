import express from 'express';
import { InjectedFaults, requestUrl } from '../http';
import { escalationPolicyRoutes } from './escalationPolicies';
import { errorReply, ok, Reply, sendReply } from './errors';
import { incidentRoutes } from './incidents';
import { PagerDutyRecordedRequest } from './model';
import { onCallRoutes } from './oncalls';
import { list, Query } from './query';
import { serviceRoutes } from './services';
import type { PagerDutyStore } from './store';
import { userRoutes } from './users';

/*
 * The stand-in's HTTP handling: every request is recorded, waits the
 * injected latency, is authenticated (`Authorization: Token token=<key>`,
 * or an OAuth bearer token), may get its injected failure, then goes to
 * the route module of its collection (`/services`, `/incidents`, ...).
 */

/** A request, as the route modules see it: `/<collection>/<id>/<sub>`. */
export type RouteContext = {
  method: string;
  id?: string;
  sub?: string;
  query: Query;
  /** `include[]`: what to embed instead of references. */
  include: Set<string>;
  rawBody: string;
};

type Route = (store: PagerDutyStore, ctx: RouteContext) => Reply;

/** What the router needs of the stand-in. */
export interface PagerDutyServer {
  readonly store: PagerDutyStore;
  record(request: PagerDutyRecordedRequest): void;
  readonly faults: InjectedFaults;
}

const ABILITIES = [
  'teams',
  'read_only_users',
  'team_responders',
  'urgencies',
  'service_support_hours',
  'event_rules',
  'preview_intelligent_alert_grouping',
  'time_based_alert_grouping',
  'change_events',
];

/** The route module of each collection. */
const ROUTES = new Map<string, Route>([
  [
    'abilities',
    (_store, ctx) =>
      !ctx.id && ctx.method === 'GET'
        ? ok({ abilities: ABILITIES })
        : errorReply(404),
  ],
  ['services', serviceRoutes],
  ['escalation_policies', escalationPolicyRoutes],
  ['oncalls', onCallRoutes],
  ['incidents', incidentRoutes],
  ['users', userRoutes],
]);

/** The stand-in's HTTP app. */
export function pagerDutyApp(server: PagerDutyServer): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '10mb' }));
  app.use((req, res) => {
    handle(server, req, res).catch(error => {
      if (!res.headersSent) {
        const reply = errorReply(500, [String(error)]);
        res.status(reply.status).json(reply.body);
      }
    });
  });
  return app;
}

async function handle(
  server: PagerDutyServer,
  req: express.Request,
  res: express.Response,
) {
  const { path, query, loggedQuery } = requestUrl(req);
  const rawBody = typeof req.body === 'string' ? req.body : '';
  server.record({
    method: req.method,
    path,
    query: loggedQuery,
    ...(rawBody ? { body: rawBody } : {}),
  });
  await server.faults.latency();
  const denied = authenticate(server.store, req);
  if (!denied && server.faults.answerFailure(req, res, path)) return;
  sendReply(
    res,
    denied ??
      route(server.store, req.method, path.replace(/\/+$/, ''), query, rawBody),
  );
}

function authenticate(
  store: PagerDutyStore,
  req: express.Request,
): Reply | undefined {
  const header = req.header('authorization') ?? '';
  const match =
    /^Token\s+token=(.+)$/i.exec(header) ?? /^Bearer\s+(.+)$/i.exec(header);
  if (match && store.tokens.includes(match[1].trim())) return undefined;
  return errorReply(401);
}

function route(
  store: PagerDutyStore,
  method: string,
  path: string,
  query: Query,
  rawBody: string,
): Reply {
  const segments = path.split('/').filter(s => s !== '');
  const [collection, id, sub, ...rest] = segments;
  if (rest.length > 0) return errorReply(404);
  const handler = collection === undefined ? undefined : ROUTES.get(collection);
  if (!handler) return errorReply(404);
  return handler(store, {
    method,
    id,
    sub,
    query,
    include: new Set(list(query, 'include')),
    rawBody,
  });
}
