import type { ScorecardCheckResult, ScorecardLevelDefinition } from './types';

/** A check still to fix, and the level it stands in the way of. @public */
export type CheckToFix = ScorecardCheckResult & {
  /** the lowest level that needs this check, or null if none does */
  blocksLevel: string | null;
};

/**
 * The checks an owner should fix first: every check that did not pass and is
 * not exempt (an `unknown` result counts: its evidence has to be made
 * readable), those of the lowest level not yet reached first, then the
 * levels above in order, then checks no level needs. Within a level the
 * configured order is kept.
 *
 * @public
 */
export function checksToFixFirst(
  checks: ScorecardCheckResult[],
  levels: ScorecardLevelDefinition[],
): CheckToFix[] {
  const levelOf = new Map<string, { name: string; rank: number }>();
  levels.forEach((level, rank) => {
    for (const id of level.checks) {
      if (!levelOf.has(id)) levelOf.set(id, { name: level.name, rank });
    }
  });
  return checks
    .map((check, index) => ({ check, index }))
    .filter(({ check }) => !check.passed && !check.exempt)
    .sort((a, b) => {
      const rankA = levelOf.get(a.check.id)?.rank ?? levels.length;
      const rankB = levelOf.get(b.check.id)?.rank ?? levels.length;
      return rankA - rankB || a.index - b.index;
    })
    .map(({ check }) => ({
      ...check,
      blocksLevel: levelOf.get(check.id)?.name ?? null,
    }));
}
