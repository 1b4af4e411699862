import type {
  AnalyticsEvent,
  AnalyticsImplementation,
  ConfigApi,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  ADOPTION_EVENT_LIMITS,
  ADOPTION_EVENTS_PATHS,
  type AdoptionEvent,
  type AdoptionEventsRequest,
} from '@internal/backstage-plugin-adoption-common';
import type { AdoptionOptOutApi } from './AdoptionOptOutApi';
import { toAdoptionEvent } from './toAdoptionEvent';

/** `adoption.analytics.enabled`, default true */
export function analyticsEnabled(configApi: ConfigApi): boolean {
  return configApi.getOptionalBoolean('adoption.analytics.enabled') ?? true;
}

export type AdoptionAnalyticsOptions = {
  configApi: ConfigApi;
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  optOutApi: AdoptionOptOutApi;
  /** how long events wait before they are sent; default 10 s */
  flushIntervalMs?: number;
  /** events kept while they cannot be sent; older ones are dropped */
  maxQueued?: number;
  /** the window whose page hide sends what is waiting; default `window` */
  window?: Pick<Window, 'addEventListener'> & {
    document: Pick<Document, 'visibilityState'>;
  };
};

/**
 * The portal's analytics implementation: the events the adoption page
 * counts, batched and posted to the adoption backend every few seconds and
 * when the page is hidden. Nothing is sent when `adoption.analytics.enabled`
 * is false or the user opted out; whatever fails is dropped, silently:
 * analytics never get in the way of the portal.
 */
export class AdoptionAnalytics implements AnalyticsImplementation {
  private readonly enabled: boolean;
  private readonly flushIntervalMs: number;
  private readonly maxQueued: number;
  private queue: AdoptionEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private optedOut: boolean | undefined;

  constructor(private readonly options: AdoptionAnalyticsOptions) {
    this.enabled = analyticsEnabled(options.configApi);
    this.flushIntervalMs = options.flushIntervalMs ?? 10_000;
    this.maxQueued = options.maxQueued ?? 1_000;
    if (!this.enabled) return;
    options.optOutApi.subscribe(optedOut => {
      this.optedOut = optedOut;
      if (optedOut) this.queue = [];
    });
    const win =
      options.window ?? (typeof window === 'undefined' ? undefined : window);
    if (win) {
      const onHide = () => {
        if (win.document.visibilityState === 'hidden') {
          void this.flush({ keepalive: true });
        }
      };
      win.addEventListener('visibilitychange', onHide);
      win.addEventListener('pagehide', () => {
        void this.flush({ keepalive: true });
      });
    }
  }

  captureEvent(event: AnalyticsEvent): void {
    if (!this.enabled || this.optedOut) return;
    try {
      const adoptionEvent = toAdoptionEvent(event);
      if (!adoptionEvent) return;
      this.queue.push(adoptionEvent);
      if (this.queue.length > this.maxQueued) {
        this.queue.splice(0, this.queue.length - this.maxQueued);
      }
      if (this.queue.length >= ADOPTION_EVENT_LIMITS.batch) {
        void this.flush();
      } else if (!this.timer) {
        this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
      }
    } catch {
      // never break the app for analytics
    }
  }

  /** Sends what is waiting, in batches; drops it when it cannot. */
  async flush(init: { keepalive?: boolean } = {}): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.queue.length) return;
    try {
      if (this.optedOut === undefined) {
        this.optedOut = await this.options.optOutApi.getOptedOut();
      }
      if (this.optedOut) {
        this.queue = [];
        return;
      }
      const base = await this.options.discoveryApi.getBaseUrl('adoption');
      while (this.queue.length) {
        const events = this.queue.splice(0, ADOPTION_EVENT_LIMITS.batch);
        const body: AdoptionEventsRequest = { events };
        await this.options.fetchApi.fetch(
          `${base}${ADOPTION_EVENTS_PATHS.events}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
            keepalive: init.keepalive,
          },
        );
      }
    } catch {
      // not signed in yet, the backend away: these events are lost
      this.queue = [];
    }
  }
}
