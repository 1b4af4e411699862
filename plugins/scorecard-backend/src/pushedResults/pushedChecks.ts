import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { readDurationFromConfig, type Config } from '@backstage/config';
import {
  SCORECARD_PUSHED_CHECK_TYPES,
  type ScorecardPushedCheckTypeId,
} from '@internal/backstage-plugin-scorecard-common';
import {
  createScorecardCheckType,
  type CheckOutcome,
  type ScorecardCheckType,
} from '@internal/backstage-plugin-scorecard-node';
import { durationToMilliseconds } from '@backstage/types';
import { normalizeRef } from '../service/ScorecardService';

/*
 * What the check types that judge pushed results (pushed-metric,
 * pushed-boolean) share: where they read the results, how old a result may
 * be, and what they say without one.
 */

/** The latest result pushed for an entity and a check. */
export type PushedResult = {
  entityRef: string;
  checkId: string;
  /** a number or true/false, as pushed; null if neither was stored */
  value: number | boolean | null;
  message: string | null;
  observedAt: Date;
  receivedAt: Date;
  pushedBy: string;
};

/** Where the check types read pushed results (PushedResultsStore). */
export interface PushedResultsReader {
  latest(entityRef: string, checkId: string): Promise<PushedResult | undefined>;
}

/** What the pushed check types are built with. */
export type PushedCheckDeps = {
  /** absent where nothing is evaluated (config validation, benchmarks) */
  results?: PushedResultsReader;
  now?: () => Date;
};

/** The JSON type of the value a check type takes, if it takes pushed results. */
export function pushedValueType(
  checkTypeId: string,
): 'number' | 'boolean' | undefined {
  return Object.hasOwn(SCORECARD_PUSHED_CHECK_TYPES, checkTypeId)
    ? SCORECARD_PUSHED_CHECK_TYPES[checkTypeId as ScorecardPushedCheckTypeId]
    : undefined;
}

export const NO_RESULT_DETAIL =
  'no result pushed yet (POST /api/scorecard/v1/results)';

/** a result older than this is unknown: `maxAge` of the check's params */
export type MaxAge = { ms: number; text: string };

const UNITS: Array<[string, number]> = [
  ['day', 24 * 3600 * 1000],
  ['hour', 3600 * 1000],
  ['minute', 60 * 1000],
  ['second', 1000],
];

/** "7 days", "36 hours", "90 minutes": the largest unit that is exact */
export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms % size === 0) {
      const n = ms / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/**
 * `params.maxAge`, optional: an object of units as the rest of the config
 * writes durations (`{ days: 7 }`); an ISO 8601 duration (`P7D`) is read
 * too, as Backstage's readDurationFromConfig reads both.
 */
export function readMaxAge(params: Config | undefined): MaxAge | undefined {
  if (!params?.has('maxAge')) return undefined;
  let ms: number;
  try {
    ms = durationToMilliseconds(
      readDurationFromConfig(params, { key: 'maxAge' }),
    );
  } catch (e) {
    throw new Error(
      `params.maxAge must be a duration such as { days: 7 } (${
        e instanceof Error ? e.message : e
      })`,
    );
  }
  if (!(ms > 0)) throw new Error('params.maxAge must be longer than 0');
  return { ms, text: formatDuration(ms) };
}

/** the key the store and the checks find an entity's results by */
export const pushedEntityRef = (entity: Entity) =>
  normalizeRef(stringifyEntityRef(entity));

/**
 * The latest pushed result of this entity and check, or the outcome that
 * stands for it: unknown when there is none yet or it is older than maxAge.
 */
async function latestPushedResult(
  deps: PushedCheckDeps,
  entity: Entity,
  checkId: string,
  maxAge: MaxAge | undefined,
): Promise<PushedResult | CheckOutcome> {
  if (!deps.results) {
    throw new Error('pushed results cannot be read here');
  }
  const result = await deps.results.latest(pushedEntityRef(entity), checkId);
  if (!result) return { status: 'unknown', detail: NO_RESULT_DETAIL };
  const now = deps.now?.() ?? new Date();
  if (maxAge && now.getTime() - result.observedAt.getTime() > maxAge.ms) {
    return {
      status: 'unknown',
      detail: `last result ${result.observedAt.toISOString()} is older than ${
        maxAge.text
      }`,
    };
  }
  return result;
}

const isOutcome = (v: PushedResult | CheckOutcome): v is CheckOutcome =>
  'status' in v;

/**
 * A check type that judges the latest result pushed for the entity and the
 * check: unknown without one, or when it is older than `params.maxAge`;
 * otherwise `judge` says what the result means.
 */
export function createPushedCheckType<TParams extends { maxAge?: MaxAge }>(
  deps: PushedCheckDeps,
  checkType: {
    id: ScorecardPushedCheckTypeId;
    parseParams(params: Config | undefined): TParams;
    judge(
      result: PushedResult,
      params: TParams,
      check: { id: string },
    ): CheckOutcome;
  },
): ScorecardCheckType<TParams> {
  return createScorecardCheckType<TParams>({
    id: checkType.id,
    parseParams: checkType.parseParams,
    async evaluate(entity, params, _context, check) {
      const result = await latestPushedResult(
        deps,
        entity,
        check.id,
        params.maxAge,
      );
      return isOutcome(result)
        ? result
        : checkType.judge(result, params, check);
    },
  });
}

/** the pushed message after the evidence, if there is one */
export const withMessage = (evidence: string, message: string | null) =>
  message ? `${evidence} — ${message}` : evidence;
