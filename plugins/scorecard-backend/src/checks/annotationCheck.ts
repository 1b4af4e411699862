import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import { optionalPattern } from './util';

/**
 * `annotation`: the entity carries an annotation with a non-empty value,
 * optionally equal to `equals` or matching `pattern`.
 *
 * params: `annotation` (required), `equals`, `pattern`.
 */
export const annotationCheckType = createScorecardCheckType({
  id: 'annotation',
  parseParams(params) {
    if (!params) throw new Error('params.annotation is required');
    return {
      annotation: params.getString('annotation'),
      equals: params.getOptionalString('equals'),
      pattern: optionalPattern(params, 'pattern'),
    };
  },
  evaluate(entity, { annotation, equals, pattern }) {
    const value = entity.metadata.annotations?.[annotation];
    if (value === undefined || value.trim() === '') {
      return { status: 'failed', detail: `no ${annotation} annotation` };
    }
    if (equals !== undefined && value !== equals) {
      return {
        status: 'failed',
        detail: `${annotation} is "${value}", expected "${equals}"`,
      };
    }
    if (pattern && !pattern.test(value)) {
      return {
        status: 'failed',
        detail: `${annotation} is "${value}", which does not match ${pattern.source}`,
      };
    }
    return { status: 'passed', detail: `${annotation}: ${value}` };
  },
});
