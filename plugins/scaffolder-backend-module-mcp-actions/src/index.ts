/**
 * Scaffolder module: the scaffolder's MCP tools upstream lacks, registered
 * in the actions registry (`scaffolder:list-templates`,
 * `scaffolder:dry-run-catalog-template`).
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcpActions as default } from './module';
