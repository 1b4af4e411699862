import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Scorecards page. */
export const rootRouteRef = createRouteRef();

/**
 * The Scorecard tab of an entity's page (`entity-content:scorecard/scorecard`),
 * under the entity's path.
 */
export const entityScorecardPath = 'scorecard';
