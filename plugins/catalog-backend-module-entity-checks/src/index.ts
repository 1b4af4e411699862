/**
 * Catalog module: an owner that does not exist and an oversized entity become
 * processing errors on the entity.
 *
 * @packageDocumentation
 */
export { catalogModuleEntityChecks as default } from './module';
export {
  canNameAnEntity,
  OwnerExistsProcessor,
} from './processors/OwnerExistsProcessor';
export type { EntityExists } from './processors/OwnerExistsProcessor';
export { EntitySizeProcessor } from './processors/EntitySizeProcessor';
