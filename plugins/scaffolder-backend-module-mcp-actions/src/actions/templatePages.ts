import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** Whether `value` parses as an entity reference. */
export function isEntityRef(value: string): boolean {
  try {
    parseEntityRef(value, { defaultKind: 'template' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `go-microservice-template` or `template:default/go-microservice-template`
 * as a full Template reference.
 */
export function toTemplateRef(value: string): string {
  const ref = parseEntityRef(value, {
    defaultKind: 'template',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'template') {
    throw new InputError(
      `${stringifyEntityRef(
        ref,
      )} is not a Template: give template:<namespace>/<name>`,
    );
  }
  return stringifyEntityRef(ref);
}

/** A template's Create page in the portal, from `app.baseUrl`. */
export class TemplatePages {
  private readonly base: string;

  constructor(appBaseUrl: string) {
    this.base = appBaseUrl.replace(/\/+$/, '');
  }

  static fromConfig(config: Config) {
    return new TemplatePages(config.getOptionalString('app.baseUrl') ?? '');
  }

  /** /create/templates/{namespace}/{name} */
  url(templateRef: string): string {
    const { namespace, name } = parseEntityRef(templateRef);
    return `${this.base}/create/templates/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(name)}`;
  }
}
