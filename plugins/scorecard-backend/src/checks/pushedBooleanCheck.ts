import {
  createPushedCheckType,
  readMaxAge,
  type MaxAge,
  type PushedCheckDeps,
} from '../pushedResults/pushedChecks';

export type PushedBooleanParams = { maxAge?: MaxAge };

/**
 * `pushed-boolean`: pass or fail as a CI job pushes it
 * (POST /api/scorecard/v1/results), with its message as the evidence
 * ("3 images unsigned: a, b, c").
 *
 * params: `maxAge` (`{ days: 7 }`: an older result is unknown; default: a
 * result never expires).
 */
export function createPushedBooleanCheckType(deps: PushedCheckDeps = {}) {
  return createPushedCheckType<PushedBooleanParams>(deps, {
    id: 'pushed-boolean',
    parseParams(params) {
      return { maxAge: readMaxAge(params) };
    },
    judge(result) {
      if (typeof result.value !== 'boolean') {
        return {
          status: 'unknown',
          detail: `the last result pushed is ${String(
            result.value,
          )}, not true or false`,
        };
      }
      return {
        status: result.value ? 'passed' : 'failed',
        detail:
          result.message ??
          `pushed as ${result.value ? 'passed' : 'failed'}, without a message`,
      };
    },
  });
}
