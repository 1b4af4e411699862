/**
 * Dry-runs Software Templates against a running backend: the template
 * authors' check before a template reaches the Create page.
 *
 * @packageDocumentation
 */
export {
  TemplateParametersError,
  dryRunTemplate,
  fileTree,
  guestToken,
  readTemplateFolder,
  writeFiles,
} from './dryRun';
export type {
  DryRunLogLine,
  DryRunResult,
  DryRunStep,
  TemplateFile,
} from './dryRun';
