/**
 * TechDocs module: refuses mkdocs.yml settings that would run code or read
 * secrets on the build server.
 *
 * @packageDocumentation
 */
export { techdocsModuleMkdocsPolicy as default } from './module';
export { SafeTechdocsGenerator } from './SafeTechdocsGenerator';
export {
  DEFAULT_ALLOWED_PLUGINS,
  findUnsafeMkdocsSettings,
} from './mkdocsPolicy';
