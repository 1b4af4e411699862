/**
 * Lighthouse: the website annotation and the audit URL policy, shared by the
 * card, the tab and the audit service.
 *
 * @packageDocumentation
 */
export {
  LIGHTHOUSE_WEBSITE_URL_ANNOTATION,
  hasLighthouseAnnotation,
  readWebsiteUrl,
} from './annotations';
export type { EntityWithAnnotations } from './annotations';
export { checkAuditUrl, isForbiddenAddress } from './urlPolicy';
export type { UrlPolicyDecision } from './urlPolicy';
