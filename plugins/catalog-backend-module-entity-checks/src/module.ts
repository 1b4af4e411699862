import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { EntitySizeProcessor } from './processors/EntitySizeProcessor';
import { OwnerExistsProcessor } from './processors/OwnerExistsProcessor';

const DEFAULT_MAX_ENTITY_SIZE_BYTES = 1024 * 1024;
const DEFAULT_OWNER_GRACE_SECONDS = 60;

/**
 * Catalog checks that turn silent problems into processing errors on the
 * entity: an owner that does not exist, an entity too large to serve.
 */
export const catalogModuleEntityChecks = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'entity-checks',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, database, catalog }) {
        const checks = config.getOptionalConfig('catalog.entityChecks');
        catalog.addProcessor(
          new EntitySizeProcessor(
            checks?.getOptionalNumber('maxEntitySizeBytes') ??
              DEFAULT_MAX_ENTITY_SIZE_BYTES,
          ),
        );
        if (checks?.getOptionalBoolean('ownerMustExist') ?? true) {
          // A module shares its plugin's database. The catalog's
          // refresh_state table holds every entity it knows, processed or
          // still pending (the unprocessed-entities module reads it too), so
          // an owner ingested in the same pass already counts.
          const db = await database.getClient();
          catalog.addProcessor(
            new OwnerExistsProcessor(
              async ref =>
                Boolean(
                  await db('refresh_state')
                    .where({ entity_ref: ref })
                    .first('entity_id'),
                ),
              {
                graceSeconds:
                  checks?.getOptionalNumber('ownerGraceSeconds') ??
                  DEFAULT_OWNER_GRACE_SECONDS,
              },
            ),
          );
        }
      },
    });
  },
});
