import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  EntityScorecard,
  ScorecardCheckResult,
} from '@internal/backstage-plugin-scorecard-common';
import { screen, within } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { ScorecardSummaryCard } from './ScorecardSummaryCard';
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
  status: ScorecardCheckResult['status'],
  detail = `${id} detail`,
): ScorecardCheckResult => ({
  id,
  title: `${id} title`,
  dimension: 'security',
  description: '',
  howToFix: `/docs/scorecards#${id}`,
  status,
  passed: status === 'passed',
  detail,
  exempt: false,
  evaluatedAt: '2026-11-28T10:00:00Z',
});

const scorecard = (checks: ScorecardCheckResult[]): EntityScorecard => ({
  entityRef: 'component:default/order-service',
  score: {
    passed: checks.filter(c => c.passed).length,
    total: checks.length,
  },
  level: 'Bronze',
  evaluatedAt: '2026-11-28T10:00:00Z',
  checks,
});

const levels = [
  { name: 'Bronze', checks: ['owner'] },
  { name: 'Silver', checks: ['runbook', 'scan'] },
  { name: 'Gold', checks: ['slo', 'pdb'] },
];

const api = (
  result: EntityScorecard | Error,
  requests = exemptionRequestsApi(),
): ScorecardApi => ({
  ...requests,
  ...campaignsApi(),
  getEntityScorecard: async () => {
    if (result instanceof Error) throw result;
    return result;
  },
  getHistory: async () => ({ entityRef: '', points: [] }),
  getReport: async () => {
    throw new Error('unused');
  },
  listEntities: async () => [],
  getConfiguration: async () => ({ checks: [], levels }),
});

const render = (scorecardApi: ScorecardApi) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <ScorecardSummaryCard />
    </EntityProvider>,
    { apis: [[scorecardApiRef, scorecardApi]] },
  );

describe('ScorecardSummaryCard', () => {
  it('shows the level, the score and the next level’s checks first, three at most', async () => {
    await render(
      api(
        scorecard([
          check('owner', 'passed'),
          check('slo', 'failed'),
          check('pdb', 'failed'),
          check('scan', 'unknown', 'registry could not be read'),
          check('runbook', 'failed'),
        ]),
      ),
    );
    expect(await screen.findByLabelText('level: Bronze')).toBeInTheDocument();
    expect(screen.getByText('1 of 5 checks pass')).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'checks to fix first' });
    expect(
      within(list)
        .getAllByRole('link')
        .map(link => link.textContent),
    ).toEqual(['scan title', 'runbook title', 'slo title']);
    expect(
      within(list).getByText('registry could not be read · needed for Silver'),
    ).toBeInTheDocument();
    expect(screen.getByText('and 1 more on the Scorecard tab')).toBeVisible();
    expect(screen.getByRole('link', { name: 'All checks' })).toHaveAttribute(
      'href',
      '/scorecard',
    );
  });

  it('says so when every check passes', async () => {
    await render(api(scorecard([check('owner', 'passed')])));
    expect(await screen.findByText('Every check passes.')).toBeInTheDocument();
  });

  it('says how many exemption requests are pending', async () => {
    const requests = exemptionRequestsApi([
      exemptionRequest(),
      exemptionRequest({ id: 'b', checkId: 'pdb', status: 'denied' }),
      exemptionRequest({ id: 'c', entityRef: 'component:default/other' }),
    ]);
    await render(api(scorecard([check('owner', 'failed')]), requests));
    expect(
      await screen.findByTestId('exemption-requests-pending'),
    ).toHaveTextContent('1 exemption request pending');
    expect(requests.listExemptionRequests).toHaveBeenCalledWith({
      entityRef: 'component:default/order-service',
      status: 'pending',
    });
  });

  it('writes a line per campaign the entity is in', async () => {
    await render({
      ...api(scorecard([check('owner', 'passed')])),
      getEntityCampaigns: async () => [
        {
          id: 'q1-security',
          title: 'Q1 security',
          targetDate: '2027-03-31',
          status: 'active',
          checks: 3,
          passed: 2,
          done: false,
        },
      ],
    });
    expect(
      await screen.findByTestId('entity-scorecard-campaigns'),
    ).toHaveTextContent('Q1 security: due 2027-03-31, 2 of 3 done');
  });

  it('says "requests" for more than one', async () => {
    const requests = exemptionRequestsApi([
      exemptionRequest(),
      exemptionRequest({ id: 'b', checkId: 'pdb' }),
    ]);
    await render(api(scorecard([check('owner', 'failed')]), requests));
    expect(
      await screen.findByTestId('exemption-requests-pending'),
    ).toHaveTextContent('2 exemption requests pending');
  });

  it('shows the error when the backend fails', async () => {
    await render(api(new Error('scorecard backend answered 503')));
    expect(
      (await screen.findAllByText(/scorecard backend answered 503/)).length,
    ).toBeGreaterThan(0);
  });
});
