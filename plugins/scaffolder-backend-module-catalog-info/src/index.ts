/**
 * Scaffolder module: the `catalog:generate-info` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCatalogInfo as default } from './module';
export { createGenerateCatalogInfoAction } from './actions/generateCatalogInfo';
