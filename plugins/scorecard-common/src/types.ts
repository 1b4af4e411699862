import type { ScorecardDimensionId } from './dimensions';
import type { ScorecardRollup } from './rollups';

/**
 * A check's result for one entity:
 * - `passed` / `failed`: the evidence was read and judged;
 * - `unknown`: the evidence could not be read (repository unreachable,
 *   cluster down, nothing to look at); `detail` says why. Never counted as a
 *   pass.
 *
 * @public
 */
export type CheckStatus = 'passed' | 'failed' | 'unknown';

/** @public */
export type ScorecardExemption = {
  entityRef: string;
  checkId: string;
  reason: string;
  /** entity ref of the user who created it */
  author: string;
  createdAt: string;
  /** ISO 8601; the exemption stops applying at this instant */
  expiresAt: string;
};

/** A configured check, as the API describes it. @public */
export type ScorecardCheckDefinition = {
  id: string;
  title: string;
  dimension: ScorecardDimensionId;
  description: string;
  /** a link explaining how to make the check pass */
  howToFix?: string;
  /** which entities the check applies to (empty: all scored entities) */
  filter: { kind?: string[]; type?: string[]; lifecycle?: string[] };
};

/** @public */
export type ScorecardLevelDefinition = { name: string; checks: string[] };

/** One check of an entity's scorecard. @public */
export type ScorecardCheckResult = {
  id: string;
  title: string;
  dimension: ScorecardDimensionId;
  description: string;
  howToFix?: string;
  status: CheckStatus;
  /** true only for `status: 'passed'` */
  passed: boolean;
  detail: string;
  /** the measured value of a numeric check (e.g. test coverage) */
  value?: number;
  /** an active exemption covers this check: it does not count */
  exempt: boolean;
  exemption?: ScorecardExemption;
  evaluatedAt: string;
};

/**
 * An entity's scorecard: `GET /api/scorecard/v1/entities/{kind}/{namespace}/{name}`.
 * Exempt checks count towards neither `passed` nor `total`, and satisfy
 * levels.
 *
 * @public
 */
export type EntityScorecard = {
  entityRef: string;
  score: { passed: number; total: number };
  /** the highest level reached, or null */
  level: string | null;
  checks: ScorecardCheckResult[];
  evaluatedAt: string | null;
  /** Systems, Domains and Groups: the scorecard of their children */
  rollup?: ScorecardRollup;
};

/** @public */
export type ScorecardHistoryPoint = {
  timestamp: string;
  passed: number;
  total: number;
  level: string | null;
  checks: { id: string; status: CheckStatus; exempt: boolean }[];
};

/** `GET .../history?since=` @public */
export type EntityScorecardHistory = {
  entityRef: string;
  points: ScorecardHistoryPoint[];
};

/** @public */
export type ScorecardReportGroupBy = 'owner' | 'dimension' | 'check';

/** @public */
export type StatusCounts = {
  passed: number;
  failed: number;
  unknown: number;
  exempt: number;
};

/** A team's row of the report (`groupBy=owner`). @public */
export type OwnerReportRow = {
  owner: string;
  entities: number;
  passed: number;
  total: number;
  /** entities per level reached ('none' for no level) */
  levels: Record<string, number>;
  /** the lowest level among the team's entities (what the team has for sure) */
  level: string | null;
  /** passed/total of earlier full evaluations, oldest first */
  trend: { timestamp: string; passed: number; total: number }[];
};

/** @public */
export type DimensionReportRow = StatusCounts & {
  dimension: ScorecardDimensionId;
  title: string;
};

/** @public */
export type CheckReportRow = StatusCounts & {
  checkId: string;
  title: string;
  dimension: ScorecardDimensionId;
};

/** `GET /api/scorecard/v1/report?groupBy=` @public */
export type ScorecardReport =
  | { groupBy: 'owner'; generatedAt: string; rows: OwnerReportRow[] }
  | { groupBy: 'dimension'; generatedAt: string; rows: DimensionReportRow[] }
  | { groupBy: 'check'; generatedAt: string; rows: CheckReportRow[] };

/** An entity in a drill-down list (`GET /api/scorecard/v1/entities`). @public */
export type ScorecardEntitySummary = {
  entityRef: string;
  owner: string | null;
  passed: number;
  total: number;
  level: string | null;
  evaluatedAt: string;
};

/** `GET /api/scorecard/v1/checks` @public */
export type ScorecardConfiguration = {
  checks: ScorecardCheckDefinition[];
  levels: ScorecardLevelDefinition[];
};
