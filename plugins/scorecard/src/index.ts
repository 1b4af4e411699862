/**
 * Scorecards frontend plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { scorecardPlugin as default } from './plugin';
export { scorecardApiRef, type ScorecardApi } from './api/ScorecardApi';
