import proxyBackend from '@backstage/plugin-proxy-backend';
import { screen } from '@testing-library/react';
import { PagerDutyStandIn } from 'sandbox';
import { pagerDutyEntityCard, pagerDutyPlugin } from './pagerDuty';
import {
  orderService,
  renderEntityExtension,
  startBackend,
} from './__testUtils__/portal';

/*
 * The PagerDuty card on order-service (pagerduty.com/service-id: PXXXXX):
 * @backstage/plugin-pagerduty's client through the portal's /pagerduty proxy
 * (proxy backend, configured as in app-config.yaml), against the PagerDuty
 * stand-in.
 */

jest.setTimeout(60_000);

describe('PagerDuty card', () => {
  let pagerduty: PagerDutyStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    pagerduty = await PagerDutyStandIn.start();
    const service = pagerduty.seedService({
      id: 'PXXXXX',
      name: 'order-service',
      description: 'Order Service (production)',
    });
    pagerduty.seedIncident({
      serviceId: service.id,
      title: 'p99 latency of POST /orders above 800 ms',
      status: 'acknowledged',
    });
    backend = await startBackend({
      features: [proxyBackend],
      config: {
        proxy: {
          endpoints: {
            '/pagerduty': {
              target: pagerduty.url,
              headers: {
                Authorization: 'Token token=sandbox-pagerduty-token',
                Accept: 'application/vnd.pagerduty+json;version=2',
              },
              allowedMethods: ['GET', 'POST'],
            },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await pagerduty?.close();
  });

  const render = () =>
    renderEntityExtension(pagerDutyEntityCard, {
      entity: orderService(),
      backendUrl: backend.url,
      features: [pagerDutyPlugin],
    });

  it('shows the open incident and who is on call', async () => {
    render();
    expect(
      await screen.findByText('p99 latency of POST /orders above 800 ms'),
    ).toBeInTheDocument();
    expect(screen.getByText('acknowledged')).toBeInTheDocument();
    // on call: the service's escalation policy, level 1 then level 2
    expect(
      await screen.findByText(/riley\.oncall@example\.com/),
    ).toBeInTheDocument();
    expect(screen.getByText(/sam\.backup@example\.com/)).toBeInTheDocument();
  });

  it("shows PagerDuty's error when it fails", async () => {
    pagerduty.failNext('GET', /^\/services\/PXXXXX/, 500);
    render();
    expect(
      await screen.findByText(/Error encountered while fetching information/),
    ).toHaveTextContent(
      'PagerDuty answered 500: An internal error has occurred. PagerDuty team has been notified.',
    );
  });
});
