import {
  createPushedCheckType,
  readMaxAge,
  withMessage,
  type MaxAge,
  type PushedCheckDeps,
} from '../pushedResults/pushedChecks';

/** each operator, and the one that holds when it does not */
const OPERATORS = {
  '>=': { holds: (v: number, t: number) => v >= t, otherwise: '<' },
  '>': { holds: (v: number, t: number) => v > t, otherwise: '<=' },
  '<=': { holds: (v: number, t: number) => v <= t, otherwise: '>' },
  '<': { holds: (v: number, t: number) => v < t, otherwise: '>=' },
} as const;

type Operator = keyof typeof OPERATORS;

export type PushedMetricParams = {
  label?: string;
  unit?: string;
  operator: Operator;
  threshold: number;
  maxAge?: MaxAge;
};

/**
 * `pushed-metric`: a number a CI job pushes (POST /api/scorecard/v1/results),
 * judged against a threshold: "coverage 61 % < 80 %". The number is kept
 * with the result (`value`).
 *
 * params: `operator` (>=, >, <=, <) and `threshold` (required); `label`
 * (default: the check's id), `unit` ("%"), `maxAge` (`{ days: 7 }`: an
 * older result is unknown; default: a result never expires).
 */
export function createPushedMetricCheckType(deps: PushedCheckDeps = {}) {
  return createPushedCheckType<PushedMetricParams>(deps, {
    id: 'pushed-metric',
    parseParams(params) {
      if (!params)
        throw new Error('params.operator and params.threshold are required');
      const operator = params.getString('operator');
      if (!Object.hasOwn(OPERATORS, operator)) {
        throw new Error(
          `params.operator must be one of ${Object.keys(OPERATORS).join(
            ', ',
          )}, not "${operator}"`,
        );
      }
      const threshold = params.getNumber('threshold');
      if (!Number.isFinite(threshold)) {
        throw new Error('params.threshold must be a finite number');
      }
      return {
        label: params.getOptionalString('label'),
        unit: params.getOptionalString('unit'),
        operator: operator as Operator,
        threshold,
        maxAge: readMaxAge(params),
      };
    },
    judge(result, params, check) {
      const label = params.label ?? check.id;
      if (typeof result.value !== 'number') {
        return {
          status: 'unknown',
          detail: `the last result pushed for ${label} is ${String(
            result.value,
          )}, not a number`,
        };
      }
      const measure = (n: number) =>
        params.unit ? `${n} ${params.unit}` : String(n);
      const { holds, otherwise } = OPERATORS[params.operator];
      const passed = holds(result.value, params.threshold);
      const evidence = `${label} ${measure(result.value)} ${
        passed ? params.operator : otherwise
      } ${measure(params.threshold)}`;
      return {
        status: passed ? 'passed' : 'failed',
        detail: withMessage(evidence, result.message),
        value: result.value,
      };
    },
  });
}
