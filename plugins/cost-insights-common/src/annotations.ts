import type { Entity } from '@backstage/catalog-model';

/*
 * Which AWS cost-allocation tag an entity's costs carry: the one rule, used
 * by the backend (which filters Cost Explorer on it), the card (which shows
 * what is wrong with it) and the tests.
 */

/** `key=value`: the cost-allocation tag on the entity's AWS resources. */
export const COST_TAG_ANNOTATION = 'myorg.com/cost-tag';

/** The tag key used when the annotation is absent (see `costTagOf`). */
export const DEFAULT_COST_TAG_KEY = 'service';

/** An AWS cost-allocation tag: the key and the value the costs carry. */
export type CostTag = { key: string; value: string };

/*
 * AWS tag rules (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html):
 * keys 1-128 and values 0-256 characters of letters, digits, spaces and
 * `_ . : / = + - @`; the `aws:` prefix is AWS's own. Our convention is
 * stricter: no spaces (and no empty value), so the annotation reads as one
 * `key=value` word.
 */
const TAG_CHARACTERS = /^[\p{L}\p{N}_.:/=+\-@]+$/u;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

/** Whether the entity names its cost tag (where the card shows). */
export function hasCostTagAnnotation(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[COST_TAG_ANNOTATION]);
}

/** Checks a tag key and value against the rules above. */
export function validateCostTag(
  key: string,
  value: string,
): CostTag | { problem: string } {
  const problems: string[] = [];
  if (!key) problems.push('the tag key is empty');
  else if (/\s/.test(key)) problems.push(`the key "${key}" contains spaces`);
  else if (key.length > MAX_KEY_LENGTH)
    problems.push(`the key is longer than ${MAX_KEY_LENGTH} characters`);
  else if (!TAG_CHARACTERS.test(key))
    problems.push(
      `the key "${key}" has characters AWS does not allow in tags (letters, digits and _ . : / = + - @ only)`,
    );
  else if (key.toLowerCase().startsWith('aws:'))
    problems.push('keys starting with "aws:" are reserved by AWS');
  if (!value) problems.push('the tag value is empty');
  else if (/\s/.test(value))
    problems.push(`the value "${value}" contains spaces`);
  else if (value.length > MAX_VALUE_LENGTH)
    problems.push(`the value is longer than ${MAX_VALUE_LENGTH} characters`);
  else if (!TAG_CHARACTERS.test(value))
    problems.push(
      `the value "${value}" has characters AWS does not allow in tags (letters, digits and _ . : / = + - @ only)`,
    );
  if (problems.length > 0) {
    return {
      problem: `${COST_TAG_ANNOTATION} must be one cost-allocation tag as key=value without spaces (e.g. service=order-service): ${problems.join(
        '; ',
      )}.`,
    };
  }
  return { key, value };
}

/** Parses an annotation value, `key=value` (the first `=` separates). */
export function parseCostTag(
  annotation: string,
): CostTag | { problem: string } {
  const eq = annotation.indexOf('=');
  if (eq < 0) {
    return {
      problem: `${COST_TAG_ANNOTATION} must be one cost-allocation tag as key=value without spaces (e.g. service=order-service); "${annotation}" has no "=".`,
    };
  }
  return validateCostTag(annotation.slice(0, eq), annotation.slice(eq + 1));
}

/**
 * The entity's cost tag: its annotation when present, else
 * `<defaultKey>=<entity name>` (the `service` tag named like the entity),
 * or what is wrong with the annotation.
 */
export function costTagOf(
  entity: Entity,
  defaultKey: string = DEFAULT_COST_TAG_KEY,
): CostTag | { problem: string } {
  const annotation = entity.metadata.annotations?.[COST_TAG_ANNOTATION];
  if (annotation === undefined) {
    return validateCostTag(defaultKey, entity.metadata.name);
  }
  return parseCostTag(annotation);
}
