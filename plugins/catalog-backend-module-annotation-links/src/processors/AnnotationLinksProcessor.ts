import { Entity, EntityLink } from '@backstage/catalog-model';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';

/** One rule: an annotation whose value becomes a link. */
export type AnnotationLinkRule = {
  annotation: string;
  title: string;
  /**
   * The link, with `{value}` replaced by the annotation's value (URL-encoded,
   * slashes kept) and `{1}`, `{2}`... by the groups of `match`.
   */
  url: string;
  icon?: string;
  /** A regular expression the value must match; its groups fill `{1}`... */
  match?: string;
};

/**
 * Adds `metadata.links` derived from annotations, so that every annotation
 * points somewhere on the entity page even where no plugin shows it (or
 * before one is installed): PagerDuty service, Argo CD application, Grafana
 * dashboards, GitHub repository, AWS console...
 */
export class AnnotationLinksProcessor implements CatalogProcessor {
  private readonly rules: (AnnotationLinkRule & { regex?: RegExp })[];

  constructor(rules: AnnotationLinkRule[]) {
    this.rules = rules.map(rule => {
      if (!/^https?:\/\/[^/{}]+/.test(rule.url)) {
        throw new Error(
          `catalog.annotationLinks: the url of "${rule.title}" must start with http(s)://host, got ${rule.url}`,
        );
      }
      return {
        ...rule,
        regex: rule.match ? new RegExp(rule.match) : undefined,
      };
    });
  }

  getProcessorName(): string {
    return 'AnnotationLinksProcessor';
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const links: EntityLink[] = [...(entity.metadata.links ?? [])];
    let added = false;
    for (const rule of this.rules) {
      const value = annotations[rule.annotation];
      if (typeof value !== 'string' || value.trim() === '') continue;
      let groups: string[] = [];
      if (rule.regex) {
        const m = value.match(rule.regex);
        if (!m) continue;
        groups = m.slice(1).map(g => g ?? '');
      }
      const encode = (v: string) => encodeURIComponent(v).replace(/%2F/gi, '/');
      const url = rule.url
        .replace(/\{value\}/g, encode(value.trim()))
        .replace(/\{(\d+)\}/g, (_, i) => encode(groups[Number(i) - 1] ?? ''));
      if (links.some(l => l.url === url)) continue;
      links.push({
        url,
        title: rule.title,
        ...(rule.icon && { icon: rule.icon }),
      });
      added = true;
    }
    if (!added) return entity;
    return { ...entity, metadata: { ...entity.metadata, links } };
  }
}
