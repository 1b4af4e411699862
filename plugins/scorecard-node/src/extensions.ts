import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ScorecardCheckType, ScorecardEvidenceSource } from './types';

/** @public */
export interface ScorecardChecksExtensionPoint {
  /** adds check types that `scorecard.checks[].type` may name */
  addCheckType(...checkTypes: ScorecardCheckType<any>[]): void;
  /** adds (or replaces, by id) evidence sources */
  addEvidenceSource(...sources: ScorecardEvidenceSource[]): void;
}

/**
 * Lets backend modules extend the scorecard plugin with check types and
 * evidence sources.
 *
 * @public
 */
export const scorecardChecksExtensionPoint =
  createExtensionPoint<ScorecardChecksExtensionPoint>({
    id: 'scorecard.checks',
  });
