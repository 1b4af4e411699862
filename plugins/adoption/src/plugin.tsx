import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import {
  adoptionAnalytics,
  adoptionOptOutApi,
  usageAnalyticsSettings,
} from './analytics/extensions';
import { adoptionApiRef } from './api/AdoptionApi';
import { AdoptionClient } from './api/AdoptionClient';
import { rootRouteRef, scaffolderRouteRef } from './routes';

/** The adoption backend's API (/api/adoption), for the page. */
const adoptionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: adoptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AdoptionClient(deps),
    }),
});

/**
 * The Portal adoption page, in the navigation: usage, coverage, template
 * and docs health (platform team: `adoption.read`).
 */
const adoptionPage = PageBlueprint.make({
  params: {
    path: '/adoption',
    routeRef: rootRouteRef,
    title: 'Portal adoption',
    icon: <TrendingUpIcon />,
    loader: () =>
      import('./components/AdoptionPage').then(m => <m.AdoptionPage />),
  },
});

/**
 * Adoption insights: the Portal adoption page (platform team) and the
 * analytics implementation that records page views, searches and clicks
 * for it.
 *
 * @public
 */
export const adoptionPlugin = createFrontendPlugin({
  pluginId: 'adoption',
  title: 'Portal adoption',
  icon: <TrendingUpIcon />,
  extensions: [
    adoptionApi,
    adoptionPage,
    // usage: the analytics implementation and the opt-out in Settings
    adoptionOptOutApi,
    adoptionAnalytics,
    usageAnalyticsSettings,
  ],
  routes: { root: rootRouteRef },
  externalRoutes: { scaffolder: scaffolderRouteRef },
});
