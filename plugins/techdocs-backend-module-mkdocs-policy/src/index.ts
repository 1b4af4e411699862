/**
 * TechDocs module: refuses mkdocs.yml settings that would run code or read
 * secrets on the build server; runs mkdocs with the MkDocs plugin folders of
 * `techdocs.generator.mkdocs.pythonPath`, and says what to install when mkdocs
 * is missing.
 *
 * @packageDocumentation
 */
export { techdocsModuleMkdocsPolicy as default } from './module';
export { SafeTechdocsGenerator } from './SafeTechdocsGenerator';
export {
  DEFAULT_ALLOWED_PLUGINS,
  findUnsafeMkdocsSettings,
} from './mkdocsPolicy';
