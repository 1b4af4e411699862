/**
 * TechDocs module: the TechDocs MCP tool upstream lacks, registered in the
 * actions registry (`techdocs:get-techdocs-page`).
 *
 * @packageDocumentation
 */
export { techdocsModuleMcpActions as default } from './module';
