import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** The Portal adoption page. */
export const rootRouteRef = createRouteRef();

/**
 * The scaffolder (`/create`): an uncovered repository's "Onboard" button
 * opens the onboarding template there.
 */
export const scaffolderRouteRef = createExternalRouteRef({
  defaultTarget: 'scaffolder.root',
});
