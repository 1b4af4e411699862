import {
  SCORECARD_INPUT_LIMITS as LIMITS,
  type ScorecardCampaignDefinition,
  type ScorecardCampaignInput,
} from '@internal/backstage-plugin-scorecard-common';
import { z } from 'zod';
import {
  entityRefString,
  singleLine,
  storableText,
} from '../service/inputSchemas';
import { normalizeRef } from '../service/ScorecardService';

/**
 * What a campaign definition must be, wherever it comes from: the
 * `scorecard.campaigns` config (read at startup) and the API's POST and PUT
 * bodies are checked by these schemas (one rule, one place). Values are
 * normalized as `scorecard_entities` stores them (refs, type, lifecycle and
 * kind lowercase), so that scopes match with plain comparisons.
 */

export const CAMPAIGN_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const DEFAULT_REMINDER_DAYS = 14;

export const campaignId = z
  .string()
  .min(1)
  .max(64)
  .regex(CAMPAIGN_ID_PATTERN, 'lowercase letters, digits and hyphens');

/** YYYY-MM-DD, a real calendar day */
export const campaignDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: 'must be a date, YYYY-MM-DD',
    abort: true,
  })
  .refine(v => {
    const d = new Date(`${v}T00:00:00Z`);
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'must be a calendar date');

const lower = (v: string) => v.toLocaleLowerCase('en-US');

/** an entity ref of one of these kinds, normalized (`group:default/x`) */
const refOfKind = (kinds: string[], example: string) =>
  entityRefString
    .transform(normalizeRef)
    .refine(
      ref => kinds.includes(ref.slice(0, ref.indexOf(':'))),
      `must be a ${kinds.join(' or ')} reference (${example})`,
    );

const list = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1).max(LIMITS.listLength).optional();

/** the catalog's tag format (catalog-model's default validator) */
const tag = z
  .string()
  .max(63)
  .regex(
    /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/,
    'a catalog tag: lowercase letters, digits, ":", "+", "#" and "-"',
  );

export const campaignScopeSchema = z
  .object({
    owner: list(refOfKind(['group', 'user'], 'group:default/payments')),
    system: list(refOfKind(['system'], 'system:default/payments')),
    kind: list(
      z
        .string()
        .max(LIMITS.nameLength)
        .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'an entity kind (Component)')
        .transform(lower),
    ),
    type: list(singleLine(LIMITS.nameLength).min(1).transform(lower)),
    lifecycle: list(singleLine(LIMITS.nameLength).min(1).transform(lower)),
    tag: list(tag),
  })
  .strict();

function campaignFields(checkIds: ReadonlySet<string>) {
  const checkId = z
    .string()
    .max(LIMITS.nameLength)
    .superRefine((id, ctx) => {
      if (!checkIds.has(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown check "${id}"; configured checks: ${[
            ...checkIds,
          ].join(', ')}`,
        });
      }
    });
  return z
    .object({
      title: singleLine(LIMITS.titleLength).trim().min(1),
      description: z
        .string()
        .max(LIMITS.descriptionLength)
        .superRefine(storableText({ multiline: true }))
        .default(''),
      checks: z
        .array(checkId)
        .min(1)
        .max(LIMITS.listLength)
        .refine(ids => new Set(ids).size === ids.length, 'a check is repeated'),
      scope: campaignScopeSchema.default({}),
      startDate: campaignDate,
      targetDate: campaignDate,
      reminderDays: z
        .number()
        .int()
        .min(0)
        .max(366)
        .default(DEFAULT_REMINDER_DAYS),
    })
    .strict();
}

const datesInOrder = (
  c: { startDate: string; targetDate: string },
  ctx: z.RefinementCtx,
) => {
  // YYYY-MM-DD strings compare as their dates do
  if (c.targetDate < c.startDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['targetDate'],
      message: `must not be before startDate (${c.startDate})`,
    });
  }
};

/**
 * A whole definition (the config, `POST /v1/campaigns`); `checkIds` are the
 * configured checks a campaign may name.
 */
export function campaignDefinitionSchema(
  checkIds: ReadonlySet<string>,
): z.ZodType<ScorecardCampaignDefinition, ScorecardCampaignInput> {
  return campaignFields(checkIds)
    .extend({ id: campaignId })
    .superRefine(datesInOrder);
}

/** A definition without its id (`PUT /v1/campaigns/:id`). */
export function campaignUpdateSchema(
  checkIds: ReadonlySet<string>,
): z.ZodType<
  Omit<ScorecardCampaignDefinition, 'id'>,
  Omit<ScorecardCampaignInput, 'id'>
> {
  return campaignFields(checkIds).superRefine(datesInOrder);
}
