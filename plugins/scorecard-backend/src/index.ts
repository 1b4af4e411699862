/**
 * The scorecard backend plugin.
 *
 * @packageDocumentation
 */
export { scorecardPlugin as default } from './plugin';

// The engine's parts, which bench/scorecard measures without a running
// backend. Not the plugin's API: @internal strips them from its type
// declarations.
/** @internal */
export { builtInCheckTypes } from './checks';
/** @internal */
export { readScorecardConfig } from './config/readScorecardConfig';
/** @internal */
export { ScorecardStore } from './database/ScorecardStore';
/** @internal */
export { EntityEvaluator } from './service/EntityEvaluator';
/** @internal */
export { ScorecardService } from './service/ScorecardService';
/** @internal */
export { createRollupService } from './rollups';
/** @internal */
export {
  decideNotifications,
  NotificationsScorecardNotifier,
  type EntityTransition,
} from './notifications';
