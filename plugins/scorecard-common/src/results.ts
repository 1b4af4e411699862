/**
 * Results pushed from outside the portal (a CI job):
 * `POST /api/scorecard/v1/results` with a service token.
 */
import type { EntityScorecard, ScorecardCheckResult } from './types';

/**
 * The check types that take pushed results, and the JSON type of the value
 * each takes: a number judged against a threshold, or pass/fail.
 *
 * @public
 */
export const SCORECARD_PUSHED_CHECK_TYPES = {
  'pushed-metric': 'number',
  'pushed-boolean': 'boolean',
} as const;

/** @public */
export type ScorecardPushedCheckTypeId =
  keyof typeof SCORECARD_PUSHED_CHECK_TYPES;

/** One pushed result. @public */
export type ScorecardPushedResult = {
  /** a check of a type that takes pushed results (`pushed-metric`, `pushed-boolean`) */
  checkId: string;
  /** a number for a threshold check, true/false for a pass/fail check */
  value: number | boolean;
  /** the evidence, shown with the result ("3 images unsigned: a, b, c") */
  message?: string;
  /** when it was measured (ISO 8601); default: when received; never in the future */
  observedAt?: string;
};

/** The request body. @public */
export type ScorecardPushResultsRequest = {
  entityRef: string;
  results: ScorecardPushedResult[];
};

/**
 * The answer to a push: the entity's score after it was evaluated again
 * with the pushed results, and the results of the pushed checks.
 *
 * @public
 */
export type ScorecardPushResultsResponse = Pick<
  EntityScorecard,
  'entityRef' | 'score' | 'level' | 'evaluatedAt'
> & {
  /** the pushed checks' results, in the order of the request */
  checks: ScorecardCheckResult[];
  /**
   * checks whose pushed result was not stored because a result observed
   * later is already stored (a CI run that finished after a newer one)
   */
  superseded: string[];
};
