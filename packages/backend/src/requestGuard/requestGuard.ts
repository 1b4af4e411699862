import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CONTROL_CHARACTER } from '@internal/backstage-request-input-node';
import express, { NextFunction, Request, Response } from 'express';

/*
 * Requests no route of this backend can serve, refused at the door with a
 * clear 4xx instead of reaching a plugin that would pass them to
 * PostgreSQL and answer 500 (found by packages/system-tests/src/hostile/):
 *
 * - a control character (NUL, ESC, ...) in the decoded path or query: no
 *   API here takes one, and PostgreSQL refuses NUL in any text;
 * - a scaffolder task id or a catalog location id that is not a UUID: both
 *   are uuid columns, so no such task or location can exist (404);
 * - a `limit` or `offset` beyond 2^31-1;
 * - in JSON bodies (parsed here with the limits the plugins use, so their
 *   own parsers find them parsed): a control character in catalog
 *   `by-refs` references; a scaffolder task whose templateRef is no entity
 *   reference, whose values nest deeper than 100 levels or use a reserved
 *   key (constructor, prototype, __proto__).
 *
 * Mounted in front of every plugin (src/index.ts, rootHttpRouter); errors go
 * to the backend's error handler, which answers the usual JSON error body.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_INT = 2 ** 31 - 1;

/**
 * Other plugins' routes whose ids are UUIDs: the pattern capturing the id,
 * what the id names, and the route for one id. requestGuard.routes.test.ts
 * asks the real plugins for each, so a route renamed upstream fails a test
 * instead of silently leaving the guard behind.
 */
export const UUID_ROUTES: {
  pattern: RegExp;
  what: string;
  path: (id: string) => string;
}[] = [
  {
    pattern: /^\/api\/scaffolder\/v2\/tasks\/([^/]+)(?:\/[^/]*)?$/,
    what: 'task',
    path: id => `/api/scaffolder/v2/tasks/${id}`,
  },
  {
    pattern: /^\/api\/catalog\/locations\/([^/]+)$/,
    what: 'location',
    path: id => `/api/catalog/locations/${id}`,
  },
];

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // not valid percent-encoding or UTF-8: left to the routes, which
    // refuse it (express answers 400 for a path it cannot decode)
    return undefined;
  }
}

/** The reason `url` (path and query, as sent) is refused, or undefined. */
export function refuseRequest(
  url: string,
): InputError | NotFoundError | undefined {
  const [rawPath, rawQuery = ''] = url.split(/\?(.*)/s, 2);
  const path = decode(rawPath) ?? rawPath;
  if (CONTROL_CHARACTER.test(path)) {
    return new InputError(
      'The request path contains a control character (such as NUL); no API of this portal accepts one',
    );
  }
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const [rawKey, rawValue = ''] = pair.split(/=(.*)/s, 2);
    const key = decode(rawKey) ?? rawKey;
    const value = decode(rawValue) ?? rawValue;
    if (CONTROL_CHARACTER.test(key) || CONTROL_CHARACTER.test(value)) {
      return new InputError(
        `Query parameter ${JSON.stringify(
          key.replace(CONTROL_CHARACTER, '?'),
        )} contains a control character (such as NUL); no API of this portal accepts one`,
      );
    }
    if (
      (key === 'limit' || key === 'offset') &&
      /^\d+$/.test(value) &&
      Number(value) > MAX_INT
    ) {
      return new InputError(`${key} must be at most ${MAX_INT}`);
    }
  }
  for (const { pattern, what } of UUID_ROUTES) {
    const id = pattern.exec(rawPath)?.[1];
    if (id === undefined) continue;
    const decoded = decode(id);
    if (decoded !== undefined && !UUID.test(decoded)) {
      return new NotFoundError(
        `No ${what} with id ${JSON.stringify(
          decoded.slice(0, 100),
        )}: ${what} ids are UUIDs`,
      );
    }
  }
  return undefined;
}

const MAX_DEPTH = 100;
const RESERVED_KEYS = new Set(['constructor', 'prototype', '__proto__']);

/** How deeply `value` nests, counted without recursion (up to limit + 1). */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    if (item && typeof item === 'object') {
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** The reason a JSON body sent to `path` is refused, or undefined. */
export function refuseBody(
  path: string,
  body: unknown,
): InputError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const fields = body as Record<string, unknown>;
  if (path === '/api/catalog/entities/by-refs') {
    const refs = fields.entityRefs;
    const bad = Array.isArray(refs)
      ? refs.findIndex(r => typeof r === 'string' && CONTROL_CHARACTER.test(r))
      : -1;
    return bad >= 0
      ? new InputError(
          `entityRefs[${bad}] contains a control character (such as NUL)`,
        )
      : undefined;
  }
  // POST /api/scaffolder/v2/tasks
  if (typeof fields.templateRef === 'string') {
    try {
      parseEntityRef(fields.templateRef, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      });
    } catch (error) {
      return new InputError(
        `templateRef ${JSON.stringify(
          fields.templateRef.slice(0, 100),
        )} is not an entity reference: ${(error as Error).message}`,
      );
    }
  }
  const values = fields.values;
  if (values && typeof values === 'object' && !Array.isArray(values)) {
    const reserved = Object.keys(values).find(k => RESERVED_KEYS.has(k));
    if (reserved) {
      return new InputError(`values.${reserved} is a reserved name`);
    }
  }
  if (depthOf(values, MAX_DEPTH) > MAX_DEPTH) {
    return new InputError(`values nest deeper than ${MAX_DEPTH} levels`);
  }
  return undefined;
}

/**
 * Other plugins' JSON routes whose bodies are checked, with those plugins'
 * body limits (also asked of the real plugins by requestGuard.routes.test.ts).
 */
export const JSON_ROUTES = new Map([
  ['/api/catalog/entities/by-refs', { limit: '100kb' }],
  ['/api/scaffolder/v2/tasks', { limit: '10MB' }],
]);

const jsonParsers = new Map(
  [...JSON_ROUTES].map(([path, { limit }]) => [path, express.json({ limit })]),
);

/** Express middleware: refuses what refuseRequest and refuseBody refuse. */
export function requestGuard() {
  return (req: Request, res: Response, next: NextFunction) => {
    const refused = refuseRequest(req.originalUrl);
    const parse = req.method === 'POST' ? jsonParsers.get(req.path) : undefined;
    if (refused || !parse) {
      next(refused);
      return;
    }
    parse(req, res, error => {
      next(error ?? refuseBody(req.path, req.body));
    });
  };
}
