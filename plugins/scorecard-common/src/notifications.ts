/**
 * What the scorecard notifies an entity's owning group of, through the
 * portal's notifications (topic `scorecard`). One notification per
 * transition, however many evaluations or replicas see it.
 *
 * @public
 */
export type ScorecardNotificationKind =
  | 'check-regressed'
  | 'level-lost'
  | 'campaign-due';

/** The notifications' topic. @public */
export const SCORECARD_NOTIFICATION_TOPIC = 'scorecard';
