import express from 'express';

/*
 * JSON:API as Snyk's REST API speaks it: `application/vnd.api+json`,
 * `{ jsonapi, data, links }` documents, cursor pagination with `limit` and
 * `starting_after` and a relative `links.next`, and `{ jsonapi, errors }`
 * error documents.
 */

export const JSON_API = 'application/vnd.api+json';

/** Versions the stand-in accepts: a date, optionally `~beta`/`~experimental`. */
export const SNYK_VERSION_PATTERN =
  /^\d{4}-\d{2}-\d{2}(~(beta|experimental))?$/;

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function sendErrors(
  res: express.Response,
  status: number,
  detail: string,
  title = STATUS_TITLES[status] ?? 'Error',
) {
  res
    .status(status)
    .type(JSON_API)
    .send(
      JSON.stringify({
        jsonapi: { version: '1.0' },
        errors: [
          {
            status: String(status),
            title,
            detail,
            meta: { created: new Date().toISOString() },
          },
        ],
      }),
    );
}

export function sendDocument(res: express.Response, body: object) {
  res
    .status(200)
    .type(JSON_API)
    .send(JSON.stringify({ jsonapi: { version: '1.0' }, ...body }));
}

/**
 * One page of `items` after the `starting_after` cursor, with the
 * document's links; `undefined` when the query's limit is invalid (Snyk:
 * 10 to 100, a multiple of 10).
 */
export function paginate<T extends { id: string }>(
  req: express.Request,
  items: T[],
): { page: T[]; links: Record<string, string> } | { error: string } {
  const limit = req.query.limit === undefined ? 10 : Number(req.query.limit);
  if (!Number.isInteger(limit) || limit < 10 || limit > 100 || limit % 10) {
    return {
      error: `limit must be a multiple of 10 between 10 and 100, got ${String(
        req.query.limit,
      )}`,
    };
  }
  const after = req.query.starting_after;
  let start = 0;
  if (typeof after === 'string') {
    const index = items.findIndex(i => cursor(i.id) === after);
    if (index === -1) return { error: `invalid starting_after cursor` };
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const self = pageUrl(req, {});
  const links: Record<string, string> = { self };
  if (start + limit < items.length) {
    links.next = pageUrl(req, {
      starting_after: cursor(page[page.length - 1].id),
    });
  }
  return { page, links };
}

function cursor(id: string): string {
  return `v1.${Buffer.from(id).toString('base64url')}`;
}

/** The request's path relative to the API's base, with other query values. */
function pageUrl(req: express.Request, set: Record<string, string>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (key === 'starting_after') continue;
    if (typeof value === 'string') query.set(key, value);
  }
  if (!query.has('limit')) query.set('limit', '10');
  for (const [key, value] of Object.entries(set)) query.set(key, value);
  return `${req.path}?${query}`;
}
