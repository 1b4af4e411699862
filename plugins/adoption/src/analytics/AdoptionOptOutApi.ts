import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  ADOPTION_EVENTS_PATHS,
  type AdoptionOptOut,
} from '@internal/backstage-plugin-adoption-common';

/**
 * The signed-in user's choice about usage analytics, as the backend keeps
 * it (`/api/adoption/v1/opt-out`): read by the analytics implementation
 * before it sends anything, changed in Settings.
 *
 * @public
 */
export interface AdoptionOptOutApi {
  /** whether the user opted out (asked once, then kept) */
  getOptedOut(): Promise<boolean>;
  /** opting out deletes what was recorded of the user */
  setOptedOut(optedOut: boolean): Promise<boolean>;
  /** called with each change; returns the unsubscribe */
  subscribe(listener: (optedOut: boolean) => void): () => void;
}

/** @public */
export const adoptionOptOutApiRef = createApiRef<AdoptionOptOutApi>({
  id: 'plugin.adoption.opt-out',
});

/** AdoptionOptOutApi over HTTP. */
export class AdoptionOptOutClient implements AdoptionOptOutApi {
  private known: Promise<boolean> | undefined;
  private readonly listeners = new Set<(optedOut: boolean) => void>();

  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async request(init?: RequestInit): Promise<boolean> {
    const base = await this.deps.discoveryApi.getBaseUrl('adoption');
    const res = await this.deps.fetchApi.fetch(
      `${base}${ADOPTION_EVENTS_PATHS.optOut}`,
      init,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return ((await res.json()) as AdoptionOptOut).optedOut;
  }

  getOptedOut(): Promise<boolean> {
    if (!this.known) {
      const asked = this.request();
      this.known = asked;
      // a failure is not kept: the next call asks again
      asked.catch(() => {
        if (this.known === asked) this.known = undefined;
      });
    }
    return this.known;
  }

  async setOptedOut(optedOut: boolean): Promise<boolean> {
    const body: AdoptionOptOut = { optedOut };
    const saved = await this.request({
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    this.known = Promise.resolve(saved);
    this.listeners.forEach(listener => listener(saved));
    return saved;
  }

  subscribe(listener: (optedOut: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
