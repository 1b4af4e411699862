import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type {
  EntityScorecard,
  ScorecardRollup,
} from '@internal/backstage-plugin-scorecard-common';
import { screen, within } from '@testing-library/react';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { ScorecardRollupCard } from './ScorecardRollupCard';

const domain = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Domain',
  metadata: { name: 'commerce', namespace: 'default' },
  spec: { owner: 'engineering' },
};

const system = (name: string, passed: number, level: string | null) => ({
  entityRef: `system:default/${name}`,
  kind: 'System',
  passed,
  total: 12,
  level,
});

const ROLLUP: ScorecardRollup = {
  entities: 7,
  passed: 11,
  total: 21,
  levels: { Bronze: 3, Silver: 2, Gold: 1, none: 1 },
  failingChecks: [
    'techdocs',
    'pagerduty',
    'owner',
    'runbook',
    'slo',
    'pdb',
  ].map((id, i) => ({ checkId: id, title: `${id} title`, failing: 6 - i })),
  children: [
    system('order-management-system', 6, 'Silver'),
    system('payments-system', 2, null),
  ],
  childCount: 12,
  history: [
    { timestamp: '2026-12-01T10:00:00Z', passed: 9, total: 21 },
    { timestamp: '2026-12-02T10:00:00Z', passed: 11, total: 21 },
  ],
};

const scorecard = (rollup?: ScorecardRollup): EntityScorecard => ({
  entityRef: 'domain:default/commerce',
  score: { passed: 0, total: 0 },
  level: null,
  checks: [],
  evaluatedAt: null,
  ...(rollup ? { rollup } : {}),
});

const api = (result: EntityScorecard | Error) => {
  const getEntityScorecard = jest.fn(async () => {
    if (result instanceof Error) throw result;
    return result;
  });
  return { getEntityScorecard } as unknown as jest.Mocked<ScorecardApi>;
};

const render = (scorecardApi: ScorecardApi, entity: object = domain) =>
  renderInTestApp(
    <EntityProvider entity={entity as any}>
      <ScorecardRollupCard />
    </EntityProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[scorecardApiRef, scorecardApi]],
    },
  );

describe('ScorecardRollupCard', () => {
  it("shows a Domain's score, levels, the checks failing most, its systems and the trend", async () => {
    const scorecardApi = api(scorecard(ROLLUP));
    await render(scorecardApi);
    const card = within(await screen.findByTestId('entity-scorecard-rollup'));
    expect(scorecardApi.getEntityScorecard).toHaveBeenCalledWith(
      'domain:default/commerce',
    );
    expect(
      screen.getByText('Its systems and their components, APIs and resources'),
    ).toBeInTheDocument();
    expect(card.getByText('52%')).toBeInTheDocument();
    expect(
      card.getByText('11 of 21 checks pass across 7 entities'),
    ).toBeInTheDocument();
    expect(
      card.getByRole('img', { name: 'trend: 9/21 → 11/21' }),
    ).toBeVisible();

    const levels = card.getByRole('list', { name: 'entities per level' });
    expect(
      within(levels)
        .getAllByRole('listitem')
        .map(li => [
          li.getAttribute('data-level'),
          within(li).getByRole('img').getAttribute('aria-label'),
          li.textContent,
        ]),
    ).toEqual([
      ['Bronze', 'level: Bronze', 'Bronze3'],
      ['Silver', 'level: Silver', 'Silver2'],
      ['Gold', 'level: Gold', 'Gold1'],
      ['none', 'level: none', 'No level1'],
    ]);

    const failing = card.getByRole('list', { name: 'checks failing most' });
    expect(
      within(failing)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'techdocs titlefails on 6 entities',
      'pagerduty titlefails on 5 entities',
      'owner titlefails on 4 entities',
      'runbook titlefails on 3 entities',
      'slo titlefails on 2 entities',
    ]);

    const systems = card.getByRole('list', { name: 'Systems' });
    const oms = within(
      systems.querySelector(
        '[data-entity="system:default/order-management-system"]',
      ) as HTMLElement,
    );
    expect(
      oms.getByRole('link', { name: 'order-management-system' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/system/order-management-system',
    );
    expect(oms.getByLabelText('level: Silver')).toBeInTheDocument();
    expect(oms.getByText('6/12 checks pass')).toBeInTheDocument();
    const payments = within(
      systems.querySelector(
        '[data-entity="system:default/payments-system"]',
      ) as HTMLElement,
    );
    expect(payments.getByLabelText('level: none')).toBeInTheDocument();
    expect(card.getByText('and 10 more')).toBeInTheDocument();
  });

  it('says so when nothing under it is scored yet', async () => {
    await render(
      api(
        scorecard({
          ...ROLLUP,
          entities: 0,
          passed: 0,
          total: 0,
          children: [],
          childCount: 0,
        }),
      ),
    );
    expect(
      await screen.findByText('Nothing under this Domain has a scorecard yet.'),
    ).toBeInTheDocument();
  });

  it("says when nothing fails, and names a Group's children", async () => {
    await render(
      api(
        scorecard({
          ...ROLLUP,
          failingChecks: [],
          history: [],
          childCount: 2,
        }),
      ),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'engineering', namespace: 'default' },
        spec: { type: 'team', children: [] },
      },
    );
    const card = within(await screen.findByTestId('entity-scorecard-rollup'));
    expect(
      card.getByText('No check fails on any of them.'),
    ).toBeInTheDocument();
    expect(screen.getByText('What it and its sub-groups own')).toBeVisible();
    expect(
      within(card.getByRole('list', { name: 'Owned entities' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(2);
    expect(card.queryByText(/more$/)).toBeNull();
    expect(card.queryByRole('img', { name: /trend/ })).toBeNull();
  });

  it('shows the error when the backend fails', async () => {
    await render(api(new Error('scorecard backend answered 503')));
    expect(
      (await screen.findAllByText(/scorecard backend answered 503/)).length,
    ).toBeGreaterThan(0);
  });
});
