import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { normalizeRef } from '../service/ScorecardService';

/**
 * What the scorecard actions share: entity references as agents write them,
 * and the portal's URLs they cite.
 */

/** Whether `value` parses as an entity reference (any default kind). */
export function isEntityRef(value: string): boolean {
  try {
    parseEntityRef(value, { defaultKind: 'component' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `order-service`, `component:order-service` or
 * `component:default/order-service` as the normalized (lowercase) full
 * reference the scorecard stores.
 */
export function toEntityRef(value: string, defaultKind: string): string {
  try {
    return normalizeRef(
      stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
      ),
    );
  } catch {
    throw new InputError(
      `"${value}" is not an entity reference such as ${defaultKind}:default/name`,
    );
  }
}

/**
 * The portal's pages, from `app.baseUrl` (without one, as paths on the
 * portal).
 */
export class PortalUrls {
  private readonly base: string;

  constructor(appBaseUrl: string) {
    this.base = appBaseUrl.replace(/\/+$/, '');
  }

  static fromConfig(config: Config) {
    return new PortalUrls(config.getOptionalString('app.baseUrl') ?? '');
  }

  /** the entity's page: /catalog/{namespace}/{kind}/{name} */
  entityPage(entityRef: string): string {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `${this.base}/catalog/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(
      kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(name)}`;
  }

  /** a link of the configuration (howToFix): absolute as it is, else on the portal */
  link(pathOrUrl: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return pathOrUrl;
    return `${this.base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }
}
