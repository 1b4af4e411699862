/**
 * jsdom, but modules resolved for Node: the backend (and its AWS SDK
 * client) runs in this process.
 *
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
import type { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { configure, screen } from '@testing-library/react';
import costInsightsPlugin, { entityCostCard } from '../..';
import {
  orderService,
  startCostInsightsBackend,
} from '../../__testUtils__/costInsightsBackend';

/*
 * The cost card rendered for order-service, calling the real cost-insights
 * backend in front of the Cost Explorer stand-in.
 */

jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 10_000 });

const usd = (amount: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
    amount,
  );

function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

describe('EntityCostCard', () => {
  let backend: Awaited<ReturnType<typeof startCostInsightsBackend>>;

  beforeAll(async () => {
    backend = await startCostInsightsBackend();
  });
  afterAll(() => backend?.stop());
  afterEach(() => backend.costExplorer.clearFaults());

  const render = (entity: Entity) =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        {createExtensionTester(entityCostCard).reactElement()}
      </EntityProvider>,
      {
        features: [costInsightsPlugin],
        config: { backend: { baseUrl: backend.url } },
        apis: [
          mockApis.discovery({ baseUrl: backend.url }),
          mockApis.identity({ token: backend.userToken }),
          mockApis.fetch({ injectIdentityAuth: { token: backend.userToken } }),
        ],
      },
    );

  const annotated = orderService({
    'myorg.com/cost-tag': 'service=order-service',
  });

  it("shows order-service's last 30 days, the change and the top 3 products", async () => {
    const mine = backend.items.filter(i => i.tags.service === 'order-service');
    const total = (from: string, to: string, product?: string) =>
      mine
        .filter(
          i =>
            i.date >= from &&
            i.date < to &&
            (!product || i.service === product),
        )
        .reduce((s, i) => s + i.unblendedCost, 0);
    const current = total(day(-30), day(0));
    const previous = total(day(-60), day(-30));

    await render(annotated);
    expect(
      await screen.findByText(`Cost, last 30 days: ${usd(current)}`),
    ).toBeInTheDocument();
    const change = screen.getByLabelText('change against the previous 30 days');
    expect(change).toHaveTextContent(
      `▲ ${(((current - previous) / previous) * 100).toFixed(1)}% (+${usd(
        current - previous,
      )}) vs the previous 30 days (${usd(previous)})`,
    );
    const products = screen.getByRole('list', { name: 'top products' });
    const items = products.querySelectorAll('li');
    expect([...items].map(li => li.textContent)).toEqual([
      `Amazon Relational Database Service${usd(
        total(day(-30), day(0), 'Amazon Relational Database Service'),
      )}`,
      `Amazon Elastic Compute Cloud - Compute${usd(
        total(day(-30), day(0), 'Amazon Elastic Compute Cloud - Compute'),
      )}`,
      `Amazon Simple Storage Service${usd(
        total(day(-30), day(0), 'Amazon Simple Storage Service'),
      )}`,
    ]);
  });

  it.each([
    [
      'LimitExceededException',
      3,
      /AWS Cost Explorer is throttling the portal: .*after 3 attempts/,
    ],
    [
      'AccessDeniedException',
      1,
      /AWS Cost Explorer refused the portal: .*AccessDeniedException.*ce:GetCostAndUsage/,
    ],
    [
      'DataUnavailableException',
      1,
      /AWS Cost Explorer has no data yet: .*DataUnavailableException/,
    ],
  ] as const)('shows %s on the card', async (type, times, message) => {
    backend.costExplorer.failNextCall(type, { times });
    await render(annotated);
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.queryByText(/Cost, last 30 days/)).not.toBeInTheDocument();
  });

  it('explains a malformed cost tag, without asking the backend', async () => {
    const before = backend.costExplorer.requests.length;
    await render(
      orderService({ 'myorg.com/cost-tag': 'service=order service' }),
    );
    expect(
      await screen.findByText(/The cost tag cannot be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/the value "order service" contains spaces/),
    ).toBeInTheDocument();
    expect(backend.costExplorer.requests.length).toBe(before);
  });
});
