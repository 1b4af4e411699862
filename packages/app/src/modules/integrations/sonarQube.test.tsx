import sonarQubeBackend from '@backstage-community/plugin-sonarqube-backend';
import sonarQubePlugin from '@backstage-community/plugin-sonarqube/alpha';
import { screen } from '@testing-library/react';
import { SonarQubeStandIn } from 'sandbox';
import { sonarQubeModule } from './sonarQube';
import {
  orderService,
  renderEntityExtension,
  startBackend,
} from './__testUtils__/portal';

/*
 * The SonarQube card on order-service (sonarqube.org/project-key), through
 * the SonarQube backend configured as in app-config.yaml, against the
 * SonarQube stand-in.
 */

jest.setTimeout(60_000);

describe('SonarQube card', () => {
  let sonarqube: SonarQubeStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    sonarqube = await SonarQubeStandIn.start();
    sonarqube.seedProject({
      key: 'order-service',
      name: 'Order Service',
      measures: {
        alert_status: 'OK',
        bugs: '2',
        reliability_rating: '3.0',
        vulnerabilities: '0',
        security_rating: '1.0',
        security_hotspots_reviewed: '100.0',
        security_review_rating: '1.0',
        code_smells: '17',
        sqale_rating: '1.0',
        coverage: '81.4',
        duplicated_lines_density: '1.2',
      },
    });
    backend = await startBackend({
      features: [sonarQubeBackend],
      entities: [orderService()],
      config: {
        sonarqube: {
          baseUrl: sonarqube.url,
          apiKey: 'sandbox-sonarqube-token',
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sonarqube?.close();
  });

  const render = () =>
    renderEntityExtension(
      sonarQubePlugin.getExtension('entity-card:sonarqube/card'),
      {
        entity: orderService(),
        backendUrl: backend.url,
        features: [sonarQubePlugin, sonarQubeModule],
      },
    );

  it("shows the project's quality gate and measures", async () => {
    render();
    expect(await screen.findByText('Gate passed')).toBeInTheDocument();
    expect(screen.getByText('81.4%')).toBeInTheDocument();
    expect(screen.getByText('1.2%')).toBeInTheDocument();
    expect(screen.getByText('17')).toBeInTheDocument();
    expect(screen.getByText('View more').closest('a')).toHaveAttribute(
      'href',
      `${sonarqube.url}/dashboard?id=order-service&codeScope=overall`,
    );
  });

  it('shows an error when SonarQube fails', async () => {
    // the card's request, and our client's second look
    sonarqube.failNext('GET', /^\/api\/components\/show$/, 503, undefined, 2);
    render();
    // the backend relays SonarQube's status
    expect(
      await screen.findByText('Request failed with 503 Service Unavailable'),
    ).toBeInTheDocument();
    expect(screen.getByText('No information to display')).toBeInTheDocument();
    expect(screen.queryByText('Gate passed')).toBeNull();
  });
});
