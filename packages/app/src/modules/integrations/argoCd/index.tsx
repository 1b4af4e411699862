import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ArgoCDApiClient,
  argoCDApiRef,
} from '@roadiehq/backstage-plugin-argo-cd';
import { ArgoCdClient } from './ArgoCdClient';

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
 * Argo CD: Roadie's cards' API replaced by {@link ArgoCdClient}, and the
 * overview's deployment status (Roadie's overview and history cards are on
 * the Argo CD tab).
 */
export const argoCdModule = createFrontendModule({
  pluginId: 'argocd',
  extensions: [
    ApiBlueprint.make({
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
              configApi.getOptionalConfigArray('argocd.appLocatorMethods') ??
              [];
            return new ArgoCdClient({
              inner: new ArgoCDApiClient({
                discoveryApi,
                identityApi,
                backendBaseUrl: configApi.getString('backend.baseUrl'),
                useNamespacedApps: Boolean(
                  configApi.getOptionalBoolean('argocd.namespacedApps'),
                ),
                searchInstances: locators.length > 0,
              }),
              discoveryApi,
              fetchApi,
              instanceNames: locators.flatMap(locator =>
                (locator.getOptionalConfigArray('instances') ?? []).map(i =>
                  i.getString('name'),
                ),
              ),
            });
          },
        }),
    }),
    argoCdStatusCard,
  ],
});
