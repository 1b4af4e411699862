import { GrafanaStandIn } from './GrafanaStandIn';

describe('GrafanaStandIn', () => {
  let grafana: GrafanaStandIn;

  beforeEach(async () => {
    grafana = await GrafanaStandIn.start();
    grafana.seedDashboard({
      title: 'Order Service RED',
      tags: ['order-service', 'red'],
      folder: 'Order Squad',
    });
    grafana.seedDashboard({ title: 'Payment Service RED', tags: ['red'] });
    grafana.seedAlertRule({
      title: 'Order Service p99 latency',
      labels: { service: 'order-service' },
      instances: ['Alerting', 'Normal'],
    });
  });

  afterEach(() => grafana.close());

  async function get(
    path: string,
    authorization: string | null = 'Bearer sandbox-grafana-token',
  ) {
    const res = await fetch(`${grafana.url}${path}`, {
      headers: authorization ? { authorization } : {},
    });
    return { status: res.status, body: await res.json() };
  }

  it('searches dashboards by tag and text, pages counted from 1', async () => {
    const byTag = await get('/api/search?type=dash-db&tag=red&limit=1&page=0');
    expect(byTag.body).toEqual([
      {
        id: 1,
        uid: 'order-service-red',
        title: 'Order Service RED',
        uri: 'db/order-service-red',
        url: '/d/order-service-red/order-service-red',
        slug: '',
        type: 'dash-db',
        tags: ['order-service', 'red'],
        isStarred: false,
        folderId: 2,
        folderUid: 'order-squad',
        folderTitle: 'Order Squad',
        folderUrl: '/dashboards/f/order-squad/order-squad',
        sortMeta: 0,
      },
    ]);
    const second = await get('/api/search?type=dash-db&tag=red&limit=1&page=2');
    expect(second.body.map((d: { title: string }) => d.title)).toEqual([
      'Payment Service RED',
    ]);
    const text = await get('/api/search?query=payment');
    expect(text.body).toHaveLength(1);
    expect((await get('/api/search?type=dash-folder')).body).toEqual([]);
  });

  it('lists unified alert rules by folder, and their instances', async () => {
    const rules = await get('/api/ruler/grafana/api/v1/rules');
    expect(Object.keys(rules.body)).toEqual(['Services']);
    expect(rules.body.Services[0].rules[0]).toMatchObject({
      labels: { service: 'order-service' },
      grafana_alert: { title: 'Order Service p99 latency' },
    });
    const alerts = await get('/api/prometheus/grafana/api/v1/alerts');
    expect(
      alerts.body.data.alerts.map((a: { state: string; labels: any }) => [
        a.labels.alertname,
        a.state,
      ]),
    ).toEqual([
      ['Order Service p99 latency', 'Alerting'],
      ['Order Service p99 latency', 'Normal'],
    ]);
  });

  it("answers bad tokens and injected failures with Grafana's bodies", async () => {
    expect(await get('/api/search', 'Bearer nope')).toEqual({
      status: 401,
      body: {
        message: 'Invalid API key',
        messageId: 'api-keys.invalid',
        statusCode: 401,
        traceID: '',
      },
    });
    expect((await get('/api/health', null)).status).toBe(200);
    grafana.failNext('GET', /^\/api\/search$/, 502);
    expect(await get('/api/search')).toEqual({
      status: 502,
      body: { message: 'Bad Gateway', traceID: '' },
    });
    expect((await get('/api/search')).status).toBe(200);
  });
});
