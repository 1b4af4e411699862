import { InputError, NotFoundError } from '@backstage/errors';
import type { NextFunction, Request, Response } from 'express';

/*
 * Requests no route of this backend can serve, refused at the door with a
 * clear 4xx instead of reaching a plugin that would pass them to
 * PostgreSQL and answer 500 (found by packages/backend/src/hostile/):
 *
 * - a control character (NUL, ESC, ...) in the decoded path or query: no
 *   API here takes one, and PostgreSQL refuses NUL in any text;
 * - a scaffolder task id or a catalog location id that is not a UUID: both
 *   are uuid columns, so no such task or location can exist (404);
 * - a `limit` or `offset` beyond 2^31-1.
 *
 * Mounted in front of every plugin (src/index.ts, rootHttpRouter); errors go
 * to the backend's error handler, which answers the usual JSON error body.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_INT = 2 ** 31 - 1;

/** ids that are UUIDs, by route: [pattern capturing the id, what it is] */
const UUID_ROUTES: [RegExp, string][] = [
  [/^\/api\/scaffolder\/v2\/tasks\/([^/]+)(?:\/[^/]*)?$/, 'task'],
  [/^\/api\/catalog\/locations\/([^/]+)$/, 'location'],
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
  if (CONTROL.test(path)) {
    return new InputError(
      'The request path contains a control character (such as NUL); no API of this portal accepts one',
    );
  }
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const [rawKey, rawValue = ''] = pair.split(/=(.*)/s, 2);
    const key = decode(rawKey) ?? rawKey;
    const value = decode(rawValue) ?? rawValue;
    if (CONTROL.test(key) || CONTROL.test(value)) {
      return new InputError(
        `Query parameter ${JSON.stringify(
          key.replace(CONTROL, '?'),
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
  for (const [route, what] of UUID_ROUTES) {
    const id = route.exec(rawPath)?.[1];
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

/** Express middleware: refuses what refuseRequest refuses. */
export function requestGuard() {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(refuseRequest(req.originalUrl));
  };
}
