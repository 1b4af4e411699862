import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';

/** Whether the catalog knows an entity (processed or still pending). */
export type EntityExists = (entityRef: string) => Promise<boolean>;

/**
 * Fails processing of an entity whose `spec.owner` names no entity known to
 * the catalog, so a typo in an owner shows up as an error on that entity
 * instead of as a silently dangling relation.
 *
 * The catalog ingests in parallel, so a team may arrive a moment after what
 * it owns. An owner missing for less than the grace period is therefore let
 * through (the first time is remembered in the processor cache of the
 * entity); once the grace period has passed, the error is raised on the next
 * processing, and the entity page and API show it.
 */
export class OwnerExistsProcessor implements CatalogProcessor {
  constructor(
    private readonly entityExists: EntityExists,
    private readonly options: { graceSeconds: number; now?: () => number } = {
      graceSeconds: 0,
    },
  ) {}

  getProcessorName(): string {
    return 'OwnerExistsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location?: LocationSpec,
    _emit?: CatalogProcessorEmit,
    cache?: CatalogProcessorCache,
  ): Promise<Entity> {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string' || owner.trim() === '') return entity;
    let ownerRef: string;
    try {
      ownerRef = stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch (error) {
      throw new InputError(
        `spec.owner "${owner}" is not a valid entity reference: ${
          (error as Error).message
        }`,
      );
    }
    const missingSince = await cache?.get<number | null>('ownerMissingSince');
    if (await this.entityExists(ownerRef)) {
      if (missingSince) await cache?.set('ownerMissingSince', null);
      return entity;
    }
    const now = (this.options.now ?? Date.now)();
    const since = missingSince ?? now;
    if (now - since < this.options.graceSeconds * 1000) {
      await cache?.set('ownerMissingSince', since);
      return entity;
    }
    throw new InputError(
      `spec.owner "${owner}" does not exist in the catalog (no entity ${ownerRef}). Add that Group or User to the catalog, or correct the owner.`,
    );
  }
}
