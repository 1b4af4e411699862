import type { RootHttpRouterConfigureContext } from '@backstage/backend-defaults/rootHttpRouter';
import type { NextFunction, Request, Response } from 'express';
import crypto from 'node:crypto';
import { postgresClientConfig } from '../preflight/database';
import {
  DATABASE_MESSAGES,
  DatabaseAddress,
  DatabaseDetailKind,
  databaseAddress,
  findDatabaseDetail,
} from './databaseDetail';
import { DatabaseWatchdog } from './DatabaseWatchdog';
import { PostgresProbe } from './PostgresProbe';
import { readWatchdogSettings } from './settings';

/*
 * The database misbehaving, as callers of the portal's API see it (README,
 * "Database guard"):
 *
 * - no 5xx JSON body carries database details (databaseDetail.ts says
 *   which): such a body becomes a short message and the request id, the
 *   original error is logged with that id;
 * - while the watchdog's probe gets no answer (PostgreSQL paused, frozen,
 *   partitioned, down), requests to /api/ answer 503 at once, requests
 *   already waiting are released with 503 after `maxWait`, and readiness
 *   fails; all goes back to normal once the probe is answered again.
 *
 * Every response carries the request id in `x-request-id`: the one the
 * request came with (an ingress's), or one made here.
 */

type Logger = RootHttpRouterConfigureContext['logger'];

export const REQUEST_ID_HEADER = 'x-request-id';
/** what an incoming request id may look like to be kept (and logged) */
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const READINESS_PATH = '/.backstage/health/v1/readiness';
const API_PREFIX = '/api/';

/** The message of a body that replaced database details. */
export function databaseMessage(kind: DatabaseDetailKind, requestId: string) {
  return `${DATABASE_MESSAGES[kind]} (request id ${requestId})`;
}

/** The request's id: the one it came with, if sane, or a new one. */
export function requestIdOf(req: Request): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given)
    ? given
    : crypto.randomUUID();
}

export type DatabaseGuardOptions = {
  logger: Logger;
  /** where the database listens, for the rule of databaseDetail.ts */
  address: DatabaseAddress;
  /** absent: no outage handling, only the rewriting of bodies */
  watchdog?: DatabaseWatchdog;
  /** how long a request may wait while the database is silent */
  maxWaitMs: number;
  /** whether readiness fails while the database is silent */
  failReadiness: boolean;
  now?: () => number;
};

type Waiting = { req: Request; res: Response; id: string; since: number };

/** The middleware, from its parts (tests build it this way). */
export function createDatabaseGuard(options: DatabaseGuardOptions) {
  const { logger, address, watchdog, maxWaitMs } = options;
  const now = options.now ?? Date.now;
  const waiting = new Set<Waiting>();
  /** responses answered by this guard: their bodies are not looked at */
  const ownAnswers = new WeakSet<Response>();
  let answered503 = 0;
  let released = 0;
  let ticker: NodeJS.Timeout | undefined;

  const jsonText = (req: Request, body: unknown) =>
    JSON.stringify(body, null, req.app?.get('json spaces'));

  /** answers 503 with the short message, through the response's own send */
  const answerUnavailable = (req: Request, res: Response, id: string) => {
    ownAnswers.add(res);
    res.status(503).type('application/json');
    res.send(
      jsonText(req, {
        error: {
          name: 'ServiceUnavailableError',
          message: databaseMessage('unavailable', id),
        },
        request: { method: req.method, url: req.originalUrl, id },
        response: { statusCode: 503 },
      }),
    );
  };

  const release = (entry: Waiting, waitedMs: number) => {
    const { req, res, id } = entry;
    waiting.delete(entry);
    released += 1;
    logger.warn(
      `Request ${id} (${req.method} ${req.originalUrl}) released with 503 after waiting ${waitedMs} ms for a database that does not answer`,
    );
    // the connection is not reused: the handler may still write to it when
    // the database answers, into the response neutered below
    res.setHeader('connection', 'close');
    answerUnavailable(req, res, id);
    const ignored = function ignored(this: Response) {
      return this;
    };
    Object.assign(res, {
      setHeader: ignored,
      // Express's send removes headers for 204/304 bodies
      removeHeader: ignored,
      flushHeaders: ignored,
      writeHead: ignored,
      end: ignored,
      write: () => true,
    });
  };

  const releaseOverdue = () => {
    const silentSince = watchdog?.silentSince;
    if (silentSince === undefined) return;
    const at = now();
    for (const entry of waiting) {
      const waitedMs = at - Math.max(entry.since, silentSince);
      if (entry.res.headersSent || entry.res.writableEnded) {
        waiting.delete(entry);
      } else if (waitedMs >= maxWaitMs) {
        release(entry, at - entry.since);
      }
    }
  };

  watchdog?.onChange(event => {
    if (!event.answering) {
      answered503 = 0;
      released = 0;
      ticker = setInterval(
        releaseOverdue,
        Math.max(50, Math.min(1000, maxWaitMs / 4)),
      );
      ticker.unref();
      return;
    }
    clearInterval(ticker);
    ticker = undefined;
    logger.info(
      `The database answers again: during its ${event.silentForMs} ms of silence ${answered503} requests were answered 503 at once and ${released} released after waiting`,
    );
  });

  /** the body to send instead of `text`, or undefined to send it as it is */
  const rewrite = (req: Request, res: Response, id: string, text: string) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!body || typeof body !== 'object') return undefined;
    const record = body as {
      error?: { name?: unknown; message?: unknown };
      request?: object;
    };
    const backstageShape =
      !!record.error && typeof record.error.message === 'string';
    const original = backstageShape ? record.error : body;
    const detail = findDatabaseDetail(original, address);
    if (!detail) return undefined;
    const statusCode = detail.kind === 'unavailable' ? 503 : res.statusCode;
    logger.error(
      `Request ${id} (${req.method} ${req.originalUrl}) failed with ${
        res.statusCode
      }, answered ${statusCode} without its database details (${
        detail.rule
      }): ${JSON.stringify(original)}`,
      {
        requestId: id,
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        rule: detail.rule,
      },
    );
    res.status(statusCode);
    return jsonText(req, {
      error: {
        name:
          detail.kind === 'unavailable' ? 'ServiceUnavailableError' : 'Error',
        message: databaseMessage(detail.kind, id),
      },
      request: {
        ...(backstageShape && record.request
          ? record.request
          : { method: req.method, url: req.originalUrl }),
        id,
      },
      response: { statusCode },
    });
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, id);

    const send = res.send;
    res.send = function sendWithoutDatabaseDetails(this: Response, body) {
      if (
        this.statusCode >= 500 &&
        !ownAnswers.has(this) &&
        (typeof body === 'string' || Buffer.isBuffer(body)) &&
        /\bjson\b/i.test(String(this.getHeader('content-type') ?? ''))
      ) {
        const replaced = rewrite(req, this, id, body.toString());
        if (replaced !== undefined) return send.call(this, replaced);
      }
      return send.call(this, body);
    };

    if (watchdog?.silentSince !== undefined) {
      if (
        options.failReadiness &&
        req.method === 'GET' &&
        req.path === READINESS_PATH
      ) {
        ownAnswers.add(res);
        res.status(503).json({
          status: 'error',
          message: `${
            DATABASE_MESSAGES.unavailable
          }: no answer to the watchdog's probe for ${
            now() - watchdog.silentSince
          } ms`,
        });
        return;
      }
      if (req.path.startsWith(API_PREFIX)) {
        answered503 += 1;
        answerUnavailable(req, res, id);
        return;
      }
    }

    if (watchdog && req.path.startsWith(API_PREFIX)) {
      const entry: Waiting = { req, res, id, since: now() };
      waiting.add(entry);
      const done = () => waiting.delete(entry);
      res.once('finish', done);
      res.once('close', done);
    }
    next();
  };
}

/**
 * The guard of src/index.ts: the database's address and the watchdog's
 * settings from the config; the watchdog (PostgreSQL only) probes from now
 * until the backend shuts down.
 */
export function databaseGuard({
  config,
  logger,
  lifecycle,
}: Pick<RootHttpRouterConfigureContext, 'config' | 'logger' | 'lifecycle'>) {
  const clientConfig = postgresClientConfig(config);
  const settings = readWatchdogSettings(config);
  let watchdog: DatabaseWatchdog | undefined;
  if (clientConfig && settings.enabled) {
    watchdog = new DatabaseWatchdog({
      probe: new PostgresProbe(clientConfig),
      intervalMs: settings.probeIntervalMs,
      timeoutMs: settings.probeTimeoutMs,
      logger,
    });
    watchdog.start();
    const started = watchdog;
    lifecycle.addShutdownHook(() => started.stop());
  }
  return createDatabaseGuard({
    logger,
    address: databaseAddress(clientConfig),
    watchdog,
    maxWaitMs: settings.maxWaitMs,
    failReadiness: settings.failReadiness,
  });
}
