/**
 * Catalog module: relative-path `$text`/`$json`/`$yaml` placeholders for
 * entities read from `file` locations.
 *
 * @packageDocumentation
 */

export { catalogModuleFilePlaceholders as default } from './module';
export { FilePlaceholderProcessor } from './processors/FilePlaceholderProcessor';
