import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Scorecards page. */
export const rootRouteRef = createRouteRef();
