import type { ScorecardNotificationKind } from '@internal/backstage-plugin-scorecard-common';

/**
 * One notification to an entity's owning group. `dedupeKey` names the
 * transition (the check, the entity, what it was before): whichever replica
 * records the key first sends it; the others find it taken and do not.
 */
export type ScorecardNotice = {
  kind: ScorecardNotificationKind;
  dedupeKey: string;
  entityRef: string;
  /** the owning group's entity ref */
  recipient: string;
  title: string;
  description: string;
  /** the entity's scorecard tab in the portal */
  link: string;
};

/** Sends notices once each (see `ScorecardNotice.dedupeKey`). */
export interface ScorecardNotifier {
  /** sends the notices whose key was not yet taken; returns those sent */
  send(notices: ScorecardNotice[]): Promise<ScorecardNotice[]>;
}
