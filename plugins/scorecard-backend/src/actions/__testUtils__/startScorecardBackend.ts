import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scorecardPlugin } from '../../plugin';

/**
 * The scorecard plugin in a test backend on SQLite, with an in-memory
 * catalog and checks that need no remote evidence: what the actions'
 * tests call through the actions registry's HTTP API, as the MCP server
 * does, and through the scorecard API they must agree with.
 */

export const APP_BASE_URL = 'https://portal.example.com';

export const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, uid: `uid-${name}`, etag: `etag-${name}`, annotations },
  spec: { type: 'service', lifecycle: 'production', owner },
});

export const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, uid: `uid-${name}`, etag: `etag-${name}` },
  spec: { type: 'team', children: [] },
});

const ALICE = mockCredentials.user.header('user:default/alice');

/** Call at the top of a test file (TestDatabases registers hooks). */
export function scorecardTestDatabases() {
  return TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
}

export async function startScorecardBackend(
  databases: TestDatabases,
  entities: Entity[],
) {
  const knex = await databases.init('SQLITE_3');
  const backend = await startTestBackend({
    features: [
      scorecardPlugin,
      mockServices.database.factory({ knex }),
      // the real scheduler: the full evaluation runs at startup, as in
      // production, so that the team's entities are known
      schedulerServiceFactory,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: APP_BASE_URL },
          scorecard: {
            checks: [
              {
                id: 'has-owner',
                type: 'entity-field',
                title: 'Has owner group defined',
                dimension: 'Ownership',
                params: { field: 'spec.owner', refKind: 'group' },
              },
              {
                id: 'pagerduty-service',
                type: 'annotation',
                title: 'Has PagerDuty service',
                dimension: 'On-Call',
                howToFix:
                  '/docs/default/component/developer-portal/scorecards/#2-on-call',
                params: { annotation: 'pagerduty.com/service-id' },
              },
              {
                id: 'runbook',
                type: 'annotation',
                title: 'Has a runbook',
                dimension: 'Documentation',
                howToFix: 'https://wiki.example.com/runbooks',
                params: { annotation: 'myorg.com/runbook' },
              },
            ],
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 1 },
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as { port: number };
  const base = `http://localhost:${port}/api/scorecard`;

  const request = async (
    path: string,
    init: RequestInit & { as?: string } = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: init.as ?? ALICE,
        'content-type': 'application/json',
      },
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };

  // the startup evaluation has run: every scored entity is listed
  const scored = entities.filter(e => e.kind === 'Component').length;
  for (const deadline = Date.now() + 30_000; ; ) {
    const { body } = await request('/v1/entities?limit=1000');
    if (body.items?.length === scored) break;
    if (Date.now() > deadline) {
      throw new Error(`startup evaluation: ${JSON.stringify(body)}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }

  return {
    /** the scorecard API */
    api: request,
    /** an action, invoked the way the MCP server's actions service does */
    invoke: (action: string, input: unknown) =>
      request(`/.backstage/actions/v1/actions/scorecard:${action}/invoke`, {
        method: 'POST',
        body: JSON.stringify(input),
      }),
    /** an action's examples, as the actions registry lists them */
    examples: async (action: string) => {
      const { body } = await request('/.backstage/actions/v1/actions');
      const listed = (body.actions ?? []).find(
        (a: { id: string }) => a.id === `scorecard:${action}`,
      );
      if (!listed) throw new Error(`scorecard:${action} is not listed`);
      return listed.examples as { title: string; input: unknown }[];
    },
    stop: () => backend.stop(),
  };
}
