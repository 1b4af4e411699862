import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CostExplorerStandIn,
  SANDBOX_COST_EXPLORER_CREDENTIALS,
  exampleCostLineItems,
} from 'sandbox';
import { costInsightsPlugin } from '../plugin';

/*
 * The real cost-insights backend plugin, reading a Cost Explorer stand-in
 * (over HTTP, SigV4-signed by the AWS SDK) seeded with the example bill,
 * with a catalog of the example entities.
 */

export const ACCOUNT_ID = '000000000000';

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:order-squad',
    lifecycle: 'production',
  },
});

export const ENTITIES: Entity[] = [
  component('order-service', { 'myorg.com/cost-tag': 'service=order-service' }),
  component('no-annotation'),
  component('payment-service', {
    'myorg.com/cost-tag': 'service=payment-service',
  }),
  component('spaced-tag', { 'myorg.com/cost-tag': 'service=order service' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['order-squad'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/order-squad' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'order-squad', namespace: 'default' },
    spec: { type: 'team', profile: { displayName: 'Order Squad' } },
  },
];

export async function startCostInsightsBackend(
  options: { cacheTtlSeconds?: number } = {},
) {
  const costExplorer = await CostExplorerStandIn.start();
  const items = exampleCostLineItems();
  costExplorer.seed(items);
  const backend = await startTestBackend({
    features: [
      costInsightsPlugin,
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          costInsights: {
            aws: {
              region: 'us-east-1',
              endpoint: costExplorer.url,
              accountId: ACCOUNT_ID,
              maxAttempts: 3,
            },
            tagKeys: { team: 'team', service: 'service' },
            cache: { ttlSeconds: options.cacheTtlSeconds ?? 0 },
            products: {
              rds: { name: 'Amazon Relational Database Service' },
              ec2: { name: 'Amazon Elastic Compute Cloud - Compute' },
            },
          },
          aws: {
            accounts: [
              { accountId: ACCOUNT_ID, ...SANDBOX_COST_EXPLORER_CREDENTIALS },
            ],
          },
        },
      }),
    ],
  });
  const url = `http://localhost:${backend.server.port()}/api/cost-insights`;
  return {
    costExplorer,
    items,
    url,
    userToken: mockCredentials.user.token(),
    get: async (path: string) => {
      const res = await fetch(`${url}${path}`, {
        headers: { authorization: mockCredentials.user.header() },
      });
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      await backend.stop();
      await costExplorer.close();
    },
  };
}
