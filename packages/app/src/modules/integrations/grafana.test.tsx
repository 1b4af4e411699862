import grafanaPlugin from '@backstage-community/plugin-grafana/alpha';
import proxyBackend from '@backstage/plugin-proxy-backend';
import { screen } from '@testing-library/react';
import { GrafanaStandIn } from 'sandbox';
import {
  orderService,
  renderEntityExtension,
  startBackend,
} from './__testUtils__/portal';

/*
 * The Grafana dashboards and alerts cards on order-service
 * (grafana/dashboard-selector, grafana/alert-label-selector), through the
 * portal's /grafana/api proxy (proxy backend, as in app-config.yaml),
 * against the Grafana stand-in with unified alerting.
 */

jest.setTimeout(60_000);

describe('Grafana cards', () => {
  let grafana: GrafanaStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    grafana = await GrafanaStandIn.start();
    grafana.seedDashboard({
      title: 'Order Service RED',
      tags: ['order-service'],
      folder: 'Order Squad',
    });
    grafana.seedDashboard({
      title: 'Order Service Saturation',
      tags: ['order-service'],
    });
    grafana.seedAlertRule({
      title: 'Order Service p99 latency above 800 ms',
      labels: { service: 'order-service' },
      instances: ['Alerting'],
    });
    grafana.seedAlertRule({
      title: 'Order Service 5xx ratio above 1%',
      labels: { service: 'order-service' },
      instances: ['Normal'],
    });
    grafana.seedAlertRule({
      title: 'Payment Service 5xx ratio above 1%',
      labels: { service: 'payment-service' },
    });
    backend = await startBackend({
      features: [proxyBackend],
      config: {
        proxy: {
          endpoints: {
            '/grafana/api': {
              target: grafana.url,
              headers: { Authorization: 'Bearer sandbox-grafana-token' },
              allowedMethods: ['GET'],
            },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await grafana?.close();
  });

  const render = (card: 'dashboards' | 'alerts') =>
    renderEntityExtension(
      grafanaPlugin.getExtension(`entity-card:grafana/${card}`),
      {
        entity: orderService(),
        backendUrl: backend.url,
        features: [grafanaPlugin],
        config: {
          grafana: {
            domain: 'https://grafana.example.com',
            unifiedAlerting: true,
          },
        },
      },
    );

  it("lists the dashboards of the entity's selector, linked to Grafana", async () => {
    render('dashboards');
    const red = await screen.findByText('Order Service RED');
    expect(red.closest('a')).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/order-service-red/order-service-red',
    );
    expect(screen.getByText('Order Squad')).toBeInTheDocument();
    // title == 'Order Service RED' selects one of the two
    expect(screen.queryByText('Order Service Saturation')).toBeNull();
  });

  it('lists the alert rules of the label selector', async () => {
    render('alerts');
    expect(
      await screen.findByText('Order Service p99 latency above 800 ms'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Order Service 5xx ratio above 1%'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Payment Service/)).toBeNull();
  });

  it('shows an error when Grafana fails', async () => {
    grafana.failNext('GET', /^\/api\/search$/, 502);
    render('dashboards');
    expect(
      await screen.findByText('Request failed with 502 Bad Gateway'),
    ).toBeInTheDocument();
    grafana.failNext('GET', /^\/api\/ruler\//, 500);
    render('alerts');
    expect(
      await screen.findByText('Request failed with 500 Internal Server Error'),
    ).toBeInTheDocument();
  });
});
