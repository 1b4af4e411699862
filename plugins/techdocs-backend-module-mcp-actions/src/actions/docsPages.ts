import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A docs page: its entity and its path in the entity's site. */
export type DocsPage = {
  namespace: string;
  kind: string;
  name: string;
  /** '' for the home page, else like `ops/runbook/` */
  path: string;
};

const DOCS_PATH = /(?:^|\/)docs\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(.*))?$/;

/**
 * The portal's docs pages, `/docs/{namespace}/{kind}/{name}/{path}`, as
 * TechDocs search results give them (`location`) and the portal shows
 * them (`app.baseUrl`).
 */
export class DocsPages {
  private readonly base: string;

  constructor(appBaseUrl: string) {
    this.base = appBaseUrl.replace(/\/+$/, '');
  }

  static fromConfig(config: Config) {
    return new DocsPages(config.getOptionalString('app.baseUrl') ?? '');
  }

  /**
   * A page from its portal path or URL; a `#section` or `?query` is
   * ignored, `index.html` and a missing trailing slash are accepted.
   */
  static parse(location: string): DocsPage {
    let pathname = location.trim();
    try {
      pathname = new URL(pathname).pathname;
    } catch {
      pathname = pathname.replace(/[?#].*$/, '');
    }
    const match = DOCS_PATH.exec(pathname);
    if (!match) {
      throw new InputError(
        `"${location}" is not a docs page: give /docs/<namespace>/<kind>/<name>/<page path>, as a search result's location`,
      );
    }
    const [, namespace, kind, name, rest = ''] = match.map(s =>
      s === undefined ? s : decodeURIComponent(s),
    );
    const path = rest
      .replace(/(^|\/)index\.html$/, '$1')
      .replace(/^\/+/, '')
      .replace(/([^/])$/, '$1/');
    return {
      namespace: namespace.toLocaleLowerCase('en-US'),
      kind: kind.toLocaleLowerCase('en-US'),
      name: name.toLocaleLowerCase('en-US'),
      path,
    };
  }

  /** the page in the portal; `anchor` like `#rollback` */
  url(page: DocsPage, anchor = ''): string {
    const site = [page.namespace, page.kind, page.name]
      .map(encodeURIComponent)
      .join('/');
    return `${this.base}/docs/${site}/${page.path}${anchor}`;
  }
}

/** Whether `value` is an address of a docs page (see parse). */
export function isDocsLocation(value: string): boolean {
  try {
    DocsPages.parse(value);
    return true;
  } catch {
    return false;
  }
}
