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
import { hasLighthouseAnnotation } from '@internal/backstage-plugin-lighthouse-common';
import { lighthouseApiRef, LighthouseClient } from './api';

const lighthouseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: lighthouseApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        configApi: configApiRef,
      },
      factory: deps => new LighthouseClient(deps),
    }),
});

/** The Lighthouse card on the overview of entities with a website URL. */
export const lighthouseEntityCard = EntityCardBlueprint.make({
  name: 'lighthouse',
  params: {
    filter: hasLighthouseAnnotation,
    loader: () =>
      import('./components/LighthouseCard').then(m => <m.LighthouseCard />),
  },
});

/** The Lighthouse tab: every audit, starting one, and the full report. */
export const lighthouseEntityContent = EntityContentBlueprint.make({
  name: 'lighthouse',
  params: {
    path: 'lighthouse',
    title: 'Lighthouse',
    filter: hasLighthouseAnnotation,
    loader: () =>
      import('./components/LighthouseContent').then(m => (
        <m.LighthouseContent />
      )),
  },
});

/**
 * Lighthouse: the card and tab, on the audit service's API through the
 * backend's `/lighthouse` proxy.
 *
 * @public
 */
export const lighthousePlugin = createFrontendPlugin({
  pluginId: 'lighthouse',
  title: 'Lighthouse',
  extensions: [lighthouseApi, lighthouseEntityCard, lighthouseEntityContent],
});
