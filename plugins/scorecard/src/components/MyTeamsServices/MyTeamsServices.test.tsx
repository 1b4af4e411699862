import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  EntityScorecard,
  ScorecardCheckResult,
  ScorecardEntitySummary,
} from '@internal/backstage-plugin-scorecard-common';
import { screen, within } from '@testing-library/react';
import { Suspense } from 'react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { MyTeamsServices } from './MyTeamsServices';

const check = (
  id: string,
  status: ScorecardCheckResult['status'],
  detail: string,
  exempt = false,
): ScorecardCheckResult => ({
  id,
  title: `Check ${id}`,
  dimension: 'security',
  description: '',
  howToFix: `/docs/scorecards#${id}`,
  status,
  passed: status === 'passed',
  detail,
  exempt,
  evaluatedAt: '2026-11-28T10:00:00Z',
});

const summary = (
  entityRef: string,
  owner: string,
  passed: number,
  total: number,
  level: string | null,
): ScorecardEntitySummary => ({
  entityRef,
  owner,
  passed,
  total,
  level,
  evaluatedAt: '2026-11-28T10:00:00Z',
});

const portal = 'component:default/developer-portal';
const queue = 'resource:default/payments-sqs';
const mcp = 'api:default/developer-portal-mcp';

const scorecards: Record<string, EntityScorecard> = {
  [portal]: {
    entityRef: portal,
    score: { passed: 2, total: 7 },
    level: 'Bronze',
    evaluatedAt: '2026-11-28T10:00:00Z',
    checks: [
      check('has-owner', 'passed', 'spec.owner is group:platform-team'),
      check('runbook', 'unknown', 'repository could not be read'),
      check('techdocs', 'passed', 'backstage.io/techdocs-ref is dir:.'),
      check('vulnerability-scanning', 'failed', 'no Trivy step'),
      check('slo-defined', 'failed', 'no PrometheusRule', true),
      check('image-signed', 'failed', 'no myorg.com/container-image'),
      check('resource-limits', 'unknown', 'no helm/values.yaml'),
      check('pdb-configured', 'failed', 'no PodDisruptionBudget'),
    ],
  },
  [mcp]: {
    entityRef: mcp,
    score: { passed: 1, total: 2 },
    level: null,
    evaluatedAt: '2026-11-28T10:00:00Z',
    checks: [
      check('has-owner', 'passed', 'spec.owner is group:platform-team'),
      check('techdocs', 'failed', 'no backstage.io/techdocs-ref annotation'),
    ],
  },
};

// as in app-config.yaml
const levels = [
  { name: 'Bronze', checks: ['has-owner', 'techdocs', 'pagerduty-service'] },
  {
    name: 'Silver',
    checks: ['runbook', 'kubernetes-monitoring', 'vulnerability-scanning'],
  },
  {
    name: 'Gold',
    checks: [
      'slo-defined',
      'image-signed',
      'resource-limits',
      'pdb-configured',
    ],
  },
];

const platformTeam = [
  summary(queue, 'group:default/platform-team', 1, 1, 'Bronze'),
  summary(portal, 'group:default/platform-team', 2, 7, 'Bronze'),
];

const api = (overrides: Partial<ScorecardApi> = {}) => {
  const mock = {
    getEntityScorecard: jest.fn(async (ref: string) => scorecards[ref]),
    getHistory: jest.fn(),
    getReport: jest.fn(),
    listEntities: jest.fn(async ({ owner }: { owner?: string }) =>
      owner === 'group:default/platform-team' ? platformTeam : [],
    ),
    getConfiguration: jest.fn(async () => ({ checks: [], levels })),
    ...overrides,
  };
  return mock as jest.Mocked<ScorecardApi>;
};

const render = (
  scorecardApi: ScorecardApi,
  ownershipEntityRefs = ['user:default/guest', 'group:default/platform-team'],
) =>
  renderInTestApp(
    // the app wraps widgets in a Suspense boundary; links load lazily
    <Suspense fallback="loading">
      <MyTeamsServices />
    </Suspense>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [scorecardApiRef, scorecardApi],
        mockApis.identity({
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs,
        }),
      ],
    },
  );

const entity = async (ref: string) =>
  within(
    (
      await screen.findByRole('list', { name: "my teams' services" })
    ).querySelector(`[data-entity="${ref}"]`) as HTMLElement,
  );

describe('MyTeamsServices', () => {
  it("lists the user's groups' entities with their level and the first checks to fix", async () => {
    const scorecardApi = api();
    await render(scorecardApi);

    const rows = (
      await screen.findByRole('list', { name: "my teams' services" })
    ).querySelectorAll('[data-entity]');
    // only the groups are asked about, not the user
    expect(scorecardApi.listEntities).toHaveBeenCalledTimes(1);
    expect(scorecardApi.listEntities).toHaveBeenCalledWith({
      owner: 'group:default/platform-team',
    });
    // the most checks open first
    expect([...rows].map(r => r.getAttribute('data-entity'))).toEqual([
      portal,
      queue,
    ]);

    const developerPortal = await entity(portal);
    expect(developerPortal.getByLabelText('level: Bronze')).toBeInTheDocument();
    expect(developerPortal.getByText('2/7 checks pass')).toBeInTheDocument();
    // the next level's first (Silver: Bronze is reached), in the configured
    // order; the exempt one left out
    const toFix = developerPortal.getByRole('list', {
      name: `checks to fix first on ${portal}`,
    });
    expect(
      [...toFix.querySelectorAll('[data-check]')].map(c =>
        c.getAttribute('data-check'),
      ),
    ).toEqual(['runbook', 'vulnerability-scanning', 'image-signed']);
    const item = (id: string) =>
      within(toFix.querySelector(`[data-check="${id}"]`) as HTMLElement);
    expect(item('runbook').getByTitle('unknown')).toBeInTheDocument();
    const scanning = item('vulnerability-scanning');
    expect(
      scanning.getByText('Check vulnerability-scanning'),
    ).toBeInTheDocument();
    expect(
      scanning.getByText(/no Trivy step · needed for Silver/),
    ).toBeInTheDocument();
    expect(scanning.getByTitle('failed')).toBeInTheDocument();
    expect(scanning.getByRole('link', { name: 'How to fix' })).toHaveAttribute(
      'href',
      '/docs/scorecards#vulnerability-scanning',
    );
    expect(
      item('image-signed').getByText(/needed for Gold/),
    ).toBeInTheDocument();
    // the other two (resource-limits, pdb-configured) are on its Scorecard tab
    expect(
      developerPortal.getByRole('link', {
        name: '2 more to fix on its scorecard',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/developer-portal/scorecard',
    );
    expect(
      developerPortal.getByRole('link', {
        name: /Developer Portal|developer-portal/,
      }),
    ).toHaveAttribute('href', '/catalog/default/component/developer-portal');
    expect(developerPortal.queryByText('Check slo-defined')).toBeNull();

    // a scorecard with nothing open is not fetched
    const sqs = await entity(queue);
    expect(sqs.getByLabelText('level: Bronze')).toBeInTheDocument();
    expect(sqs.getByText(/Nothing to fix/)).toBeInTheDocument();
    expect(sqs.getByRole('link', { name: 'Its scorecard' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/payments-sqs/scorecard',
    );
    expect(scorecardApi.getEntityScorecard).toHaveBeenCalledTimes(1);
  });

  it('shows the entities of every group once, and no level as such', async () => {
    const scorecardApi = api({
      listEntities: jest.fn(async ({ owner }: { owner?: string }) =>
        owner === 'group:default/platform-team'
          ? platformTeam
          : [
              summary(mcp, 'group:default/api-guild', 1, 2, null),
              summary(queue, 'group:default/platform-team', 1, 1, 'Bronze'),
            ],
      ),
    });
    await render(scorecardApi, [
      'user:default/guest',
      'group:default/platform-team',
      'group:default/api-guild',
    ]);
    const list = await screen.findByRole('list', {
      name: "my teams' services",
    });
    expect(list.querySelectorAll('[data-entity]')).toHaveLength(3);
    const api_ = await entity(mcp);
    expect(api_.getByLabelText('level: none')).toBeInTheDocument();
    expect(api_.getByText('Check techdocs')).toBeInTheDocument();
  });

  it('says what to do when the user is in no team', async () => {
    const scorecardApi = api();
    await render(scorecardApi, ['user:default/guest']);
    expect(
      await screen.findByText(/not a member of any team in the catalog/),
    ).toBeInTheDocument();
    expect(scorecardApi.listEntities).not.toHaveBeenCalled();
  });

  it("says what to do when the user's teams own nothing scored", async () => {
    await render(api({ listEntities: jest.fn(async () => []) }));
    expect(
      await screen.findByText(/Your teams own nothing with a scorecard yet/),
    ).toBeInTheDocument();
  });

  it('shows the error inside the widget when the backend fails', async () => {
    await render(
      api({
        listEntities: jest.fn(async () => {
          throw new Error('scorecard backend answered 503');
        }),
      }),
    );
    expect(
      (await screen.findAllByText(/scorecard backend answered 503/)).length,
    ).toBeGreaterThan(0);
  });
});
