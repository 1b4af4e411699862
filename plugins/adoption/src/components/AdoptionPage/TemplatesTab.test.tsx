import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { adoptionApiRef } from '../../api/AdoptionApi';
import { runsPerWeek, TemplatesTab } from './TemplatesTab';
import {
  adoptionApi,
  API_BASE,
  templateHealthRow,
  cardsLoaded,
} from './__testUtils__/adoptionApi';

const week = (
  w: string,
  templateRef: string,
  runs: number,
  failed: number,
) => ({ week: w, templateRef, runs, succeeded: runs - failed, failed });

const trend = [
  week('2026-11-30', 'template:default/a', 2, 1),
  week('2026-11-23', 'template:default/a', 3, 0),
  week('2026-11-30', 'template:default/b', 4, 2),
  week('2026-11-23', 'template:default/b', 0, 0),
];

// a tab renders several cards, each a table: slow on a loaded 2-core runner
jest.setTimeout(30_000);

describe('runsPerWeek', () => {
  it("adds up every template's runs of a week, oldest week first", () => {
    expect(runsPerWeek(trend)).toEqual([
      { week: '2026-11-23', runs: 3, failed: 0 },
      { week: '2026-11-30', runs: 6, failed: 3 },
    ]);
  });
});

describe('TemplatesTab', () => {
  it('shows the runs trend and per template its runs, success rate, median duration and failing step', async () => {
    const asked: unknown[] = [];
    renderInTestApp(<TemplatesTab />, {
      apis: [
        [
          adoptionApiRef,
          adoptionApi({
            getTemplateRunsTrend: async query => {
              asked.push(query);
              return trend;
            },
            getTemplateHealth: async query => {
              asked.push(query);
              return [
                templateHealthRow(),
                templateHealthRow({
                  templateRef: 'template:default/onboard-repository',
                  title: 'Onboard an existing repository',
                  runs: 1,
                  succeeded: 0,
                  failed: 0,
                  cancelled: 0,
                  running: 1,
                  successRate: null,
                  medianDurationSeconds: null,
                  mostFailedStep: null,
                  mostFailedStepName: null,
                  mostFailedStepFailures: 0,
                }),
              ];
            },
          }),
        ],
      ],
    });
    await cardsLoaded();
    const tab = await screen.findByTestId('adoption-templates');
    expect(
      await within(tab).findByRole('img', {
        name: 'Template runs per week from 2026-11-23 to 2026-11-30: runs 3 → 6, failed 0 → 3',
      }),
    ).toBeInTheDocument();
    const table = await within(tab).findByRole('table', { name: 'templates' });
    expect(
      Array.from(table.querySelectorAll('tbody tr')).map(tr =>
        Array.from(tr.querySelectorAll('td')).map(td => td.textContent),
      ),
    ).toEqual([
      [
        'Golden path service',
        '10',
        '88%',
        '2 min 5 s',
        'Publish to GitHub (1 failure)',
        '2026-12-06',
      ],
      ['Onboard an existing repository', '1', '–', '–', 'none', '2026-12-06'],
    ]);
    expect(asked).toEqual([{ weeks: 12 }, { days: 90 }]);
    expect(
      within(screen.getByTestId('adoption-templates-table')).getByRole('link', {
        name: 'Download CSV: Templates',
      }),
    ).toHaveAttribute(
      'href',
      `${API_BASE}/v1/template-health?days=90&format=csv`,
    );
    await cardsLoaded();
  });
});
