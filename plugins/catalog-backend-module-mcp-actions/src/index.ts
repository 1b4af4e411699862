/**
 * Catalog module: the catalog's MCP tools upstream lacks, registered in the
 * actions registry (`catalog:dry-run-register-entity`).
 *
 * @packageDocumentation
 */
export { catalogModuleMcpActions as default } from './module';
