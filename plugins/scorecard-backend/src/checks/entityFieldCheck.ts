import { parseEntityRef } from '@backstage/catalog-model';
import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import { optionalPattern, readField } from './util';

/**
 * `entity-field`: a field of the entity (e.g. `spec.owner`) is set and,
 * optionally, matches a pattern or references an entity of a kind.
 *
 * params: `field` (dot path, required), `pattern` (regular expression),
 * `refKind` (the value must be an entity reference of this kind; the default
 * kind of a bare name is this kind).
 */
export const entityFieldCheckType = createScorecardCheckType({
  id: 'entity-field',
  parseParams(params) {
    if (!params) throw new Error('params.field is required');
    return {
      field: params.getString('field'),
      pattern: optionalPattern(params, 'pattern'),
      refKind: params.getOptionalString('refKind')?.toLocaleLowerCase('en-US'),
    };
  },
  evaluate(entity, { field, pattern, refKind }) {
    const value = readField(entity, field);
    if (typeof value !== 'string' || value.trim() === '') {
      return { status: 'failed', detail: `${field} is not set` };
    }
    if (pattern && !pattern.test(value)) {
      return {
        status: 'failed',
        detail: `${field} is "${value}", which does not match ${pattern.source}`,
      };
    }
    if (refKind) {
      let kind: string;
      try {
        kind = parseEntityRef(value, { defaultKind: refKind }).kind;
      } catch (e) {
        return {
          status: 'failed',
          detail: `${field} is "${value}", not an entity reference`,
        };
      }
      if (kind.toLocaleLowerCase('en-US') !== refKind) {
        return {
          status: 'failed',
          detail: `${field} is "${value}", a ${kind}, not a ${refKind}`,
        };
      }
    }
    return { status: 'passed', detail: `${field} is ${value}` };
  },
});
