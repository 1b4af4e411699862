/*
 * Which website a Component is, from the annotation the Lighthouse backend
 * (@backstage-community/plugin-lighthouse-backend) schedules audits for,
 * parsed once here for the card, the tab and the tests.
 */

/** The annotation upstream's Lighthouse plugins read. */
export const LIGHTHOUSE_WEBSITE_URL_ANNOTATION = 'lighthouse.com/website-url';

/** The part of an entity this package reads. */
export type EntityWithAnnotations = {
  metadata: { annotations?: Record<string, string> };
};

/** Whether the entity names a website (where the card and tab show). */
export function hasLighthouseAnnotation(entity: EntityWithAnnotations) {
  return Boolean(
    entity.metadata.annotations?.[LIGHTHOUSE_WEBSITE_URL_ANNOTATION],
  );
}

/**
 * The website URL of the entity, exactly as the backend sends it to the
 * audit service, or what is wrong with the annotation.
 */
export function readWebsiteUrl(
  entity: EntityWithAnnotations,
): { url: string } | { problem: string } {
  const value =
    entity.metadata.annotations?.[LIGHTHOUSE_WEBSITE_URL_ANNOTATION] ?? '';
  const shown = JSON.stringify(
    value.length > 200 ? `${value.slice(0, 200)}…` : value,
  );
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return {
      problem: `${LIGHTHOUSE_WEBSITE_URL_ANNOTATION} must be the website's http(s) URL; ${shown} is not a URL.`,
    };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return {
      problem: `${LIGHTHOUSE_WEBSITE_URL_ANNOTATION} must be an http(s) URL; ${shown} uses ${parsed.protocol}`,
    };
  }
  return { url: value };
}
