/**
 * Catalog module: links on entity pages derived from annotations.
 *
 * @packageDocumentation
 */
export { catalogModuleAnnotationLinks as default } from './module';
export { AnnotationLinksProcessor } from './processor/AnnotationLinksProcessor';
export type { AnnotationLinkRule } from './processor/AnnotationLinksProcessor';
