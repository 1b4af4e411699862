import type { CostLineItem } from 'sandbox';
import { startCostInsightsBackend } from './__testUtils__/costInsightsBackend';

/*
 * The backend plugin (startTestBackend) against the Cost Explorer stand-in
 * over HTTP, through the real AWS SDK client: the numbers are checked
 * against the seeded bill.
 */

jest.setTimeout(60_000);

function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

const sum = (items: CostLineItem[]) =>
  items.reduce((s, i) => s + i.unblendedCost, 0);

describe('cost-insights backend', () => {
  let backend: Awaited<ReturnType<typeof startCostInsightsBackend>>;

  beforeAll(async () => {
    backend = await startCostInsightsBackend();
  });
  afterAll(() => backend?.stop());
  afterEach(() => backend.costExplorer.clearFaults());

  const seeded = (
    tag: [string, string],
    from: string,
    to: string,
    service?: string,
  ) =>
    backend.items.filter(
      i =>
        i.tags[tag[0]] === tag[1] &&
        i.date >= from &&
        i.date < to &&
        (!service || i.service === service),
    );

  it("sums order-service's last 30 days against the 30 before, per product", async () => {
    const { status, body } = await backend.get(
      '/entity/component/default/order-service/summary',
    );
    expect(status).toBe(200);
    const tag: [string, string] = ['service', 'order-service'];
    const current = sum(seeded(tag, day(-30), day(0)));
    const previous = sum(seeded(tag, day(-60), day(-30)));
    expect(body.tag).toEqual({ key: 'service', value: 'order-service' });
    expect(body.currency).toBe('USD');
    expect(body.current).toEqual({
      start: day(-30),
      end: day(0),
      amount: expect.closeTo(current, 4),
    });
    expect(body.previous.amount).toBeCloseTo(previous, 4);
    expect(body.change.amount).toBeCloseTo(current - previous, 4);
    expect(body.change.ratio).toBeCloseTo((current - previous) / previous, 5);
    // the seeded bill grows every day
    expect(body.change.ratio).toBeGreaterThan(0.05);
    expect(body.topProducts.map((p: any) => p.product)).toEqual([
      'Amazon Relational Database Service',
      'Amazon Elastic Compute Cloud - Compute',
      'Amazon Simple Storage Service',
      'AmazonCloudWatch',
    ]);
    expect(body.topProducts[0].amount).toBeCloseTo(
      sum(seeded(tag, day(-30), day(0), 'Amazon Relational Database Service')),
      4,
    );
    expect(body.daily).toHaveLength(30);
    expect(body.daily[29].date).toBe(day(-1));
    expect(body.daily[29].amount).toBeCloseTo(
      sum(seeded(tag, day(-1), day(0))),
      4,
    );
    // one GetCostAndUsage, filtered on the tag, grouped by AWS service
    const request = backend.costExplorer.requests.at(-1)!;
    expect(request.accessKeyId).toBe('SANDBOXCOSTEXPLORER');
    expect(request.body).toMatchObject({
      TimePeriod: { Start: day(-60), End: day(0) },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      Filter: { Tags: { Key: 'service', Values: ['order-service'] } },
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    });
  });

  it('uses service=<entity name> without the annotation', async () => {
    const { status, body } = await backend.get(
      '/entity/component/default/no-annotation/summary',
    );
    expect(status).toBe(200);
    expect(body.tag).toEqual({ key: 'service', value: 'no-annotation' });
    expect(body.current.amount).toBe(0);
    expect(body.change.ratio).toBeUndefined();
    expect(body.topProducts).toEqual([]);
  });

  it('answers 400 with the reason for a malformed cost tag', async () => {
    const before = backend.costExplorer.requests.length;
    const { status, body } = await backend.get(
      '/entity/component/default/spaced-tag/summary',
    );
    expect(status).toBe(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toMatch(
      /^myorg\.com\/cost-tag must be one cost-allocation tag as key=value without spaces .*the value "order service" contains spaces/,
    );
    expect(backend.costExplorer.requests.length).toBe(before);
  });

  it('answers 404 for an entity not in the catalog', async () => {
    const { status, body } = await backend.get(
      '/entity/component/default/nope/summary',
    );
    expect(status).toBe(404);
    expect(body.error.message).toMatch(/No entity component:default\/nope/);
  });

  it('answers 429 when Cost Explorer throttles past the SDK retries', async () => {
    backend.costExplorer.failNextCall('LimitExceededException', { times: 3 });
    const { status, body } = await backend.get(
      '/entity/component/default/order-service/summary',
    );
    expect(status).toBe(429);
    expect(body.error.message).toBe(
      'AWS Cost Explorer is throttling the portal (LimitExceededException) after 3 attempts; try again in a minute',
    );
  });

  it('retries throttling and answers when Cost Explorer recovers', async () => {
    backend.costExplorer.failNextCall('LimitExceededException', { times: 2 });
    const { status } = await backend.get(
      '/entity/component/default/payment-service/summary',
    );
    expect(status).toBe(200);
  });

  it("answers 502 when Cost Explorer refuses the portal's role", async () => {
    backend.costExplorer.failNextCall('AccessDeniedException');
    const { status, body } = await backend.get(
      '/entity/component/default/order-service/summary',
    );
    expect(status).toBe(502);
    expect(body.error.message).toMatch(
      /^AWS Cost Explorer refused the portal's credentials \(AccessDeniedException\): User: .* is not authorized to perform: ce:GetCostAndUsage/,
    );
  });

  it('answers 503 when Cost Explorer has no data yet', async () => {
    backend.costExplorer.failNextCall('DataUnavailableException');
    const { status, body } = await backend.get(
      '/entity/component/default/order-service/summary',
    );
    expect(status).toBe(503);
    expect(body.error.message).toMatch(
      /^AWS Cost Explorer has no data for this period yet \(DataUnavailableException\)/,
    );
  });

  it("lists the user's groups and the team's services", async () => {
    expect((await backend.get('/users/alice/groups')).body).toEqual([
      { id: 'order-squad', name: 'Order Squad' },
    ]);
    expect((await backend.get('/users/nobody/groups')).body).toEqual([]);
    expect((await backend.get('/groups/order-squad/projects')).body).toEqual([
      { id: 'inventory-service', name: 'inventory-service' },
      { id: 'order-service', name: 'order-service' },
      { id: 'order-worker', name: 'order-worker' },
      { id: 'storefront-bff', name: 'storefront-bff' },
    ]);
    expect((await backend.get('/last-complete-billing-date')).body).toEqual({
      date: day(-1),
    });
  });

  it("answers the legacy page's daily costs of a team, by product and service", async () => {
    const end = day(0);
    const { status, body } = await backend.get(
      `/groups/order-squad/daily-cost?intervals=R2/P30D/${end}`,
    );
    expect(status).toBe(200);
    expect(body.id).toBe('order-squad');
    expect(body.aggregation).toHaveLength(60);
    expect(body.aggregation[0].date).toBe(day(-60));
    const tag: [string, string] = ['team', 'order-squad'];
    const total = body.aggregation.reduce(
      (s: number, a: any) => s + a.amount,
      0,
    );
    expect(total).toBeCloseTo(sum(seeded(tag, day(-60), end)), 3);
    const previous = sum(seeded(tag, day(-60), day(-30)));
    const current = sum(seeded(tag, day(-30), end));
    expect(body.change.ratio).toBeCloseTo((current - previous) / previous, 5);
    expect(body.trendline.slope).toBeGreaterThan(0);
    expect(Object.keys(body.groupedCosts)).toEqual(['product', 'project']);
    const projects = body.groupedCosts.project.map((c: any) => c.id).sort();
    expect(projects).toEqual([
      'inventory-service',
      'order-service',
      'order-worker',
      'storefront-bff',
    ]);
    const dynamo = body.groupedCosts.product.find(
      (c: any) => c.id === 'Amazon DynamoDB',
    );
    expect(
      dynamo.aggregation.reduce((s: number, a: any) => s + a.amount, 0),
    ).toBeCloseTo(sum(seeded(tag, day(-60), end, 'Amazon DynamoDB')), 3);
  });

  it("answers a product's insights per service for the two periods", async () => {
    const end = day(0);
    const { status, body } = await backend.get(
      `/products/rds/insights?group=order-squad&intervals=R2/P30D/${end}`,
    );
    expect(status).toBe(200);
    const rds = 'Amazon Relational Database Service';
    const tag: [string, string] = ['team', 'order-squad'];
    expect(body.id).toBe('rds');
    expect(body.aggregation[0]).toBeCloseTo(
      sum(seeded(tag, day(-60), day(-30), rds)),
      3,
    );
    expect(body.aggregation[1]).toBeCloseTo(
      sum(seeded(tag, day(-30), end, rds)),
      3,
    );
    expect(body.entities.service.map((e: any) => e.id)).toEqual([
      'order-service',
    ]);
    const unknown = await backend.get(
      `/products/lambda/insights?group=order-squad&intervals=R2/P30D/${end}`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown product "lambda"/);
  });

  it('refuses malformed intervals and names as 400', async () => {
    const bad = await backend.get(
      '/groups/order-squad/daily-cost?intervals=last-month',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /^Invalid query: intervals: must be an ISO 8601 repeating interval/,
    );
    const spaced = await backend.get(
      '/projects/order%20service/daily-cost?intervals=R2/P30D/2026-01-01',
    );
    expect(spaced.status).toBe(400);
    expect(spaced.body.error.message).toMatch(/must be a name without spaces/);
  });
});

describe('cost-insights backend cache', () => {
  it('asks Cost Explorer once for the same question, and again after an error', async () => {
    const backend = await startCostInsightsBackend({ cacheTtlSeconds: 60 });
    try {
      const path = '/entity/component/default/order-service/summary';
      backend.costExplorer.failNextCall('AccessDeniedException');
      expect((await backend.get(path)).status).toBe(502);
      expect((await backend.get(path)).status).toBe(200);
      expect((await backend.get(path)).status).toBe(200);
      expect(
        backend.costExplorer.requests.map(r => r.errorType ?? r.status),
      ).toEqual(['AccessDeniedException', 200]);
    } finally {
      await backend.stop();
    }
  });
});
