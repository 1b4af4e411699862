import type {
  AnalyticsEvent,
  AnalyticsImplementation,
  ConfigApi,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  ADOPTION_EVENT_LIMITS,
  ADOPTION_EVENTS_FLUSH_INTERVAL_MS,
  ADOPTION_EVENTS_PATHS,
  type AdoptionEvent,
  type AdoptionEventsRequest,
} from '@internal/backstage-plugin-adoption-common';
import type { AdoptionOptOutApi } from './AdoptionOptOutApi';
import { toAdoptionEvent } from './toAdoptionEvent';

/** how long after a page view the same path is still that view */
const REPEATED_VIEW_MS = 2_000;

/** `adoption.analytics.enabled`, default true */
export function analyticsEnabled(configApi: ConfigApi): boolean {
  return configApi.getOptionalBoolean('adoption.analytics.enabled') ?? true;
}

export type AdoptionAnalyticsOptions = {
  configApi: ConfigApi;
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  optOutApi: AdoptionOptOutApi;
  /** how long events wait before they are sent; default 10 s (ADOPTION_EVENTS_FLUSH_INTERVAL_MS) */
  flushIntervalMs?: number;
  /** events kept while they cannot be sent, older ones dropped; default 500 */
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
 * is false or the user opted out. A batch the backend could not take (a
 * 5xx, the network) is tried once more at the next flush, then dropped; one
 * it refused (a 4xx) is dropped, the first such said on the console.
 * Analytics never get in the way of the portal.
 */
export class AdoptionAnalytics implements AnalyticsImplementation {
  private readonly enabled: boolean;
  private readonly flushIntervalMs: number;
  private readonly maxQueued: number;
  private queue: AdoptionEvent[] = [];
  /** events of the queue whose sending failed once (dropped at the next) */
  private tried = new WeakSet<AdoptionEvent>();
  /** whether a refused batch was said on the console */
  private warned = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private optedOut: boolean | undefined;
  private asking: Promise<void> | undefined;
  /** the last page view queued, to tell a repeat from a new view */
  private lastView: { event: AdoptionEvent; at: number } | undefined;

  constructor(private readonly options: AdoptionAnalyticsOptions) {
    this.enabled = analyticsEnabled(options.configApi);
    this.flushIntervalMs =
      options.flushIntervalMs ?? ADOPTION_EVENTS_FLUSH_INTERVAL_MS;
    this.maxQueued = options.maxQueued ?? 500;
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
      if (this.isRepeatedView(adoptionEvent)) return;
      this.askOptedOut();
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

  /**
   * A full page load reports its page twice, first for the app and then for
   * the page's plugin: one view. The second report, within a moment and for
   * the same path, updates the first while it is still waiting to be sent.
   */
  private isRepeatedView(event: AdoptionEvent): boolean {
    if (event.action !== 'navigate') return false;
    const now = Date.now();
    const last = this.lastView;
    this.lastView = { event, at: now };
    if (
      !last ||
      last.event.subject !== event.subject ||
      now - last.at > REPEATED_VIEW_MS
    ) {
      return false;
    }
    if (event.pluginId && event.pluginId !== 'app') {
      last.event.pluginId = event.pluginId;
      last.event.extensionId = event.extensionId;
    }
    this.lastView = last;
    return true;
  }

  /**
   * Asks the backend once, as soon as there is something to send, whether
   * the user opted out: a page that is closed right away can then still
   * send its events (page hide leaves no time for a round trip).
   */
  private askOptedOut(): void {
    if (this.optedOut !== undefined || this.asking) return;
    this.asking = this.options.optOutApi.getOptedOut().then(
      optedOut => {
        this.optedOut ??= optedOut;
      },
      () => {
        this.asking = undefined; // asked again with the next event
      },
    );
  }

  /**
   * Sends what is waiting, in batches. A batch the backend could not take
   * (a 5xx, the network) stays for the next flush, which is its last try,
   * and nothing more is sent until then; a refused one (a 4xx) is dropped.
   */
  async flush(init: { keepalive?: boolean } = {}): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.queue.length) return;
    try {
      if (this.optedOut === undefined) {
        this.askOptedOut();
        await this.asking;
        // cannot tell: nothing is sent
        if (this.optedOut === undefined) throw new Error('opt-out unknown');
      }
      if (this.optedOut) {
        this.queue = [];
        return;
      }
      const base = await this.options.discoveryApi.getBaseUrl('adoption');
      while (this.queue.length) {
        const events = this.queue.splice(0, ADOPTION_EVENT_LIMITS.batch);
        if (
          !(await this.post(
            `${base}${ADOPTION_EVENTS_PATHS.events}`,
            events,
            init,
          ))
        ) {
          this.keepForRetry(events);
          return;
        }
      }
    } catch {
      // not signed in yet, the backend away: these events are lost
      this.queue = [];
    }
  }

  /**
   * Posts a batch: false when it is worth trying again (a 5xx, the
   * network), true when it is done with (stored, or refused: a 4xx).
   */
  private async post(
    url: string,
    events: AdoptionEvent[],
    init: { keepalive?: boolean },
  ): Promise<boolean> {
    const body: AdoptionEventsRequest = { events };
    let res: Response;
    try {
      res = await this.options.fetchApi.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        keepalive: init.keepalive,
      });
    } catch {
      return false;
    }
    if (res.ok) return true;
    if (res.status >= 500) return false;
    if (!this.warned) {
      this.warned = true;
      // eslint-disable-next-line no-console
      console.warn(
        `Usage analytics: the adoption backend refused ${events.length} events (HTTP ${res.status}); they are dropped (later refusals are not reported)`,
      );
    }
    return true;
  }

  /**
   * Puts a batch that could not be sent back in the queue, in the order
   * the events occurred (flushes run side by side), but for its events
   * already tried once, within `maxQueued` (the oldest dropped), and
   * flushes again after the interval.
   */
  private keepForRetry(events: AdoptionEvent[]): void {
    const again = events.filter(e => !this.tried.has(e));
    for (const e of again) this.tried.add(e);
    this.queue = [...again, ...this.queue].sort((a, b) =>
      a.occurredAt.localeCompare(b.occurredAt),
    );
    if (this.queue.length > this.maxQueued) {
      this.queue.splice(0, this.queue.length - this.maxQueued);
    }
    if (this.queue.length && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
    }
  }
}
