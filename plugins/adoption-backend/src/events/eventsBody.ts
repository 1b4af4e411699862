import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ADOPTION_EVENT_ACTIONS,
  ADOPTION_EVENT_LIMITS as LIMITS,
} from '@internal/backstage-plugin-adoption-common';
import {
  hasControlCharacter,
  parseInput,
} from '@internal/backstage-request-input-node';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

/*
 * The body of `POST /v1/events` and of `PUT /v1/opt-out`. Objects are
 * strict: a field the API does not know is refused, so nobody can post who
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

const eventsEnvelope = z.strictObject({
  events: z.array(z.unknown()).min(1).max(LIMITS.batch),
});

/**
 * The events of a `POST /v1/events` body that are valid, and why each
 * other one was refused: one bad event (a browser extension's, an old
 * frontend's) loses only itself. A body that is not a batch, or whose
 * events are all refused, is an `InputError` (400) naming the fields.
 */
export function parseEventsBody(body: unknown): {
  events: ParsedAdoptionEvent[];
  rejected: { index: number; message: string }[];
} {
  const envelope = parseInput(eventsEnvelope, body, 'request body');
  const events: ParsedAdoptionEvent[] = [];
  const rejected: { index: number; message: string }[] = [];
  envelope.events.forEach((event, index) => {
    try {
      events.push(
        parseInput(adoptionEventSchema, event, 'request body', [
          'events',
          index,
        ]),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      rejected.push({ index, message: error.message });
    }
  });
  if (!events.length) {
    throw new InputError(rejected.map(r => r.message).join('; '));
  }
  return { events, rejected };
}

export const optOutBody = z.strictObject({ optedOut: z.boolean() });
