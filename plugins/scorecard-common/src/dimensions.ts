/**
 * The platform standards' dimensions (the developer guide's "Scorecard
 * Dimensions" table). Every check belongs to exactly one.
 *
 * @public
 */
export const SCORECARD_DIMENSIONS = [
  { id: 'ownership', title: 'Ownership' },
  { id: 'on-call', title: 'On-Call' },
  { id: 'documentation', title: 'Documentation' },
  { id: 'reliability', title: 'Reliability' },
  { id: 'observability', title: 'Observability' },
  { id: 'security', title: 'Security' },
  { id: 'production-readiness', title: 'Production readiness' },
] as const;

/** @public */
export type ScorecardDimensionId = (typeof SCORECARD_DIMENSIONS)[number]['id'];

/**
 * The dimension with this id or title (case and spacing ignored), or
 * undefined.
 *
 * @public
 */
export function findScorecardDimension(
  idOrTitle: string,
): (typeof SCORECARD_DIMENSIONS)[number] | undefined {
  const key = idOrTitle.trim().toLocaleLowerCase('en-US').replace(/\s+/g, '-');
  return SCORECARD_DIMENSIONS.find(
    d =>
      d.id === key ||
      d.title.toLocaleLowerCase('en-US').replace(/\s+/g, '-') === key,
  );
}
