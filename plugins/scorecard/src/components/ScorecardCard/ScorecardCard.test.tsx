import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { EntityScorecard } from '@internal/backstage-plugin-scorecard-common';
import { screen, within } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { ScorecardCard } from './ScorecardCard';
import {
  exemptionRequest,
  exemptionRequestsApi,
} from '../ExemptionRequests/__testUtils__/exemptionRequestsApi';
import { campaignsApi } from '../Campaigns/__testUtils__/campaignsApi';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'order-squad' },
};

const check = (
  id: string,
  title: string,
  status: 'passed' | 'failed' | 'unknown',
  detail: string,
  extra: object = {},
) => ({
  id,
  title,
  dimension: 'security' as const,
  description: '',
  howToFix: `/docs/scorecards#${id}`,
  status,
  passed: status === 'passed',
  detail,
  exempt: false,
  evaluatedAt: '2026-11-28T10:00:00Z',
  ...extra,
});

const scorecard: EntityScorecard = {
  entityRef: 'component:default/order-service',
  score: { passed: 1, total: 3 },
  level: 'Bronze',
  evaluatedAt: '2026-11-28T10:00:00Z',
  checks: [
    check('image-signed', 'Image signed', 'passed', 'Cosign signature found'),
    check(
      'resource-limits',
      'Resource requests/limits set',
      'failed',
      'helm/values.yaml does not set resources limits.memory',
    ),
    check(
      'pdb-configured',
      'PDB configured',
      'unknown',
      'cluster staging could not be read (HTTP 401: Unauthorized)',
    ),
    check(
      'runbook',
      'Runbook exists',
      'failed',
      'no runbook.io/url annotation',
      {
        exempt: true,
        exemption: {
          entityRef: 'component:default/order-service',
          checkId: 'runbook',
          reason: 'moving to TechDocs',
          author: 'user:default/alice',
          createdAt: '2026-11-01T00:00:00Z',
          expiresAt: '2026-12-31T00:00:00Z',
        },
      },
    ),
  ],
};

const api = (overrides: Partial<ScorecardApi> = {}): ScorecardApi => ({
  ...exemptionRequestsApi(),
  ...campaignsApi(),
  getEntityScorecard: async () => scorecard,
  getHistory: async () => ({
    entityRef: scorecard.entityRef,
    points: [
      {
        timestamp: '2026-11-01T00:00:00Z',
        passed: 0,
        total: 3,
        level: null,
        checks: [],
      },
      {
        timestamp: '2026-11-28T00:00:00Z',
        passed: 1,
        total: 3,
        level: 'Bronze',
        checks: [],
      },
    ],
  }),
  getReport: async () => {
    throw new Error('unused');
  },
  listEntities: async () => [],
  getConfiguration: async () => ({ checks: [], levels: [] }),
  ...overrides,
});

const render = (scorecardApi: ScorecardApi) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <ScorecardCard />
    </EntityProvider>,
    { apis: [[scorecardApiRef, scorecardApi]] },
  );

describe('ScorecardCard', () => {
  it('shows score, level, trend and every check with its state, detail and fix', async () => {
    await render(api());
    expect(await screen.findByText('Scorecard: 1/3')).toBeInTheDocument();
    expect(screen.getByLabelText('level: Bronze')).toBeInTheDocument();
    expect(screen.getByLabelText('trend: 0/3 → 1/3')).toBeInTheDocument();

    const item = (id: string) =>
      within(document.querySelector(`[data-check="${id}"]`) as HTMLElement);
    expect(item('image-signed').getByTitle('passed')).toBeInTheDocument();
    expect(item('image-signed').queryByText('How to fix')).toBeNull();
    expect(item('resource-limits').getByTitle('failed')).toBeInTheDocument();
    expect(
      item('resource-limits').getByText(/does not set resources limits.memory/),
    ).toBeInTheDocument();
    expect(
      item('resource-limits').getByRole('link', { name: 'How to fix' }),
    ).toHaveAttribute('href', '/docs/scorecards#resource-limits');
    expect(item('pdb-configured').getByTitle('unknown')).toBeInTheDocument();
    expect(item('pdb-configured').getByText(/HTTP 401/)).toBeInTheDocument();
    expect(item('runbook').getByTitle('exempt')).toBeInTheDocument();
    expect(
      item('runbook').getByText(
        'Exempt until 2026-12-31: moving to TechDocs (user:default/alice)',
      ),
    ).toBeInTheDocument();
  });

  it('offers an exemption request on failed and unknown checks, and shows pending ones', async () => {
    await render(
      api(
        exemptionRequestsApi([
          exemptionRequest(),
          exemptionRequest({
            id: 'old',
            checkId: 'pdb-configured',
            status: 'denied',
          }),
        ]),
      ),
    );
    await screen.findByText('Scorecard: 1/3');
    const item = (id: string) =>
      within(document.querySelector(`[data-check="${id}"]`) as HTMLElement);
    expect(
      await item('resource-limits').findByTestId('exemption-request-pending'),
    ).toHaveTextContent('Exemption requested by bob, pending');
    expect(
      item('resource-limits').queryByTestId('exemption-request-button'),
    ).toBeNull();
    // a denied request is no longer pending: it may be asked again
    expect(
      item('pdb-configured').getByTestId('exemption-request-button'),
    ).toHaveTextContent('Request exemption');
    expect(
      item('image-signed').queryByTestId('exemption-request-button'),
    ).toBeNull();
    expect(
      item('runbook').queryByTestId('exemption-request-button'),
    ).toBeNull();
    expect(screen.getAllByTestId('exemption-request-button')).toHaveLength(1);
  });

  it('shows the error when the backend fails', async () => {
    await render(
      api({
        getEntityScorecard: async () => {
          throw new Error('scorecard backend answered 503');
        },
      }),
    );
    expect(
      (await screen.findAllByText(/scorecard backend answered 503/)).length,
    ).toBeGreaterThan(0);
  });
});
