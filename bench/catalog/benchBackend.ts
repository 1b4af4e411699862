/*
 * The backend of bench/catalog-ingest.mjs: the real catalog plugin on the
 * configured database, plus an entity provider that emits N generated
 * entities in one full mutation, as a real provider (GitHub discovery, an
 * org provider) does.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { generateEntities } from './generateEntities';

class GeneratedEntityProvider implements EntityProvider {
  constructor(private readonly count: number) {}

  getProviderName() {
    return 'bench-generated';
  }

  async connect(connection: EntityProviderConnection) {
    const entities = generateEntities(this.count);
    // eslint-disable-next-line no-console
    console.log(`BENCH provider-applying ${entities.length} ${Date.now()}`);
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: 'bench:generated',
      })),
    });
    // eslint-disable-next-line no-console
    console.log(`BENCH provider-applied ${entities.length} ${Date.now()}`);
  }
}

const benchProviderModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-generated',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        // Extra replicas only process; one replica provides the entities.
        if (config.getOptionalBoolean('bench.provide') === false) return;
        catalog.addEntityProvider(
          new GeneratedEntityProvider(config.getNumber('bench.entities')),
        );
      },
    });
  },
});

/*
 * The catalog modules that process entities. `stock`: those a stock
 * create-app 0.9.2 backend adds; `portal` (BENCH_PROCESSORS=portal): those
 * packages/backend/src/index.ts adds, ours included. Neither adds the GitHub
 * providers: the entities come from the generated provider above.
 */
const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
if (process.env.BENCH_PROCESSORS === 'portal') {
  backend.add(import('@backstage/plugin-catalog-backend-module-ai-model'));
  backend.add(
    import(
      '@internal/backstage-plugin-catalog-backend-module-annotation-links'
    ),
  );
  backend.add(
    import('@internal/backstage-plugin-catalog-backend-module-entity-checks'),
  );
  backend.add(
    import(
      '@internal/backstage-plugin-catalog-backend-module-file-placeholders'
    ),
  );
}
backend.add(benchProviderModule);
backend.start();
