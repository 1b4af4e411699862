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
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';

/** A deterministic organisation of `count` entities. */
export function generateEntities(count: number): Entity[] {
  const teams = Math.max(5, Math.round(count / 200));
  const systems = Math.max(5, Math.round(count / 100));
  const resources = Math.round(count * 0.1);
  const apis = Math.round(count * 0.3);
  const components = count - teams - systems - resources - apis;
  const annotations = {
    'backstage.io/managed-by-location': 'bench:generated',
    'backstage.io/managed-by-origin-location': 'bench:generated',
  };
  const entity = (
    kind: string,
    name: string,
    spec: object,
    extra: object = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, annotations, ...extra },
    spec,
  });
  const out: Entity[] = [];
  for (let t = 0; t < teams; t++) {
    out.push(
      entity(
        'Group',
        `team-${t}`,
        { type: 'team', children: [] },
        { description: `Team ${t}` },
      ),
    );
  }
  for (let s = 0; s < systems; s++) {
    out.push(
      entity('System', `system-${s}`, { owner: `group:team-${s % teams}` }),
    );
  }
  for (let r = 0; r < resources; r++) {
    out.push(
      entity('Resource', `db-${r}`, {
        type: r % 3 ? 'database' : 'message-queue',
        owner: `group:team-${r % teams}`,
        system: `system-${r % systems}`,
      }),
    );
  }
  for (let a = 0; a < apis; a++) {
    out.push(
      entity(
        'API',
        `api-${a}-v1`,
        {
          type: ['openapi', 'grpc', 'asyncapi'][a % 3],
          lifecycle: 'production',
          owner: `group:team-${a % teams}`,
          system: `system-${a % systems}`,
          definition: `openapi: 3.0.3\ninfo: {title: API ${a}, version: 1.0.0}\npaths: {}\n`,
        },
        { description: `Generated API number ${a}` },
      ),
    );
  }
  for (let c = 0; c < components; c++) {
    out.push(
      entity(
        'Component',
        `service-${c}`,
        {
          type: c % 10 ? 'service' : 'website',
          lifecycle: c % 7 ? 'production' : 'experimental',
          owner: `group:team-${c % teams}`,
          system: `system-${c % systems}`,
          providesApis: c < apis ? [`api-${c}-v1`] : [],
          consumesApis: [
            `api-${(c * 7) % apis}-v1`,
            `api-${(c * 13 + 1) % apis}-v1`,
          ],
          dependsOn: [`resource:db-${c % resources}`],
        },
        {
          description: `Generated service ${c} handling ${
            ['payments', 'orders', 'inventory', 'search'][c % 4]
          }`,
          tags: [['go', 'java', 'typescript', 'python'][c % 4]],
        },
      ),
    );
  }
  return out;
}

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

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(benchProviderModule);
backend.start();
