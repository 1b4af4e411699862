/**
 * Exemption requests: an owner asks, the platform team approves or denies;
 * every decision is kept.
 */

/**
 * A request's statuses: pending until the platform team approves or denies
 * it, or its requester withdraws it.
 *
 * @public
 */
export const SCORECARD_EXEMPTION_REQUEST_STATUSES = [
  'pending',
  'approved',
  'denied',
  'withdrawn',
] as const;

/** @public */
export type ScorecardExemptionRequestStatus =
  (typeof SCORECARD_EXEMPTION_REQUEST_STATUSES)[number];

/** @public */
export type ScorecardExemptionRequest = {
  id: string;
  entityRef: string;
  checkId: string;
  reason: string;
  /** ISO 8601: when the exemption would end */
  expiresAt: string;
  requestedBy: string;
  requestedAt: string;
  status: ScorecardExemptionRequestStatus;
  decidedBy?: string;
  decidedAt?: string;
  /** why it was approved or denied */
  decisionReason?: string;
};

/**
 * How far ahead an exemption (or a request for one) may end, in days from
 * now: within a year, since exemptions are reviewed, not permanent. The
 * backend refuses a later expiry; the frontend says so before sending.
 *
 * @public
 */
export const SCORECARD_EXEMPTION_MAX_DAYS = 366;
