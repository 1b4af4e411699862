import crypto from 'node:crypto';
import type {
  CheckStatus,
  ScorecardLevelDefinition,
} from '@internal/backstage-plugin-scorecard-common';

/** A check's raw result for one entity, before exemptions. */
export type RawCheckResult = {
  checkId: string;
  status: CheckStatus;
  detail: string;
  /** a numeric check's measure (kept, shown with the detail) */
  value?: number;
};

export type ActiveExemption = { checkId: string; expiresAt: Date };

export type Score = {
  passed: number;
  total: number;
  level: string | null;
  exempt: Set<string>;
  /** when the earliest applied exemption expires (the score changes then) */
  rescoreAt: Date | null;
  /** changes whenever a status, detail or exemption changes */
  fingerprint: string;
};

/**
 * Scores one entity's results:
 * - an exempt check counts towards neither `passed` nor `total`;
 * - a level is reached when every applicable check of it and of the levels
 *   below passed or is exempt; a level none of whose checks applies to the
 *   entity is skipped (it neither raises nor blocks);
 * - `unknown` never passes.
 */
export function scoreResults(
  results: RawCheckResult[],
  exemptions: ActiveExemption[],
  levels: ScorecardLevelDefinition[],
): Score {
  const exemptUntil = new Map(exemptions.map(e => [e.checkId, e.expiresAt]));
  const byId = new Map(results.map(r => [r.checkId, r]));
  const exempt = new Set<string>();
  let passed = 0;
  let total = 0;
  let rescoreAt: Date | null = null;
  for (const r of results) {
    const until = exemptUntil.get(r.checkId);
    if (until) {
      exempt.add(r.checkId);
      if (!rescoreAt || until < rescoreAt) rescoreAt = until;
      continue;
    }
    total += 1;
    if (r.status === 'passed') passed += 1;
  }

  let level: string | null = null;
  for (const l of levels) {
    const applicable = l.checks.filter(id => byId.has(id));
    if (applicable.length === 0) continue;
    const met = applicable.every(
      id => exempt.has(id) || byId.get(id)!.status === 'passed',
    );
    if (!met) break;
    level = l.name;
  }

  const hash = crypto.createHash('sha1');
  for (const r of results) {
    hash.update(
      `${r.checkId}\0${r.status}\0${r.detail}\0${exempt.has(r.checkId)}\n`,
    );
  }
  return {
    passed,
    total,
    level,
    exempt,
    rescoreAt,
    fingerprint: hash.digest('hex'),
  };
}
