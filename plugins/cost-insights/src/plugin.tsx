import type { ComponentType } from 'react';
import { compatWrapper } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createApiRef,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { CostInsightsApi } from '@backstage/plugin-cost-insights';
import { hasCostTagAnnotation } from '@internal/backstage-plugin-cost-insights-common';
import MoneyIcon from '@material-ui/icons/MonetizationOn';
import { CostInsightsClient, entityCostApiRef } from './api';

/**
 * The API the legacy page reads, by the id of
 * @backstage/plugin-cost-insights' own `costInsightsApiRef` (an app finds
 * APIs by id). Importing that ref would put the whole package (the page,
 * recharts, yup) in the app's first download: the package is one module.
 */
export const costInsightsApiRef = createApiRef<CostInsightsApi>({
  id: 'plugin.costinsights.service',
});

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

/**
 * The Cost Insights page's route. The page below is the legacy package's
 * page itself, without its routable-extension wrapper: the wrapper only
 * renders where the package's own route ref is mounted, and importing that
 * ref (like anything of the package's index, one module) would put the
 * whole package (recharts, yup, luxon) in the app's first download instead
 * of this page's. The page links to none of its plugin's routes. The
 * package is pinned (0.11.32) and has no exports map;
 * components/CostInsightsPage.test.tsx fails if an upgrade moves the page.
 */
export const costInsightsRouteRef = createRouteRef();

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
      import(
        // @ts-expect-error the package's page chunk has no type declarations
        '@backstage/plugin-cost-insights/dist/esm/index-ea9015a7.esm.js'
      ).then((m: { CostInsightsPage: ComponentType }) =>
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
