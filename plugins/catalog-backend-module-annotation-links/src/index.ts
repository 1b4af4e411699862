/**
 * Catalog module: links on entity pages derived from annotations.
 *
 * @packageDocumentation
 */
export { catalogModuleAnnotationLinks as default } from './module';
export { AnnotationLinksProcessor } from './processors/AnnotationLinksProcessor';
export type { AnnotationLinkRule } from './processors/AnnotationLinksProcessor';
