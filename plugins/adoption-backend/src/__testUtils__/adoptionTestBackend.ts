import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
  type SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { adoptionPlugin } from '../plugin';

/*
 * The adoption plugin in a test backend on a real database, with an
 * in-memory catalog and a scheduler that runs nothing by itself (a test
 * runs a task with `runTask`; `triggerTask` starts it without waiting, as
 * the scheduler does, and refuses while it runs). The adoption permissions
 * are allowed to `user:default/frank` (the platform team) only, except
 * `adoption.read` to `user:default/rita` too; other plugins' service
 * credentials are allowed everything, as the permission framework does.
 */

/**
 * Call at the top of a test file (TestDatabases registers hooks); on
 * PostgreSQL and SQLite unless `ids` says otherwise.
 */
export function adoptionTestDatabases(
  ids: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'],
) {
  return TestDatabases.create({ ids, disableDocker: true });
}

export const PLATFORM_USER_REF = 'user:default/frank';
export const READER_USER_REF = 'user:default/rita';
export const USER_REF = 'user:default/alice';
/** the platform team: may read the adoption figures and refresh them */
export const PLATFORM = mockCredentials.user.header(PLATFORM_USER_REF);
/** may read the adoption figures (`adoption.read`), nothing else */
export const READER = mockCredentials.user.header(READER_USER_REF);
/** anyone else */
export const USER = mockCredentials.user.header(USER_REF);

/** `adoption.pseudonymisation.secret` of the test backends */
export const TEST_PSEUDONYMISATION_SECRET =
  'test-pseudonymisation-secret-0123456789abcdef';

/**
 * The permission decision of the test backends: the platform team and
 * (as the permission framework does) other plugins are allowed; the
 * reader is allowed `adoption.read`.
 */
function decide(credentials: { principal: unknown }, permission: string) {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  const allowed =
    principal.type === 'service' ||
    principal.userEntityRef === PLATFORM_USER_REF ||
    (principal.userEntityRef === READER_USER_REF &&
      permission === 'adoption.read');
  return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
}

export type AdoptionTestBackend = {
  base: string;
  /** fetch /api/adoption + path, as alice unless `as` is given */
  api(path: string, init?: RequestInit & { as?: string }): Promise<Response>;
  json(
    path: string,
    init?: RequestInit & { as?: string },
  ): Promise<{ status: number; body: any }>;
  catalog: ReturnType<typeof catalogServiceMock>;
  /** the plugin's database */
  knex: Knex;
  /** the tasks the plugin scheduled, by id */
  tasks: Map<string, SchedulerServiceTaskInvocationDefinition>;
  /** runs a scheduled task of the plugin once, now (a ConflictError while it runs) */
  runTask(id: string): Promise<void>;
  /** the ids `scheduler.triggerTask` was called with, in order */
  triggered: string[];
  /** waits for the task runs under way (triggered ones included) to end */
  settled(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts the plugin with these catalog entities and `adoption` config
 * (merged over the test pseudonymisation secret).
 */
export async function startAdoptionTestBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  entities?: Entity[];
  adoption?: JsonObject;
  /** more root config */
  config?: JsonObject;
  /** a database already in use (another backend): `knex` of the first */
  knex?: Knex;
  /** more plugins and modules (each other plugin gets a database of its own) */
  features?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
}): Promise<AdoptionTestBackend> {
  const knex =
    options.knex ?? (await options.databases.init(options.databaseId));
  const catalog = catalogServiceMock({ entities: options.entities ?? [] });
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const running = new Map<string, Promise<void>>();
  const triggered: string[] = [];
  /** one run of a task at a time, as the scheduler's lock does */
  const start = (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new NotFoundError(`Task ${id} does not exist`);
    if (running.has(id)) {
      throw new ConflictError(`Task ${id} is currently running`);
    }
    const run = Promise.resolve()
      .then(() => task.fn(new AbortController().signal))
      .finally(() => running.delete(id));
    running.set(id, run);
    return run;
  };
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      tasks.set(task.id, task);
    },
    triggerTask: async id => {
      triggered.push(id);
      // the scheduler logs a failed run; the trigger succeeded
      start(id).catch(() => {});
    },
  });
  const backend = await startTestBackend({
    features: [
      adoptionPlugin,
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: async ({ plugin }) => {
          const client =
            plugin.getId() === 'adoption'
              ? knex
              : await options.databases.init(options.databaseId);
          return { getClient: async () => client };
        },
      }),
      scheduler.factory,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      mockServices.permissions.mock({
        authorize: async (requests, opts) =>
          requests.map(r => ({
            result: decide(opts.credentials, r.permission.name),
          })),
        authorizeConditional: async (requests, opts) =>
          requests.map(r => ({
            result: decide(opts.credentials, r.permission.name),
          })),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          adoption: {
            pseudonymisation: { secret: TEST_PSEUDONYMISATION_SECRET },
            ...options.adoption,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const { port } = backend.server.address() as { port: number };
  const base = `http://localhost:${port}`;
  const api = (path: string, init: RequestInit & { as?: string } = {}) =>
    fetch(`${base}/api/adoption${path}`, {
      ...init,
      headers: {
        authorization: init.as ?? USER,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  return {
    base,
    api,
    json: async (path, init) => {
      const res = await api(path, init);
      return { status: res.status, body: await res.json() };
    },
    catalog,
    knex,
    tasks,
    runTask: id => start(id),
    triggered,
    settled: async () => {
      await Promise.allSettled([...running.values()]);
    },
    stop: () => backend.stop(),
  };
}
