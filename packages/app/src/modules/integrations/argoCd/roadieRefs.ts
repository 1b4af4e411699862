import { createApiRef } from '@backstage/frontend-plugin-api';
import type { ArgoCDApi } from '@roadiehq/backstage-plugin-argo-cd';

/*
 * What this module shares with Roadie's Argo CD frontend
 * (@roadiehq/backstage-plugin-argo-cd), declared here: importing it from the
 * package would put the package's index (its API client with io-ts and
 * fp-ts, its cards) in the scripts every page of the app loads.
 * roadieRefs.test.ts checks each is the package's.
 */

/** Roadie's API ref, by its id (an app finds APIs by id). */
export const argoCDApiRef = createApiRef<ArgoCDApi>({
  id: 'plugin.argocd.service',
});

/** The annotations Roadie's cards read. */
export const ARGOCD_ANNOTATION_APP_NAME = 'argocd/app-name';
export const ARGOCD_ANNOTATION_APP_SELECTOR = 'argocd/app-selector';
export const ARGOCD_ANNOTATION_APP_NAMESPACE = 'argocd/app-namespace';
export const ARGOCD_ANNOTATION_PROXY_URL = 'argocd/proxy-url';
