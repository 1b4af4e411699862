import { compatWrapper } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  configApiRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { ArgoCdClient } from './ArgoCdClient';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  argoCDApiRef,
} from './roadieRefs';

export { ArgoCdClient } from './ArgoCdClient';

/**
 * Entities whose applications the status card finds: argocd/app-name or
 * argocd/app-selector (Roadie's cards also take a project name, which
 * lists a whole project's applications).
 */
const hasArgoCdApp = (entity: Entity) =>
  Boolean(
    entity.metadata.annotations?.[ARGOCD_ANNOTATION_APP_NAME] ||
      entity.metadata.annotations?.[ARGOCD_ANNOTATION_APP_SELECTOR],
  );

/**
 * Roadie's cards' API and our status card's: {@link ArgoCdClient}, which
 * loads Roadie's client only for the deployment history.
 */
export const argoCdApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: argoCDApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
      },
      factory: ({ configApi, discoveryApi, fetchApi, identityApi }) => {
        const locators =
          configApi.getOptionalConfigArray('argocd.appLocatorMethods') ?? [];
        const searchInstances = locators.length > 0;
        const useNamespacedApps = Boolean(
          configApi.getOptionalBoolean('argocd.namespacedApps'),
        );
        return new ArgoCdClient({
          inner: () =>
            import('@roadiehq/backstage-plugin-argo-cd').then(
              m =>
                new m.ArgoCDApiClient({
                  discoveryApi,
                  identityApi,
                  backendBaseUrl: configApi.getString('backend.baseUrl'),
                  useNamespacedApps,
                  searchInstances,
                }),
            ),
          discoveryApi,
          fetchApi,
          searchInstances,
          useNamespacedApps,
          instanceNames: locators.flatMap(locator =>
            (locator.getOptionalConfigArray('instances') ?? []).map(i =>
              i.getString('name'),
            ),
          ),
        });
      },
    }),
});

/** The overview's deployment status: sync and health in the first screen. */
export const argoCdStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    type: 'info',
    filter: hasArgoCdApp,
    loader: () =>
      import('./ArgoCdStatusCard').then(m => <m.ArgoCdStatusCard />),
  },
});

/**
 * The Argo CD tab: Roadie's deployment history (what Roadie's own tab
 * shows), loaded with the tab.
 */
export const argoCdPage = EntityContentBlueprint.make({
  name: 'ArgoCdPage',
  params: {
    path: '/argocd',
    title: 'Argo CD',
    filter: hasArgoCdApp,
    loader: () =>
      import('@roadiehq/backstage-plugin-argo-cd').then(m =>
        compatWrapper(<m.EntityArgoCDHistoryCard />),
      ),
  },
});

/**
 * One of Roadie's cards under its name, loaded when shown; off unless
 * config enables it (Roadie's own plugin has them; the status card and
 * the tab cover them).
 */
const roadieCard = (
  name: 'overviewCard' | 'historyCard',
  card: 'EntityArgoCDOverviewCard' | 'EntityArgoCDHistoryCard',
) =>
  EntityCardBlueprint.make({
    name,
    disabled: true,
    params: {
      filter: hasArgoCdApp,
      loader: () =>
        import('@roadiehq/backstage-plugin-argo-cd').then(m => {
          const Card = m[card];
          return compatWrapper(<Card />);
        }),
    },
  });
export const argoCdOverviewCard = roadieCard(
  'overviewCard',
  'EntityArgoCDOverviewCard',
);
export const argoCdHistoryCard = roadieCard(
  'historyCard',
  'EntityArgoCDHistoryCard',
);

/**
 * Argo CD on entity pages: Roadie's frontend (@roadiehq/backstage-plugin-argo-cd)
 * behind a plugin of ours with Roadie's plugin id and extension names, so
 * that none of Roadie's modules is in the scripts every page loads (Roadie's
 * own plugin module imports its API client, with io-ts and fp-ts; app.packages
 * leaves it out). Its API is {@link ArgoCdClient}; the overview shows our
 * deployment status.
 */
export const argoCdPlugin = createFrontendPlugin({
  pluginId: 'argocd',
  title: 'Argo CD',
  extensions: [
    argoCdApi,
    argoCdStatusCard,
    argoCdPage,
    argoCdOverviewCard,
    argoCdHistoryCard,
  ],
});
