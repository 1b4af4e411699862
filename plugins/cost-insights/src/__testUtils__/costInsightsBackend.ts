import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import costInsightsBackend from '@internal/backstage-plugin-cost-insights-backend';
import {
  CostExplorerStandIn,
  SANDBOX_COST_EXPLORER_CREDENTIALS,
  exampleCostLineItems,
} from 'sandbox';

// jsdom has no setImmediate, which Node's HTTP stack of the AWS SDK (run
// here, in the test's process) uses
if (typeof globalThis.setImmediate === 'undefined') {
  Object.assign(globalThis, {
    setImmediate: (fn: (...a: unknown[]) => void, ...args: unknown[]) =>
      setTimeout(fn, 0, ...args),
    clearImmediate: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
  });
}

/*
 * The real cost-insights backend reading a Cost Explorer stand-in seeded
 * with the example bill, and a catalog with order-service and the mock
 * user (a member of order-squad).
 */

export const orderService = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:order-squad',
    lifecycle: 'production',
  },
});

export async function startCostInsightsBackend() {
  const costExplorer = await CostExplorerStandIn.start();
  const items = exampleCostLineItems();
  costExplorer.seed(items);
  const backend = await startTestBackend({
    features: [
      costInsightsBackend,
      catalogServiceMock.factory({
        entities: [
          orderService({ 'myorg.com/cost-tag': 'service=order-service' }),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'mock', namespace: 'default' },
            spec: {},
            relations: [
              { type: 'memberOf', targetRef: 'group:default/order-squad' },
            ],
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          costInsights: {
            aws: { endpoint: costExplorer.url, accountId: '000000000000' },
            cache: { ttlSeconds: 0 },
            products: {
              rds: { name: 'Amazon Relational Database Service' },
            },
          },
          aws: {
            accounts: [
              {
                accountId: '000000000000',
                ...SANDBOX_COST_EXPLORER_CREDENTIALS,
              },
            ],
          },
        },
      }),
    ],
  });
  return {
    costExplorer,
    items,
    url: `http://localhost:${backend.server.port()}`,
    userToken: mockCredentials.user.token(),
    async stop() {
      await backend.stop();
      await costExplorer.close();
    },
  };
}
