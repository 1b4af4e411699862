/**
 * The frontend's analytics events as the adoption analytics implementation
 * posts them to `POST /api/adoption/v1/events`, and the signed-in user's
 * opt-out (`GET`/`PUT /api/adoption/v1/opt-out`).
 *
 * Who did it is never part of the body: the backend takes the user from
 * the request's credentials and stores only a keyed hash of it.
 */

/** The routes of the events feature, under /api/adoption. @public */
export const ADOPTION_EVENTS_PATHS = {
  events: '/v1/events',
  optOut: '/v1/opt-out',
} as const;

/**
 * The analytics actions the portal records (the frontend maps Backstage's
 * `navigate`, `search`, `click` and `create` events; others are not sent).
 *
 * @public
 */
export const ADOPTION_EVENT_ACTIONS = [
  'navigate',
  'search',
  'click',
  'create',
] as const;

/** @public */
export type AdoptionEventAction = (typeof ADOPTION_EVENT_ACTIONS)[number];

/**
 * The limits of `POST /v1/events`, which the backend enforces (a 400
 * naming the field beyond them) and the analytics implementation respects
 * before sending.
 *
 * @public
 */
export const ADOPTION_EVENT_LIMITS = {
  /** events of one request */
  batch: 100,
  /** `subject` (longer text is cut by the frontend before sending) */
  subjectLength: 512,
  /** `pluginId`, `extensionId` */
  idLength: 200,
  /** `routePath`, `target` */
  pathLength: 1024,
  /** `entityRef` */
  entityRefLength: 512,
} as const;

/**
 * How long the analytics implementation lets events wait before it posts
 * them, unless a batch (`ADOPTION_EVENT_LIMITS.batch`) fills first or the
 * page is hidden.
 *
 * @public
 */
export const ADOPTION_EVENTS_FLUSH_INTERVAL_MS = 10_000;

/**
 * One analytics event.
 *
 * @public
 */
export type AdoptionEvent = {
  /**
   * When it happened in the browser (ISO 8601). The backend clamps it to
   * the last 24 hours (a browser's clock may be wrong).
   */
  occurredAt: string;
  action: AdoptionEventAction;
  /**
   * navigate: the page's path (no query string, no hash); search: the
   * search term; click: the link's text; create: the template's ref.
   */
  subject: string;
  /** the plugin the event happened in (the analytics context's pluginId) */
  pluginId?: string;
  /** the extension the event happened in (the analytics context's extensionId) */
  extensionId?: string;
  /**
   * The page, its route parameters replaced by `:name`
   * (`/catalog/:namespace/:kind/:name`), no query string: views per page
   * are counted by it.
   */
  routePath?: string;
  /**
   * The catalog entity concerned (a page of an entity, a link clicked on
   * it, the template run), as a full ref `kind:namespace/name`, lower case.
   */
  entityRef?: string;
  /** search: how many results the search had */
  searchResultCount?: number;
  /** click: where the link goes */
  target?: string;
};

/** The body of `POST /v1/events`. @public */
export type AdoptionEventsRequest = {
  /** at most `ADOPTION_EVENT_LIMITS.batch` */
  events: AdoptionEvent[];
};

/**
 * The answer of `POST /v1/events` (202): how many of the events were
 * stored (none when the user opted out), and, when some of the batch was
 * invalid, which events were refused and why (the others are stored).
 *
 * @public
 */
export type AdoptionEventsResponse = {
  stored: number;
  rejected?: { index: number; message: string }[];
};

/**
 * The signed-in user's choice (`GET /v1/opt-out`, and the body of
 * `PUT /v1/opt-out`). Opting out deletes the user's stored events, and
 * their later events are dropped on arrival.
 *
 * @public
 */
export type AdoptionOptOut = { optedOut: boolean };

/**
 * A page's path without its query string and hash: what a page view is
 * recorded as, in the browser and again on arrival.
 *
 * @public
 */
export function pathOnly(path: string): string {
  return path.replace(/[?#].*$/s, '') || '/';
}

/**
 * The entity kind whose entities are people: whose page someone viewed is
 * never recorded (viewing one's own profile would give one away).
 *
 * @public
 */
export const USER_KIND = 'user';

/**
 * How the path of a user's page is recorded: the user left out
 * (`/catalog/:namespace/user/:name/...`).
 *
 * @public
 */
export const USER_PAGE_SUBJECT = `/:namespace/${USER_KIND}/:name`;

/**
 * Whether a kind (any case) is the kind of people.
 *
 * @public
 */
export function isUserKind(kind: unknown): boolean {
  return (
    typeof kind === 'string' && kind.toLocaleLowerCase('en-US') === USER_KIND
  );
}

/**
 * Whether an entity ref (`kind:namespace/name`) names a user.
 *
 * @public
 */
export function isUserRef(ref: string): boolean {
  return isUserKind(ref.slice(0, ref.indexOf(':')));
}

/**
 * The entity ref of a kind, namespace and name, as the events keep it
 * (lower case).
 *
 * @public
 */
export function eventEntityRef(
  kind: string,
  namespace: string,
  name: string,
): string {
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

const CATALOG_PAGE = /^(\/catalog)\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)(.*)$/s;

/**
 * A path segment decoded, or undefined when it is not valid percent
 * encoding.
 *
 * @public
 */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The namespace, kind and name of the entity whose catalog page `path` is
 * (`/catalog/:namespace/:kind/:name/...`), decoded; undefined for any
 * other path.
 *
 * @public
 */
export function entityPageParams(
  path: string,
): { namespace: string; kind: string; name: string } | undefined {
  const m = CATALOG_PAGE.exec(path);
  const [namespace, kind, name] = (m?.slice(2, 5) ?? []).map(decodeSegment);
  return namespace && kind && name ? { namespace, kind, name } : undefined;
}

/**
 * The entity whose catalog page `path` is (`/catalog/:namespace/:kind/:name`).
 *
 * @public
 */
export function entityOfPath(path: string): string | undefined {
  const p = entityPageParams(path);
  return p && eventEntityRef(p.kind, p.namespace, p.name);
}

/**
 * The route pattern of an entity's catalog page (`/catalog/<ns>/<kind>/<name>/ci`
 * → `/catalog/:namespace/:kind/:name/ci`); undefined for any other path.
 *
 * @public
 */
export function entityPageRoute(path: string): string | undefined {
  if (!entityPageParams(path)) return undefined;
  return `/catalog/:namespace/:kind/:name${CATALOG_PAGE.exec(path)![5]}`;
}

/**
 * A user's catalog page (`/catalog/<namespace>/user/<name>/...`) with the
 * user left out (`/catalog/:namespace/user/:name/...`); undefined for any
 * other path.
 *
 * @public
 */
export function hideUserInPath(path: string): string | undefined {
  if (!isUserKind(entityPageParams(path)?.kind)) return undefined;
  const rest = CATALOG_PAGE.exec(path)![5];
  return `/catalog${USER_PAGE_SUBJECT}${rest}`;
}
