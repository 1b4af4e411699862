export {
  generateAll,
  generateForRepo,
  draftEntity,
  entityName,
  componentType,
} from './generate';
export type { GenerateOptions, RepoResult } from './generate';
export { inspectRepo, readCodeOwner, readGithubSlug } from './inspect';
export type { RepoFacts } from './inspect';
export { main } from './cli';
