import { compatWrapper } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  FetchApi,
  configApiRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  PagerDutyClient,
  isPagerDutyAvailable,
  pagerDutyApiRef,
} from '@backstage/plugin-pagerduty';

/**
 * PagerDutyClient reads a failed answer's reasons from `errors`, but the
 * PagerDuty REST API answers `{"error": {"message", "errors"?}}`: the card
 * then shows "Cannot read properties of undefined". This fetch turns such an
 * answer into an error carrying PagerDuty's message (401 and 404 are left to
 * the client, which handles them).
 */
export function pagerDutyErrorsFetch(fetchApi: FetchApi): FetchApi {
  return {
    fetch: async (input, init) => {
      const response = await fetchApi.fetch(input, init);
      if (response.ok || response.status === 401 || response.status === 404) {
        return response;
      }
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      const reasons = [body?.error?.message, ...(body?.error?.errors ?? [])]
        .filter(Boolean)
        .join(': ');
      throw new Error(
        `PagerDuty answered ${response.status}: ${
          reasons || response.statusText
        }`,
      );
    },
  };
}

/**
 * The PagerDuty client of @backstage/plugin-pagerduty: the REST API through
 * the portal's `/pagerduty` proxy (which adds the API token).
 */
export const pagerDutyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pagerDutyApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
      },
      factory: ({ configApi, discoveryApi, fetchApi }) =>
        PagerDutyClient.fromConfig(configApi, {
          discoveryApi,
          fetchApi: pagerDutyErrorsFetch(fetchApi),
        }),
    }),
});

/** On-call, active incidents and change events of `pagerduty.com/service-id`. */
export const pagerDutyEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isPagerDutyAvailable,
    loader: () =>
      import('@backstage/plugin-pagerduty').then(m =>
        compatWrapper(<m.PagerDutyCard />),
      ),
  },
});

/**
 * PagerDuty on entity pages, in the new frontend system.
 *
 * PagerDuty moved its frontend plugin to `@pagerduty/backstage-plugin`, which
 * the npm registry does not serve; the last Backstage-maintained release,
 * `@backstage/plugin-pagerduty` (legacy frontend system only), still works
 * against the REST API, so it is wrapped here (see README, "Plugins on
 * entity pages").
 */
export const pagerDutyPlugin = createFrontendPlugin({
  pluginId: 'pagerduty',
  title: 'PagerDuty',
  extensions: [pagerDutyApi, pagerDutyEntityCard],
});
