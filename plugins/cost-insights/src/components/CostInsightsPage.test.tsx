/**
 * jsdom, but modules resolved for Node: the backend (and its AWS SDK
 * client) runs in this process.
 *
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { configure, screen, waitFor } from '@testing-library/react';
import costInsightsPlugin from '..';
import { startCostInsightsBackend } from '../__testUtils__/costInsightsBackend';

/*
 * The wrapped legacy Cost Insights page (@backstage/plugin-cost-insights
 * 0.11.32) in the new frontend system, fed by the real backend: the mock
 * user is in order-squad, whose daily costs it charts.
 */

jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 20_000 });

describe('Cost Insights page', () => {
  let backend: Awaited<ReturnType<typeof startCostInsightsBackend>>;

  beforeAll(async () => {
    backend = await startCostInsightsBackend();
  });
  afterAll(() => backend?.stop());

  it("renders order-squad's costs from the backend", async () => {
    renderTestApp({
      initialRouteEntries: ['/cost-insights'],
      features: [costInsightsPlugin],
      config: {
        backend: { baseUrl: backend.url },
        costInsights: {
          engineerCost: 200000,
          products: { rds: { name: 'Amazon Relational Database Service' } },
        },
      },
      apis: [
        mockApis.discovery({ baseUrl: backend.url }),
        mockApis.identity({
          token: backend.userToken,
          userEntityRef: 'user:default/mock',
        }),
        mockApis.fetch({ injectIdentityAuth: { token: backend.userToken } }),
      ],
    });
    await waitFor(
      () => {
        expect(
          screen.getByRole('heading', { name: 'Cost Overview' }),
        ).toBeInTheDocument();
        // the product panel of costInsights.products (getProductInsights)
        expect(
          screen.getAllByText('Amazon Relational Database Service').length,
        ).toBeGreaterThan(0);
      },
      { timeout: 20_000 },
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const filters = backend.costExplorer.requests.map(r =>
      JSON.stringify(r.body?.Filter ?? {}),
    );
    expect(filters.some(f => f.includes('"Values":["order-squad"]'))).toBe(
      true,
    );
  });
});
