import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * The input a schema accepts, or an `InputError` (a 400 in a backend
 * router) whose message says what was checked and each issue of zod with
 * the field it is about: `Invalid query: since: must be an ISO 8601 date`.
 *
 * @param schema - what the input must be
 * @param input - a request's params, query or body
 * @param what - what the input is, for the message (`query`, `request body`)
 * @param at - where the input is inside `what`, before each field
 *   (`['events', 3]`: `Invalid request body: events.3.action: ...`)
 * @public
 */
export function parseInput<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what: string,
  at: (string | number)[] = [],
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues
      .map(i => {
        const field = [...at, ...i.path].join('.');
        return field ? `${field}: ${i.message}` : i.message;
      })
      .join('; ');
    throw new InputError(`Invalid ${what}: ${details}`);
  }
  return result.data;
}
