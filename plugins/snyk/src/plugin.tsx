import {
  ApiBlueprint,
  configApiRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { hasSnykAnnotation } from './annotations';
import { snykApiRef, SnykClient } from './api';

const snykApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: snykApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        configApi: configApiRef,
      },
      factory: deps => new SnykClient(deps),
    }),
});

/** The Snyk card on the overview of entities with `snyk.io/org-id`. */
export const snykEntityCard = EntityCardBlueprint.make({
  name: 'snyk',
  params: {
    filter: hasSnykAnnotation,
    loader: () => import('./components/SnykCard').then(m => <m.SnykCard />),
  },
});

/** The Snyk tab: the open issues, with links to Snyk. */
export const snykEntityContent = EntityContentBlueprint.make({
  name: 'snyk',
  params: {
    path: 'snyk',
    title: 'Snyk',
    filter: hasSnykAnnotation,
    loader: () =>
      import('./components/SnykContent').then(m => <m.SnykContent />),
  },
});

/**
 * Snyk: the card and tab, on Snyk's REST API through the `/snyk` proxy.
 *
 * @public
 */
export const snykPlugin = createFrontendPlugin({
  pluginId: 'snyk',
  title: 'Snyk',
  extensions: [snykApi, snykEntityCard, snykEntityContent],
});
