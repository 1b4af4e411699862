import { ADOPTION_USAGE_QUERY_LIMITS as LIMITS } from '@internal/backstage-plugin-adoption-common';
import { z } from 'zod';
import { tableFormat as format } from '../service/sendTable';

/*
 * The query parameters of the usage routes. Strict: an unknown parameter is
 * a 400 (a misspelt `day=7` would otherwise silently mean 30 days).
 */

const whole = (bounds: { min: number; max: number; default: number }) =>
  z.coerce
    .number<string>()
    .int()
    .min(bounds.min)
    .max(bounds.max)
    .default(bounds.default);

const kind = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'must be an entity kind')
  .transform(v => v.toLocaleLowerCase('en-US'))
  .optional();

export const weeksQuery = z.strictObject({
  weeks: whole(LIMITS.weeks),
  format,
});

export const windowQuery = z.strictObject({
  days: whole(LIMITS.days),
  limit: whole(LIMITS.limit),
  format,
});

export const pagesQuery = windowQuery.extend({
  pluginId: z.string().min(1).max(200).optional(),
});

export const entitiesQuery = windowQuery.extend({ kind });
