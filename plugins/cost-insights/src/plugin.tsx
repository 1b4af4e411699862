import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  costInsightsApiRef,
  costInsightsPlugin as legacyCostInsightsPlugin,
} from '@backstage/plugin-cost-insights';
import { hasCostTagAnnotation } from '@internal/backstage-plugin-cost-insights-common';
import MoneyIcon from '@material-ui/icons/MonetizationOn';
import { CostInsightsClient, entityCostApiRef } from './api';

/** The legacy page's CostInsightsApi, on our backend. */
export const costInsightsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CostInsightsClient(deps),
    }),
});

/** The card's API, on the same backend. */
export const entityCostApi = ApiBlueprint.make({
  name: 'entity-cost',
  params: defineParams =>
    defineParams({
      api: entityCostApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CostInsightsClient(deps),
    }),
});

/** The root route of @backstage/plugin-cost-insights, in the new system. */
export const costInsightsRouteRef = convertLegacyRouteRef(
  legacyCostInsightsPlugin.routes.root,
);

/**
 * The Cost Insights page of @backstage/plugin-cost-insights 0.11.32 (legacy
 * frontend system), wrapped: at /cost-insights, in the navigation.
 */
export const costInsightsPage = PageBlueprint.make({
  params: {
    path: '/cost-insights',
    routeRef: costInsightsRouteRef,
    title: 'Cost Insights',
    icon: <MoneyIcon />,
    loader: () =>
      import('@backstage/plugin-cost-insights').then(m =>
        compatWrapper(<m.CostInsightsPage />),
      ),
  },
});

/** The cost card on the overview of Components with `myorg.com/cost-tag`. */
export const entityCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: entity =>
      entity.kind.toLocaleLowerCase('en-US') === 'component' &&
      hasCostTagAnnotation(entity),
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * Cost insights: the Cost Insights page (wrapped legacy plugin) and the
 * entity cost card, on the cost-insights backend (AWS Cost Explorer).
 *
 * @public
 */
export const costInsightsPlugin = createFrontendPlugin({
  pluginId: 'cost-insights',
  title: 'Cost Insights',
  icon: <MoneyIcon />,
  routes: { root: costInsightsRouteRef },
  extensions: [
    costInsightsApi,
    entityCostApi,
    costInsightsPage,
    entityCostCard,
  ],
});
