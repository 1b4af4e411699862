import {
  ApiBlueprint,
  SubPageBlueprint,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { AnalyticsImplementationBlueprint } from '@backstage/plugin-app-react';
import { AdoptionAnalytics } from './AdoptionAnalytics';
import {
  AdoptionOptOutClient,
  adoptionOptOutApiRef,
} from './AdoptionOptOutApi';

/** The signed-in user's opt-out (api:adoption/opt-out). */
export const adoptionOptOutApi = ApiBlueprint.make({
  name: 'opt-out',
  params: defineParams =>
    defineParams({
      api: adoptionOptOutApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AdoptionOptOutClient(deps),
    }),
});

/**
 * The analytics implementation that records page views, searches, entity
 * link clicks and template runs for the adoption page
 * (analytics:adoption/usage, attached to the app's analytics API).
 */
export const adoptionAnalytics = AnalyticsImplementationBlueprint.make({
  name: 'usage',
  params: defineParams =>
    defineParams({
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        optOutApi: adoptionOptOutApiRef,
      },
      factory: deps => new AdoptionAnalytics(deps),
    }),
});

/**
 * Settings → Usage analytics: a tab of the user settings page
 * (page:user-settings) with the opt-out.
 */
export const usageAnalyticsSettings = SubPageBlueprint.make({
  name: 'usage-analytics',
  attachTo: { id: 'page:user-settings', input: 'pages' },
  params: {
    path: 'usage-analytics',
    title: 'Usage analytics',
    // one module of ours: a dynamic import of a package's index (such as
    // @backstage/core-components) would use every export it has, and put
    // all of them (its Table, with material-table) in every lazy chunk that
    // imports anything from it
    loader: () =>
      import('./UsageAnalyticsSettings').then(m => (
        <m.UsageAnalyticsSettingsPage />
      )),
  },
});
