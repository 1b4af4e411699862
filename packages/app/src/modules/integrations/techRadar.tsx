import { compatWrapper } from '@backstage/core-compat-api';
import { ResponseError } from '@backstage/errors';
import {
  ApiBlueprint,
  DiscoveryApi,
  FetchApi,
  PageBlueprint,
  createApiRef,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import MapIcon from '@material-ui/icons/MyLocation';
import type { TechRadarApi } from '@backstage-community/plugin-tech-radar';

/*
 * Nothing of the tech radar's packages is imported here but types: their
 * index modules (the radar's components, the data schema) would be in the
 * app's first download, on every page. The page and the schema are loaded
 * when they are needed.
 */

/**
 * The radar's API, by the id of the package's own `techRadarApiRef` (an
 * app finds APIs by id).
 */
export const techRadarApiRef = createApiRef<TechRadarApi>({
  id: 'plugin.techradar.service',
});

/**
 * Loads the radar from the tech-radar backend (`techRadar.url`) and fails
 * when it cannot. The plugin's own client shows its built-in sample radar
 * instead when the backend fails or answers something that is not a radar,
 * so a broken radar URL would go unnoticed behind made-up data.
 */
export class TechRadarBackendClient implements TechRadarApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async load() {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('tech-radar');
    const response = await this.options.fetchApi.fetch(`${baseUrl}/data`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const { TechRadarLoaderResponseParser } = await import(
      '@backstage-community/plugin-tech-radar-common'
    );
    const parsed = TechRadarLoaderResponseParser.safeParse(
      await response.json(),
    );
    if (!parsed.success) {
      throw new Error(
        `The tech radar data is invalid: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }
}

/** The tech radar's API: {@link TechRadarBackendClient}. */
export const techRadarApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: techRadarApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TechRadarBackendClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The radar page's route. The page is the package's `RadarPage` itself
 * (not its routable-extension wrapper, which only renders where the
 * package's own route ref is mounted); it links to no route of its plugin.
 */
const rootRouteRef = createRouteRef();

/** The radar page, /tech-radar, in the sidebar. */
export const techRadarPage = PageBlueprint.make({
  params: {
    path: '/tech-radar',
    routeRef: rootRouteRef,
    title: 'Tech Radar',
    icon: <MapIcon />,
    loader: () =>
      import('@backstage-community/plugin-tech-radar').then(m =>
        compatWrapper(
          <m.RadarPage
            title="Tech Radar"
            subtitle="Pick the recommended technologies for your projects"
            pageTitle="MyOrg Tech Radar"
            width={1100}
            height={800}
          />,
        ),
      ),
  },
});

/**
 * The tech radar (@backstage-community/plugin-tech-radar) in the new
 * frontend system. The package's own new-frontend-system export imports an
 * extension blueprint that @backstage/frontend-plugin-api no longer has and
 * cannot be loaded (app.packages excludes it), so its page and API are
 * declared here around the package's legacy exports.
 */
export const techRadarPlugin = createFrontendPlugin({
  pluginId: 'tech-radar',
  title: 'Tech Radar',
  extensions: [techRadarApi, techRadarPage],
  routes: { root: rootRouteRef },
});
