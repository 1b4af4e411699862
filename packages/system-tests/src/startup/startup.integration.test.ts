import { createMockDirectory } from '@backstage/backend-test-utils';
import { Client } from 'pg';
import {
  BackendProcess,
  readyAndSignedIn,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';

/*
 * Boots the real backend, every plugin of src/index.ts, on each database
 * engine, and checks what `make start` promises: it gets ready with no error
 * logged, guest sign-in works, the example catalog (its AI skill, rule and
 * MCP server included) is ingested with no dangling relation and no
 * processing error, and state lives in the configured database.
 */

const pgConnection = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

jest.setTimeout(300_000);

async function api(
  backend: BackendProcess,
  token: string,
  path: string,
  init?: RequestInit,
) {
  return fetch(`${backend.baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init?.headers,
    },
  });
}

type Entity = {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
  status?: { items?: { level: string; error?: { message: string } }[] };
};

/** order-service and everything it names (section 4 of the guide) */
const GUIDE_ENTITIES = [
  'component:default/order-service',
  'api:default/order-api-v2',
  'api:default/payment-api-v1',
  'api:default/inventory-api-v1',
  'component:default/payment-service',
  'resource:default/orders-rds-postgres',
  'system:default/order-management-system',
  'domain:default/ecommerce',
  'group:default/order-squad',
  'group:default/ecommerce-tribe',
  'group:default/ecommerce-platform',
  'group:default/platform-team',
  'user:default/alice',
  'user:default/bob',
  'user:default/carol',
];
/** the AI examples (ai-model module): a skill, a rule, the MCP server */
const AI_ENTITIES = [
  'airesource:default/catalog-info-authoring',
  'airesource:default/secrets-from-vault',
  'api:default/developer-portal-mcp',
];

/** Waits until order-service and every entity it names are in the catalog. */
async function exampleCatalog(backend: BackendProcess, token: string) {
  return waitUntil(
    'the example catalog (its AI examples included) with no dangling relation',
    async () => {
      const res = await api(backend, token, '/api/catalog/entities');
      const entities = (await res.json()) as Entity[];
      const refs = new Set(
        entities.map(e =>
          `${e.kind}:${e.metadata.namespace ?? 'default'}/${
            e.metadata.name
          }`.toLocaleLowerCase('en-US'),
        ),
      );
      const service = entities.find(e => e.metadata.name === 'order-service');
      const dangling = entities.flatMap(e =>
        (e.relations ?? [])
          .filter(r => !refs.has(r.targetRef))
          .map(r => `${e.metadata.name} ${r.type} ${r.targetRef}`),
      );
      // relations appear once stitching ran for both ends
      if (!service?.relations?.length || dangling.length > 0) return undefined;
      if (AI_ENTITIES.some(ref => !refs.has(ref))) return undefined;
      return { entities, refs };
    },
    { timeoutMs: 120_000, backend },
  );
}

async function checkHealthyBoot(backend: BackendProcess) {
  const token = await readyAndSignedIn(backend);
  const { entities, refs } = await exampleCatalog(backend, token);

  for (const ref of [...GUIDE_ENTITIES, ...AI_ENTITIES]) {
    expect(refs).toContain(ref);
  }
  // the OpenAPI definition was read from catalog/apis/ ($text, relative path)
  const orderApi = entities.find(e => e.metadata.name === 'order-api-v2');
  expect(orderApi?.spec?.definition).toContain('openapi: 3.0.3');

  // the AI examples with their owners, system and provider
  const relationsOf = (name: string) =>
    entities
      .find(e => e.metadata.name === name)
      ?.relations?.map(r => `${r.type} ${r.targetRef}`);
  expect(relationsOf('catalog-info-authoring')).toContain(
    'ownedBy group:default/platform-team',
  );
  expect(relationsOf('secrets-from-vault')).toEqual(
    expect.arrayContaining([
      'ownedBy group:default/order-squad',
      'partOf system:default/order-management-system',
    ]),
  );
  expect(relationsOf('developer-portal-mcp')).toEqual(
    expect.arrayContaining([
      'ownedBy group:default/platform-team',
      'apiProvidedBy component:default/developer-portal',
    ]),
  );

  // no example entity carries a processing error, and none failed to process
  expect(
    entities.flatMap(e =>
      (e.status?.items ?? [])
        .filter(i => i.level === 'error')
        .map(i => `${e.metadata.name}: ${i.error?.message}`),
    ),
  ).toEqual([]);
  const failed = await api(
    backend,
    token,
    '/api/catalog/entities/unprocessed/failed',
  );
  expect(failed.status).toBe(200);
  const { entities: unprocessed } = (await failed.json()) as {
    entities: { entity_ref: string; errors?: { message: string }[] }[];
  };
  expect(
    unprocessed.map(u => `${u.entity_ref}: ${u.errors?.[0]?.message}`),
  ).toEqual([]);

  expect(backend.errorLines()).toEqual([]);
  expect(backend.output()).not.toMatch(
    /startup failed|Plugin '.*' threw an error/i,
  );
  // no catalog processing error on any example entity
  expect(backend.output()).not.toMatch(
    /threw an error while|InputError|NotAllowedError/,
  );
  return token;
}

describe('backend on SQLite (make start)', () => {
  const dataDir = createMockDirectory();

  it('boots clean, and a restart keeps its state', async () => {
    const env = {
      APP_CONFIG_backend_database_connection_directory:
        dataDir.resolve('sqlite'),
    };
    const first = await startBackendProcess({ env });
    try {
      const token = await checkHealthyBoot(first);
      const put = await api(
        first,
        token,
        '/api/user-settings/buckets/portal/keys/theme',
        {
          method: 'PUT',
          body: JSON.stringify({ value: 'dark' }),
        },
      );
      expect(put.status).toBe(200);
    } finally {
      await first.stop();
    }
    // one SQLite file per plugin, in the configured (git-ignored) folder
    expect(Object.keys(dataDir.content({ path: 'sqlite' }) ?? {})).toEqual(
      expect.arrayContaining([
        'catalog.sqlite',
        'scaffolder.sqlite',
        'auth.sqlite',
        'user-settings.sqlite',
      ]),
    );

    const second = await startBackendProcess({ env });
    try {
      const token = await readyAndSignedIn(second);
      const get = await api(
        second,
        token,
        '/api/user-settings/buckets/portal/keys/theme',
      );
      expect(get.status).toBe(200);
      expect(await get.json()).toMatchObject({ value: 'dark' });
    } finally {
      await second.stop();
    }
  });
});

describe('backend on PostgreSQL', () => {
  const prefix = `portal_it_${Date.now().toString(36)}_`;
  let backend: BackendProcess | undefined;

  afterAll(async () => {
    await backend?.stop();
    const pg = new Client({ ...pgConnection, database: 'postgres' });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await pg.query(`drop database if exists "${datname}" with (force)`);
    }
    await pg.end();
  });

  it('boots clean and keeps each plugin in its own PostgreSQL database', async () => {
    backend = await startBackendProcess({
      env: {
        APP_CONFIG_backend_database: JSON.stringify({
          client: 'pg',
          prefix,
          connection: pgConnection,
        }),
      },
    });
    await checkHealthyBoot(backend);

    const pg = new Client({ ...pgConnection, database: 'postgres' });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 order by datname`,
        [`${prefix}%`],
      );
      expect(rows.map(r => r.datname.slice(prefix.length))).toEqual(
        expect.arrayContaining([
          'auth',
          'catalog',
          'scaffolder',
          'search',
          'techdocs',
          'user-settings',
        ]),
      );
    } finally {
      await pg.end();
    }

    // the catalog's rows are really in PostgreSQL
    const catalog = new Client({
      ...pgConnection,
      database: `${prefix}catalog`,
    });
    await catalog.connect();
    try {
      const { rows } = await catalog.query(
        `select count(*)::int as n from final_entities where entity_ref = 'component:default/order-service'`,
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await catalog.end();
    }
  });
});
