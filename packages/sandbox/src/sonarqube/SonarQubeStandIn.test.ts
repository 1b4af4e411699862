import { SonarQubeStandIn } from './SonarQubeStandIn';

describe('SonarQubeStandIn', () => {
  let sonar: SonarQubeStandIn;
  const basic = `Basic ${Buffer.from('sandbox-sonarqube-token:').toString(
    'base64',
  )}`;

  beforeEach(async () => {
    sonar = await SonarQubeStandIn.start();
    sonar.seedProject({
      key: 'order-service',
      name: 'Order Service',
      analysisDate: new Date('2026-01-15T10:20:30Z'),
      measures: { alert_status: 'ERROR', bugs: '3', coverage: '64.5' },
    });
  });

  afterEach(() => sonar.close());

  async function get(path: string, authorization: string | null = basic) {
    const res = await fetch(`${sonar.url}${path}`, {
      headers: authorization ? { authorization } : {},
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  it('shows a project with its last analysis', async () => {
    expect(await get('/api/components/show?component=order-service')).toEqual({
      status: 200,
      body: {
        component: {
          key: 'order-service',
          name: 'Order Service',
          qualifier: 'TRK',
          analysisDate: '2026-01-15T10:20:30+0000',
          visibility: 'private',
        },
        ancestors: [],
      },
    });
  });

  it('pages through the metric definitions', async () => {
    const first = await get('/api/metrics/search?ps=5&p=1');
    expect(first.body.metrics).toHaveLength(5);
    expect(first.body.total).toBe(12);
    const last = await get('/api/metrics/search?ps=5&p=3');
    expect(last.body.metrics.map((m: { key: string }) => m.key)).toEqual([
      'duplicated_lines_density',
      'ncloc',
    ]);
  });

  it('returns the measures asked for, and refuses unknown metrics', async () => {
    const measures = await get(
      '/api/measures/component?component=order-service&metricKeys=alert_status,coverage,sqale_rating',
    );
    expect(measures.body.component.measures).toEqual([
      { metric: 'alert_status', value: 'ERROR' },
      { metric: 'coverage', value: '64.5' },
    ]);
    expect(
      await get(
        '/api/measures/component?component=order-service&metricKeys=nope',
      ),
    ).toEqual({
      status: 404,
      body: {
        errors: [{ msg: 'The following metric keys are not found: nope' }],
      },
    });
  });

  it('answers unknown projects, tokens and injected failures as SonarQube does', async () => {
    expect(await get('/api/components/show?component=nope')).toEqual({
      status: 404,
      body: { errors: [{ msg: "Component key 'nope' not found" }] },
    });
    expect(await get('/api/components/show?component=x', null)).toEqual({
      status: 401,
      body: undefined,
    });
    expect(
      (
        await get(
          '/api/components/show?component=order-service',
          'Bearer sandbox-sonarqube-token',
        )
      ).status,
    ).toBe(200);
    sonar.failNext('GET', /^\/api\/components\/show$/, 503);
    expect(
      (await get('/api/components/show?component=order-service')).status,
    ).toBe(503);
    expect(
      (await get('/api/components/show?component=order-service')).status,
    ).toBe(200);
  });
});
