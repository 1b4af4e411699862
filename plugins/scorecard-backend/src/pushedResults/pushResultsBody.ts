import { SCORECARD_INPUT_LIMITS as LIMITS } from '@internal/backstage-plugin-scorecard-common';
import { z } from 'zod';
import {
  entityRefString,
  isoDate,
  storableText,
} from '../service/inputSchemas';

/** how far ahead of the server's clock an observedAt may be */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A configured check as a push names it. */
export type PushableCheck = {
  id: string;
  /** its check type */
  type: string;
  /** what it takes, if it is of a pushed type */
  valueType?: 'number' | 'boolean';
};

/**
 * The body of `POST /v1/results`, checked against the configured checks:
 * each issue names its field (`results.0.checkId: unknown check "x"; ...`).
 * What needs the catalog (the entity exists, the check applies to it) is
 * the service's.
 */
export function pushResultsBody(options: {
  checks: PushableCheck[];
  now: () => Date;
}) {
  const byId = new Map(options.checks.map(c => [c.id, c]));
  const pushedIds =
    options.checks
      .filter(c => c.valueType)
      .map(c => c.id)
      .join(', ') || 'none is configured';

  const result = z
    .object({
      checkId: z
        .string()
        .min(1)
        .max(LIMITS.nameLength)
        .superRefine(storableText()),
      value: z.union([z.number(), z.boolean()], {
        error: 'must be a number or true/false',
      }),
      message: z
        .string()
        .trim()
        .max(LIMITS.messageLength)
        .superRefine(storableText({ multiline: true }))
        .transform(m => m || undefined)
        .optional(),
      observedAt: isoDate.optional(),
    })
    .strict();

  return z
    .object({
      entityRef: entityRefString,
      results: z
        .array(result)
        .min(1, { error: 'at least one result is needed' })
        .max(LIMITS.pushedResults, {
          error: `at most ${LIMITS.pushedResults} results per request`,
        }),
    })
    .strict()
    .superRefine((body, ctx) => {
      const now = options.now().getTime();
      const seen = new Set<string>();
      body.results.forEach((r, i) => {
        const issue = (field: string, message: string) =>
          ctx.addIssue({
            code: 'custom',
            path: ['results', i, field],
            message,
          });
        if (seen.has(r.checkId)) {
          issue('checkId', `check "${r.checkId}" is pushed twice`);
        }
        seen.add(r.checkId);
        const check = byId.get(r.checkId);
        if (!check) {
          issue(
            'checkId',
            `unknown check "${r.checkId}"; pushed checks: ${pushedIds}`,
          );
        } else if (!check.valueType) {
          issue(
            'checkId',
            `check "${r.checkId}" is of type ${check.type}, which takes no pushed results; pushed checks: ${pushedIds}`,
          );
        } else if (typeof r.value !== check.valueType) {
          issue(
            'value',
            `check "${check.id}" (${check.type}) takes ${
              check.valueType === 'number' ? 'a number' : 'true or false'
            }, not ${String(r.value)}`,
          );
        }
        // zod runs this after a field's own refinement failed too: an
        // observedAt that is no date is still the text sent, already refused
        if (
          r.observedAt instanceof Date &&
          r.observedAt.getTime() > now + CLOCK_SKEW_MS
        ) {
          issue(
            'observedAt',
            `${r.observedAt.toISOString()} is in the future (the server's time is ${new Date(
              now,
            ).toISOString()}; clocks may differ by ${
              CLOCK_SKEW_MS / 60000
            } minutes)`,
          );
        }
      });
    });
}

export type PushResultsBody = z.infer<ReturnType<typeof pushResultsBody>>;
