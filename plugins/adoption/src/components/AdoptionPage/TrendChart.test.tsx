import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { describeTrend, TrendChart } from './TrendChart';

describe('describeTrend', () => {
  it('says the first and last value of each series over the span', () => {
    expect(
      describeTrend(
        'Weekly active users',
        ['2026-11-02', '2026-11-09', '2026-11-30'],
        [{ name: 'active users', values: [3, 4, 5] }],
      ),
    ).toBe('Weekly active users from 2026-11-02 to 2026-11-30: 3 → 5');
    expect(
      describeTrend(
        'Catalog coverage',
        ['2026-12-05', '2026-12-07'],
        [
          { name: 'covered', values: [10, 14] },
          { name: 'uncovered', values: [6, 2] },
        ],
      ),
    ).toBe(
      'Catalog coverage from 2026-12-05 to 2026-12-07: covered 10 → 14, uncovered 6 → 2',
    );
  });

  it('says one point as it is, and when there is none', () => {
    expect(
      describeTrend(
        'Weekly active users',
        ['2026-11-30'],
        [{ name: 'active users', values: [1] }],
      ),
    ).toBe('Weekly active users on 2026-11-30: 1');
    expect(describeTrend('Docs health', [], [])).toBe(
      'Docs health: no data yet',
    );
  });
});

describe('TrendChart', () => {
  it('draws a line per series, a dot per point, labelled for screen readers', async () => {
    await renderInTestApp(
      <TrendChart
        title="Catalog coverage"
        labels={['2026-12-05', '2026-12-06', '2026-12-07']}
        series={[
          { name: 'covered', values: [10, 12, 14] },
          { name: 'uncovered', values: [6, 4, 2] },
        ]}
        testId="chart"
      />,
    );
    const chart = screen.getByRole('img', {
      name: 'Catalog coverage from 2026-12-05 to 2026-12-07: covered 10 → 14, uncovered 6 → 2',
    });
    expect(chart).toBe(screen.getByTestId('chart'));
    expect(chart.querySelectorAll('path')).toHaveLength(2);
    expect(
      chart.querySelectorAll('[data-series="covered"] circle'),
    ).toHaveLength(3);
    // the axis: the highest value and the first and last label
    expect(
      Array.from(chart.querySelectorAll('text')).map(t => t.textContent),
    ).toEqual(['14', '0', '2026-12-05', '2026-12-07']);
    // a legend names the series
    expect(screen.getByText('uncovered')).toBeInTheDocument();
  });

  it('draws grouped bars, as tall as their values', async () => {
    await renderInTestApp(
      <TrendChart
        kind="bar"
        title="Template runs per week"
        labels={['2026-11-23', '2026-11-30']}
        series={[
          { name: 'runs', values: [4, 2] },
          { name: 'failed', values: [1, 0] },
        ]}
        height={140}
      />,
    );
    const chart = screen.getByRole('img', {
      name: 'Template runs per week from 2026-11-23 to 2026-11-30: runs 4 → 2, failed 1 → 0',
    });
    const heights = (series: string) =>
      Array.from(chart.querySelectorAll(`[data-series="${series}"] rect`)).map(
        r => Number(r.getAttribute('height')),
      );
    // 140 high less 8 above and 20 below: 112 for the highest value, 4
    expect(heights('runs')).toEqual([112, 56]);
    expect(heights('failed')).toEqual([28, 0]);
    expect(chart.querySelectorAll('path')).toHaveLength(0);
  });

  it('draws nothing but the axis without data, and says so', async () => {
    await renderInTestApp(
      <TrendChart
        title="Weekly active users"
        labels={[]}
        series={[{ name: 'active users', values: [] }]}
      />,
    );
    const chart = screen.getByRole('img', {
      name: 'Weekly active users: no data yet',
    });
    expect(chart.querySelectorAll('circle, path, rect')).toHaveLength(0);
    expect(
      Array.from(chart.querySelectorAll('text')).map(t => t.textContent),
    ).toEqual(['1', '0', 'No data yet']);
  });
});
