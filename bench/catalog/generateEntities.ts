/*
 * The generated organisation the catalog benchmarks ingest: bench/catalog-ingest.mjs
 * (through benchBackend.ts's entity provider) and bench/prod-backend.mjs (as a
 * catalog file in the GitHub stand-in).
 */
import { Entity } from '@backstage/catalog-model';

/**
 * A deterministic organisation of `count` entities: teams (Groups), systems,
 * resources, APIs and components with owners, systems, API and dependency
 * relations. With `annotations: false` the entities carry none, as in a
 * catalog file the catalog reads from a location (which adds its own).
 */
export function generateEntities(
  count: number,
  options: { annotations?: boolean } = {},
): Entity[] {
  const teams = Math.max(5, Math.round(count / 200));
  const systems = Math.max(5, Math.round(count / 100));
  const resources = Math.round(count * 0.1);
  const apis = Math.round(count * 0.3);
  const components = count - teams - systems - resources - apis;
  const annotations =
    options.annotations === false
      ? undefined
      : {
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
    metadata: { name, ...(annotations && { annotations }), ...extra },
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
