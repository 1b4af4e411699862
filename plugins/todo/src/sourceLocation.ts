import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';

/**
 * Where the TODO backend reads an entity's source, or why it cannot: it reads
 * `url` locations only (`backstage.io/source-location`, else the location the
 * entity was registered from), with the catalog model's own parser.
 */
export function todoSourceLocation(
  entity: Entity,
): { url: string } | { problem: string } {
  let location;
  try {
    location = getEntitySourceLocation(entity);
  } catch (error) {
    return {
      problem: `The source location of this entity cannot be read: ${
        (error as Error).message
      }. Set backstage.io/source-location to url:<repository tree URL>.`,
    };
  }
  if (location.type !== 'url') {
    return {
      problem: `TODOs are read from a repository URL, and this entity's source is a ${location.type} location (${location.target}). Set backstage.io/source-location to url:<repository tree URL>.`,
    };
  }
  return { url: location.target };
}
