import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
  type CacheService,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  type NotificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { scorecardPlugin } from '../plugin';

/*
 * The scorecard plugin in a test backend on a real database, with an
 * in-memory catalog and the real scheduler: what every integration test of
 * the plugin (its API, the actions, campaigns, roll-ups, pushed results,
 * exemption requests, notifications) starts. Everyone may do everything
 * except `user:default/outsider`, whom the permission mock denies.
 */

/**
 * Call at the top of a test file (TestDatabases registers hooks); on
 * PostgreSQL and SQLite unless `ids` says otherwise.
 */
export function scorecardTestDatabases(
  ids: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'],
) {
  return TestDatabases.create({ ids, disableDocker: true });
}

export const USER = mockCredentials.user.header('user:default/alice');
export const OUTSIDER = mockCredentials.user.header('user:default/outsider');

/** a catalog entity with what scoring and placement read */
export function entity(
  kind: string,
  name: string,
  spec: JsonObject = {},
  metadata: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      uid: `uid-${kind}-${name}`,
      etag: `etag-${kind}-${name}-1`,
      ...metadata,
    },
    spec,
  };
}

/** has-owner: spec.owner names a group */
export const HAS_OWNER_CHECK = {
  id: 'has-owner',
  type: 'entity-field',
  title: 'Has owner group defined',
  dimension: 'Ownership',
  params: { field: 'spec.owner', refKind: 'group' },
};

/** pagerduty-service: the pagerduty.com/service-id annotation */
export const PAGERDUTY_CHECK = {
  id: 'pagerduty-service',
  type: 'annotation',
  title: 'Has PagerDuty service',
  dimension: 'On-Call',
  howToFix: '/docs/scorecards#pagerduty',
  params: { annotation: 'pagerduty.com/service-id' },
};

/** Checks that need no remote evidence: owner, PagerDuty, TechDocs. */
export const BASIC_CHECKS = [
  HAS_OWNER_CHECK,
  PAGERDUTY_CHECK,
  {
    id: 'techdocs',
    type: 'annotation',
    title: 'TechDocs configured',
    dimension: 'Documentation',
    params: { annotation: 'backstage.io/techdocs-ref' },
  },
];

export const BASIC_LEVELS = [
  { name: 'Bronze', checks: ['has-owner'] },
  { name: 'Silver', checks: ['pagerduty-service'] },
  { name: 'Gold', checks: ['techdocs'] },
];

export type ScorecardTestBackend = {
  base: string;
  /** fetch /api/scorecard + path, as alice unless `as` is given */
  api(path: string, init?: RequestInit & { as?: string }): Promise<Response>;
  json(
    path: string,
    init?: RequestInit & { as?: string },
  ): Promise<{ status: number; body: any }>;
  catalog: ReturnType<typeof catalogServiceMock>;
  /** the plugin's database */
  knex: Knex;
  stop(): Promise<void>;
};

/**
 * Starts the plugin with these entities and `scorecard` config (merged over
 * BASIC_CHECKS/BASIC_LEVELS, a full run once at startup (the real scheduler
 * only takes triggers once a task's initial delay is over) and change
 * detection every second).
 */
export async function startScorecardTestBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  entities: Entity[];
  scorecard?: JsonObject;
  /** more root config (app.baseUrl, kubernetes, backend.auth, ...) */
  config?: JsonObject;
  features?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  /** a database already in use (a second replica): `knex` of the first */
  knex?: Knex;
  /** the portal's notifications; default: one that sends nothing */
  notifications?: NotificationService;
  /**
   * the plugin's cache (coreServices.cache): one shared by replicas, as
   * Redis is in production; default: a memory cache of this backend's own
   */
  cache?: CacheService;
}): Promise<ScorecardTestBackend> {
  const knex =
    options.knex ?? (await options.databases.init(options.databaseId));
  const catalog = catalogServiceMock({ entities: options.entities });
  const backend = await startTestBackend({
    features: [
      scorecardPlugin,
      mockServices.database.factory({ knex }),
      schedulerServiceFactory,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => options.notifications ?? { send: async () => {} },
      }),
      mockServices.permissions.mock({
        authorize: async (requests, opts) =>
          requests.map(() => ({
            result:
              (opts.credentials.principal as any).userEntityRef ===
              'user:default/outsider'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          scorecard: {
            checks: BASIC_CHECKS,
            levels: BASIC_LEVELS,
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 1 },
            },
            changeDetection: {
              frequency: { seconds: 1 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 1 },
            },
            ...options.scorecard,
          },
        },
      }),
      ...(options.cache
        ? [
            createServiceFactory({
              service: coreServices.cache,
              deps: {},
              factory: () => options.cache!,
            }),
          ]
        : []),
      ...(options.features ?? []),
    ],
  });
  const { port } = backend.server.address() as { port: number };
  const base = `http://localhost:${port}`;
  const api = (path: string, init: RequestInit & { as?: string } = {}) =>
    fetch(`${base}/api/scorecard${path}`, {
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
    stop: () => backend.stop(),
  };
}

/** polls fn until ok(value) or 30 s pass; returns the last value */
export async function poll<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise(r => setTimeout(r, 200));
  }
}
