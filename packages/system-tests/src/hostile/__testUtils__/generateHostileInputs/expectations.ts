/*
 * The outcomes a case may expect, and what an empty answer is.
 */
import type { Expectation } from './types';

export const reject: Expectation = { kind: 'reject' };
export const handled = (why: string): Expectation => ({ kind: 'handled', why });
export const accept = (why: string): Expectation => ({ kind: 'accept', why });
export const known = (statuses: number[], why: string): Expectation => ({
  kind: 'known',
  statuses,
  why,
});

/** A route with an empty path segment matches nothing. */
export const BARE_404 =
  'upstream: a path with an empty segment matches no route; the framework answers a bare 404 without a JSON body';

export const itemsEmpty = (body: any) =>
  Array.isArray(body?.items) &&
  body.items.every((i: unknown) => i === null || i === undefined);
export const arrayEmpty = (body: any) =>
  Array.isArray(body) && body.length === 0;
