import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ADOPTION_EVENT_ACTIONS,
  ADOPTION_EVENT_LIMITS as LIMITS,
} from '@internal/backstage-plugin-adoption-common';
import { hasControlCharacter } from '@internal/backstage-request-input-node';
import { z } from 'zod';

/*
 * The body of `POST /v1/events` and of `PUT /v1/opt-out`. Objects are
 * strict: a field the API does not know is a 400, so nobody can post who
 * the user is (the backend takes that from the credentials).
 */

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine(v => !hasControlCharacter(v), {
      message: 'must not contain control characters',
    });

const entityRef = text(LIMITS.entityRefLength).transform((value, ctx) => {
  try {
    return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'not an entity reference (kind:namespace/name)',
    });
    return z.NEVER;
  }
});

export const adoptionEventSchema = z.strictObject({
  occurredAt: z.iso.datetime({ offset: true }).transform(v => new Date(v)),
  action: z.enum(ADOPTION_EVENT_ACTIONS),
  subject: text(LIMITS.subjectLength).trim().min(1),
  pluginId: text(LIMITS.idLength).optional(),
  extensionId: text(LIMITS.idLength).optional(),
  routePath: text(LIMITS.pathLength)
    .regex(/^\//, 'must start with /')
    .optional(),
  entityRef: entityRef.optional(),
  searchResultCount: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  target: text(LIMITS.pathLength).optional(),
});

export type ParsedAdoptionEvent = z.output<typeof adoptionEventSchema>;

export const eventsBody = z.strictObject({
  events: z.array(adoptionEventSchema).min(1).max(LIMITS.batch),
});

export const optOutBody = z.strictObject({ optedOut: z.boolean() });
