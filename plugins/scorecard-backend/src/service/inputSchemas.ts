import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { SCORECARD_INPUT_LIMITS as LIMITS } from '@internal/backstage-plugin-scorecard-common';
import { hasControlCharacter } from '@internal/backstage-request-input-node';
import { z } from 'zod';

/**
 * The zod schemas of the scorecard API's input, shared by every route of
 * the plugin (one rule, one place).
 */

/*
 * Text that reaches the database. PostgreSQL refuses a NUL character in text
 * (the query fails, which was a 500), and a lone UTF-16 surrogate is stored
 * as U+FFFD, not as sent; other control characters only hide what a value
 * says when it is shown. All of them are refused as input errors (the
 * portal's one control-character rule; tab and line breaks in multi-line
 * text).
 */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function storableText(options: { multiline?: boolean } = {}) {
  return (value: string, ctx: z.RefinementCtx) => {
    if (hasControlCharacter(value, options)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not contain control characters',
      });
    }
    if (LONE_SURROGATE.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be well-formed Unicode (a lone surrogate was found)',
      });
    }
  };
}

export const singleLine = (max: number) =>
  z.string().max(max).superRefine(storableText());

export const entityRefString = z
  .string()
  .min(1)
  .max(LIMITS.entityRefLength)
  .superRefine(storableText())
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind: 'component' }),
      );
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not an entity reference` });
      return z.NEVER;
    }
  });

export const nameSegment = z
  .string()
  .min(1)
  .max(LIMITS.pathSegmentLength)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"');

export const entityPath = z.object({
  kind: nameSegment,
  namespace: nameSegment,
  name: nameSegment,
});

export const isoDate = z
  .string()
  .max(64)
  .refine(v => /^\d{4}-\d{2}-\d{2}/.test(v) && !isNaN(Date.parse(v)), {
    message: 'must be an ISO 8601 date or date-time',
  })
  .transform(v => new Date(v));
