import type { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  HAS_OWNER_CHECK,
  PAGERDUTY_CHECK,
  poll,
  scorecardTestDatabases as onDatabases,
  startScorecardTestBackend,
} from '../../__testUtils__/scorecardTestBackend';

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

/** Call at the top of a test file (TestDatabases registers hooks). */
export function scorecardTestDatabases() {
  return onDatabases(['SQLITE_3']);
}

/** the plugin's default levels, with the checks that exist */
const LEVELS = [
  { name: 'Bronze', checks: ['has-owner', 'pagerduty-service'] },
  { name: 'Silver', checks: ['runbook'] },
];

export async function startScorecardBackend(
  databases: TestDatabases,
  entities: Entity[],
  options: { levels?: Array<{ name: string; checks: string[] }> } = {},
) {
  const backend = await startScorecardTestBackend({
    databases,
    databaseId: 'SQLITE_3',
    entities,
    config: { app: { baseUrl: APP_BASE_URL } },
    scorecard: {
      checks: [
        HAS_OWNER_CHECK,
        {
          ...PAGERDUTY_CHECK,
          howToFix:
            '/docs/default/component/developer-portal/scorecards/#2-on-call',
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
      levels: options.levels ?? LEVELS,
    },
  });

  const request = async (
    path: string,
    init: RequestInit & { as?: string } = {},
  ) => {
    const res = await backend.api(path, init);
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };

  // the startup evaluation has run: every scored entity is listed
  const scored = entities.filter(e => e.kind === 'Component').length;
  const startup = await poll(
    () => request('/v1/entities?limit=1000'),
    ({ body }) => body.items?.length === scored,
  );
  if (startup.body.items?.length !== scored) {
    throw new Error(`startup evaluation: ${JSON.stringify(startup.body)}`);
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
