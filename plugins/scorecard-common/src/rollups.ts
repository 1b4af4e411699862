/**
 * Roll-ups: a System, a Domain or a Group scored by its children (a System:
 * its components, APIs and resources; a Domain: its systems and theirs; a
 * Group: what it and its sub-groups own).
 */

/** @public */
export type ScorecardRollupChild = {
  entityRef: string;
  kind: string;
  passed: number;
  total: number;
  level: string | null;
};

/** @public */
export type ScorecardRollupFailingCheck = {
  checkId: string;
  title: string;
  /** entities of the roll-up failing it (not exempt) */
  failing: number;
};

/** @public */
export type ScorecardRollup = {
  /** entities counted (every scored descendant) */
  entities: number;
  passed: number;
  total: number;
  /** entities per level reached ('none': no level) */
  levels: Record<string, number>;
  /** the checks failing most, most failing first (at most 10) */
  failingChecks: ScorecardRollupFailingCheck[];
  /**
   * the direct children, by entity ref, at most 200 (a System: its
   * entities; a Domain: its systems, each with its own roll-up's
   * passed/total and its own level; a Group: the entities it and its
   * sub-groups own)
   */
  children: ScorecardRollupChild[];
  /** how many direct children there are (`children` may list fewer) */
  childCount: number;
  /** passed/total after earlier full evaluations (the last of each UTC day, 90 days), oldest first */
  history: { timestamp: string; passed: number; total: number }[];
};
