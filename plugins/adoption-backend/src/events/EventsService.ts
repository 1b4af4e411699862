import {
  entityOfPath,
  entityPageRoute,
  hideUserInPath,
  isUserRef,
  pathOnly,
  type AdoptionOptOut,
} from '@internal/backstage-plugin-adoption-common';
import { DAY_MS } from '../service/time';
import type { EventsStore, StoredEvent } from './EventsStore';
import type { ParsedAdoptionEvent } from './eventsBody';
import { EventsWriter } from './EventsWriter';

/** How far back a browser may date an event (its clock may be wrong). */
export const OCCURRED_AT_MAX_AGE_MS = DAY_MS;

/** Search terms are counted trimmed, lower case, with single spaces. */
export function normaliseSearchTerm(term: string): string {
  return term.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
}

/**
 * Whether an event is kept at all: a click on a link to a user's page is
 * not (its text is the person's name). The frontend sends none; any other
 * client is held to the same.
 */
export function isRecorded(event: ParsedAdoptionEvent): boolean {
  return !(
    event.action === 'click' &&
    ((event.target && hideUserInPath(pathOnly(event.target))) ||
      (event.entityRef && isUserRef(event.entityRef)))
  );
}

/**
 * The row of an event (`userHash`: the user's pseudonymous id). Whose
 * page a user's page is, is left out, whatever the client sent: the path
 * keeps `/catalog/:namespace/user/:name`, no entity ref names a user.
 */
export function toStoredEvent(
  event: ParsedAdoptionEvent,
  userHash: string,
  now: Date,
): StoredEvent {
  const occurredAt = Math.min(
    Math.max(
      event.occurredAt.getTime(),
      now.getTime() - OCCURRED_AT_MAX_AGE_MS,
    ),
    now.getTime(),
  );
  const navigate = event.action === 'navigate';
  let subject = event.subject;
  if (event.action === 'search') subject = normaliseSearchTerm(subject);
  if (navigate) subject = pathOnly(subject);
  if (navigate) subject = hideUserInPath(subject) ?? subject;
  let routePath: string | null = null;
  if (event.routePath) {
    routePath = pathOnly(event.routePath);
    routePath = hideUserInPath(routePath) ?? routePath;
  } else if (navigate) routePath = entityPageRoute(subject) ?? subject;
  // a page view without its route's parameters (a full page load) is of
  // the entity whose catalog page its path is
  let entityRef = event.entityRef ?? null;
  if (!entityRef && navigate) entityRef = entityOfPath(subject) ?? null;
  if (entityRef && isUserRef(entityRef)) entityRef = null;
  return {
    occurred_at: new Date(occurredAt),
    user_hash: userHash,
    action: event.action,
    subject,
    plugin_id: event.pluginId ?? null,
    extension_id: event.extensionId ?? null,
    route_path: routePath,
    entity_ref: entityRef,
    search_result_count: event.searchResultCount ?? null,
    target: event.target ?? null,
  };
}

/**
 * The events of signed-in users, stored under their pseudonymous id unless
 * they opted out; their opt-out; and the retention period.
 */
export class EventsService {
  private readonly writer: EventsWriter;

  constructor(
    private readonly options: {
      store: EventsStore;
      pseudonymise: (userRef: string) => string;
      retentionDays: number;
      now?: () => Date;
    },
  ) {
    this.writer = new EventsWriter(options.store);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Stores the user's events, none when the user opted out. */
  async record(
    userRef: string,
    events: ParsedAdoptionEvent[],
  ): Promise<{ stored: number }> {
    const userHash = this.options.pseudonymise(userRef);
    const now = this.now();
    const rows = events
      .filter(isRecorded)
      .map(e => toStoredEvent(e, userHash, now));
    return { stored: await this.writer.write(userRef, userHash, rows) };
  }

  async getOptOut(userRef: string): Promise<AdoptionOptOut> {
    return { optedOut: await this.options.store.isOptedOut(userRef) };
  }

  /** Opting out deletes the user's stored events. */
  async setOptOut(userRef: string, optedOut: boolean): Promise<AdoptionOptOut> {
    const { store, pseudonymise } = this.options;
    if (optedOut)
      await store.optOut(userRef, pseudonymise(userRef), this.now());
    else await store.optIn(userRef);
    return { optedOut };
  }

  /**
   * Deletes the events older than the retention period, and any event of
   * a user who opted out (one stored while the opt-out was under way).
   * Events stored under an earlier secret's ids cannot be told apart by
   * user any more; they go when they expire.
   */
  async applyRetention(): Promise<{ expired: number; optedOut: number }> {
    const { store, pseudonymise, retentionDays } = this.options;
    const cutoff = new Date(this.now().getTime() - retentionDays * DAY_MS);
    const expired = await store.deleteBefore(cutoff);
    let optedOut = 0;
    for await (const users of store.optedOutUsers()) {
      optedOut += await store.deleteEventsOf(users.map(pseudonymise));
    }
    return { expired, optedOut };
  }
}
