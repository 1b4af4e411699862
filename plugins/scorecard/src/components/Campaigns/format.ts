import type {
  ScorecardCampaignBurndownPoint,
  ScorecardCampaignProgress,
  ScorecardCampaignStatus,
  ScorecardCampaignSummary,
  ScorecardEntityCampaign,
} from '@internal/backstage-plugin-scorecard-common';

/** "Q1 security: due 2027-03-31, 2 of 3 done" (the entity card's line) */
export const entityCampaignLine = (c: ScorecardEntityCampaign) =>
  `${c.title}: due ${c.targetDate}, ${c.passed} of ${c.checks} done`;

export const STATUS_LABELS: Record<ScorecardCampaignStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  archived: 'Archived',
};

export const percentDone = (p: ScorecardCampaignProgress) =>
  p.entities > 0 ? Math.round((100 * p.done) / p.entities) : 0;

/** "2 of 3 entities done (67%)" */
export const progressText = (p: ScorecardCampaignProgress) =>
  `${p.done} of ${p.entities} ${
    p.entities === 1 ? 'entity' : 'entities'
  } done (${percentDone(p)}%)`;

const STATUS_ORDER: ScorecardCampaignStatus[] = [
  'active',
  'planned',
  'archived',
];

/** active first, then planned, then archived; soonest due first in each */
export const orderCampaigns = (campaigns: ScorecardCampaignSummary[]) =>
  [...campaigns].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.targetDate.localeCompare(b.targetDate) ||
      a.id.localeCompare(b.id),
  );

/** "burn-down: 2 of 3 left on 2026-12-07 → 1 of 3 left on 2026-12-08" */
export function describeBurndown(points: ScorecardCampaignBurndownPoint[]) {
  if (points.length === 0) return 'burn-down: no evaluation recorded yet';
  const at = (p: ScorecardCampaignBurndownPoint) =>
    `${p.remaining} of ${p.entities} left on ${p.timestamp.slice(0, 10)}`;
  const first = points[0];
  const last = points[points.length - 1];
  return points.length === 1
    ? `burn-down: ${at(first)}`
    : `burn-down: ${at(first)} → ${at(last)}`;
}
