import type { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import {
  ADOPTION_EVENT_LIMITS as LIMITS,
  type AdoptionEvent,
  USER_PAGE_SUBJECT,
  decodeSegment,
  entityOfPath,
  entityPageParams,
  eventEntityRef,
  isUserKind,
  isUserRef,
  pathOnly,
} from '@internal/backstage-plugin-adoption-common';

/*
 * Which of Backstage's analytics events the portal records, and what of
 * them: the page (not its query string), the plugin, the entity, a
 * search's term and result count. Nothing about the user: the backend
 * knows who posts; and no user's page is told apart from another's (see
 * `userPage`).
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]+/g;

/**
 * Text as the backend takes it: control characters replaced by a space,
 * cut to `max` characters without splitting a character in two.
 */
export function clean(text: string, max: number): string {
  const chars = Array.from(text.replace(CONTROL, ' '));
  let out = '';
  for (const c of chars) {
    if (out.length + c.length > max) break;
    out += c;
  }
  return out;
}

/**
 * The route pattern of a page: each path segment that is one of the
 * route's parameters (`params`, as the app's route tracker gives them)
 * replaced by `:name`, in order.
 */
export function routePattern(
  pathname: string,
  params: Record<string, unknown>,
): string {
  const unused = Object.entries(params).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
  );
  return pathname
    .split('/')
    .map(segment => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // not encoded as a URL would be: compare it as it is
      }
      const i = unused.findIndex(([, value]) => value === decoded);
      if (i < 0 || segment === '') return segment;
      const [[name]] = unused.splice(i, 1);
      return `:${name}`;
    })
    .join('/');
}

/**
 * A page about a user (its route's `kind` parameter says so, or its path
 * is a user's catalog page) as it is recorded: its path and its route
 * pattern with the user's namespace and name left out, the kind kept in
 * the path (`/catalog/:namespace/user/:name/...`, which the usage figures
 * count as users' pages), no entity. Whose page was viewed is never sent:
 * someone viewing their own profile would give themselves away. Undefined
 * for any other page.
 */
export function userPage(
  path: string,
  params: Record<string, unknown>,
): { subject: string; routePath: string } | undefined {
  let user: Record<string, unknown> | undefined;
  if (isUserKind(params.kind)) user = params;
  else {
    const fromPath = entityPageParams(path);
    if (isUserKind(fromPath?.kind)) user = fromPath;
  }
  if (!user) return undefined;
  const { namespace, kind, name, ...others } = user;
  const segments = path.split('/');
  const decoded = segments.map(decodeSegment);
  // where the route has `:namespace/:kind/:name`
  const at = decoded.findIndex(
    (segment, i) =>
      i > 0 &&
      segment === kind &&
      decoded[i - 1] === namespace &&
      decoded[i + 1] === name,
  );
  if (at < 0) {
    // another shape of route: every parameter left out, wherever it is
    const values = Object.entries(user).filter(
      ([, v]) => typeof v === 'string',
    );
    const hidden = segments
      .map((segment, i) => {
        const found = values.find(([, v]) => v !== '' && v === decoded[i]);
        return found ? `:${found[0]}` : segment;
      })
      .join('/');
    return { subject: hidden, routePath: hidden };
  }
  const before = routePattern(segments.slice(0, at - 1).join('/'), others);
  const after = routePattern(['', ...segments.slice(at + 2)].join('/'), others);
  const rest = after === '/' ? '' : after;
  return {
    subject: `${before}${USER_PAGE_SUBJECT}${rest}`,
    routePath: `${before}/:namespace/:kind/:name${rest}`,
  };
}

/** the entity ref of an analytics context, when it is one (and no user) */
function contextEntity(event: AnalyticsEvent): string | undefined {
  const ref = event.context.entityRef;
  return typeof ref === 'string' &&
    /^[^:/]+:[^:/]+\/[^:/]+$/.test(ref) &&
    !isUserRef(ref)
    ? ref.toLocaleLowerCase('en-US')
    : undefined;
}

function optional(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value !== ''
    ? clean(value, max)
    : undefined;
}

/**
 * The event the portal records for one of Backstage's analytics events,
 * or undefined for those it does not record: page views (`navigate`),
 * searches (`search`, with their result count), clicks on links to an
 * entity's page (`click`) and template runs (`create`).
 */
export function toAdoptionEvent(
  event: AnalyticsEvent,
  now: Date = new Date(),
): AdoptionEvent | undefined {
  const base = {
    occurredAt: now.toISOString(),
    pluginId: optional(event.context.pluginId, LIMITS.idLength),
    extensionId: optional(event.context.extensionId, LIMITS.idLength),
  };
  const subject = (text: string) => clean(text.trim(), LIMITS.subjectLength);
  switch (event.action) {
    case 'navigate': {
      const path = pathOnly(event.subject);
      const params = event.attributes ?? {};
      const user = userPage(path, params);
      if (user) {
        return {
          ...base,
          action: 'navigate',
          subject: subject(user.subject),
          routePath: clean(user.routePath, LIMITS.pathLength),
        };
      }
      const entity =
        typeof params.kind === 'string' &&
        typeof params.namespace === 'string' &&
        typeof params.name === 'string'
          ? eventEntityRef(params.kind, params.namespace, params.name)
          : undefined;
      return {
        ...base,
        action: 'navigate',
        subject: subject(path),
        routePath: clean(routePattern(path, params), LIMITS.pathLength),
        entityRef: entity,
      };
    }
    case 'search': {
      const term = subject(event.subject);
      if (!term) return undefined;
      return {
        ...base,
        action: 'search',
        subject: term,
        searchResultCount:
          typeof event.value === 'number' &&
          Number.isInteger(event.value) &&
          event.value >= 0
            ? event.value
            : undefined,
      };
    }
    case 'click': {
      const to = event.attributes?.to;
      const entity = typeof to === 'string' ? entityOfPath(to) : undefined;
      // a link to a user's page (its text is the user's name): not recorded
      if (!entity || userPage(pathOnly(to as string), {})) return undefined;
      return {
        ...base,
        action: 'click',
        subject: subject(event.subject) || entity,
        target: clean(pathOnly(to as string), LIMITS.pathLength),
        entityRef: entity,
      };
    }
    case 'create': {
      const template = contextEntity(event);
      return {
        ...base,
        action: 'create',
        subject: subject(template ?? event.subject) || 'create',
        entityRef: template,
      };
    }
    default:
      return undefined;
  }
}
