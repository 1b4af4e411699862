import {
  CompoundEntityRef,
  Entity,
  makeValidator,
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

const validators = makeValidator();

/**
 * Whether a reference could name an entity at all: its kind, namespace and
 * name follow the catalog's naming rules (references are case-insensitive).
 * An owner that cannot is refused at once, without the grace period.
 */
export function canNameAnEntity(ref: CompoundEntityRef): boolean {
  return (
    validators.isValidKind(ref.kind) &&
    validators.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US')) &&
    validators.isValidEntityName(ref.name)
  );
}

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
    if (typeof owner !== 'string') return entity;
    let parsed: CompoundEntityRef;
    try {
      parsed = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
    } catch (error) {
      throw new InputError(
        `spec.owner "${owner}" is not a valid entity reference: ${
          (error as Error).message
        }`,
      );
    }
    // A reference no entity can have (a name with "/", "..", a control
    // character, ...) is refused at once, without a grace period, and never
    // reaches the database: PostgreSQL fails on a NUL character, and its
    // error (with the SQL) would have become the processing error.
    if (!canNameAnEntity(parsed)) {
      throw new InputError(
        `spec.owner ${JSON.stringify(
          owner,
        )} is not a valid entity reference: no entity can have that kind, namespace or name`,
      );
    }
    const ownerRef = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
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
