export {
  generateAll,
  generateForRepo,
  draftCatalogInfo,
  draftEntity,
  entityName,
  componentType,
} from './generate';
export type { GenerateOptions, RepoResult } from './generate';
export {
  CODEOWNERS_PATHS,
  codeOwnerEntityRef,
  inspectRepo,
  readCodeOwner,
  readGithubSlug,
  wholeRepositoryOwners,
} from './inspect';
export type { RepoFacts } from './inspect';
export { main } from './cli';
