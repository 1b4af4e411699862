import { Content } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  TemplateHealthRow,
  TemplateRunsWeek,
} from '@internal/backstage-plugin-adoption-common';
import Grid from '@material-ui/core/Grid';
import { adoptionApiRef } from '../../api/AdoptionApi';
import { adoptionTables } from '../../api/tables';
import { AdoptionCard, RowsTable } from './AdoptionCard';
import { day, duration, mostFailedStep, percent } from './format';
import { TrendChart } from './TrendChart';

/** the window of the per-template table */
export const TEMPLATE_DAYS = 90;
/** the weeks of the runs trend */
export const TEMPLATE_WEEKS = 12;

/** every template's runs of a week added up, oldest week first */
export function runsPerWeek(rows: TemplateRunsWeek[]) {
  const weeks = new Map<string, { runs: number; failed: number }>();
  for (const r of rows) {
    const week = weeks.get(r.week) ?? { runs: 0, failed: 0 };
    week.runs += r.runs;
    week.failed += r.failed;
    weeks.set(r.week, week);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, counts]) => ({ week, ...counts }));
}

/** The Templates tab: runs over time, and per template how they go. */
export function TemplatesTab() {
  const api = useApi(adoptionApiRef);
  return (
    <Content>
      <Grid container spacing={3} data-testid="adoption-templates">
        <Grid item xs={12}>
          <AdoptionCard
            title="Template runs per week"
            subheader={`Last ${TEMPLATE_WEEKS} weeks, every template`}
            testId="adoption-templates-trend"
            exportTable={adoptionTables.templateRunsTrend({
              weeks: TEMPLATE_WEEKS,
            })}
            load={() => api.getTemplateRunsTrend({ weeks: TEMPLATE_WEEKS })}
          >
            {rows => {
              const weeks = runsPerWeek(rows);
              return (
                <TrendChart
                  kind="bar"
                  title="Template runs per week"
                  labels={weeks.map(w => w.week)}
                  series={[
                    { name: 'runs', values: weeks.map(w => w.runs) },
                    { name: 'failed', values: weeks.map(w => w.failed) },
                  ]}
                  testId="adoption-templates-trend-chart"
                />
              );
            }}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12}>
          <AdoptionCard
            title="Templates"
            subheader={`Last ${TEMPLATE_DAYS} days; success rate of the finished runs`}
            testId="adoption-templates-table"
            exportTable={adoptionTables.templateHealth({ days: TEMPLATE_DAYS })}
            load={() => api.getTemplateHealth({ days: TEMPLATE_DAYS })}
          >
            {rows => (
              <RowsTable<TemplateHealthRow>
                label="templates"
                rows={rows}
                rowKey={r => r.templateRef}
                empty={`No template ran in the last ${TEMPLATE_DAYS} days.`}
                columns={[
                  { title: 'Template', render: r => r.title },
                  { title: 'Runs', render: r => r.runs, numeric: true },
                  {
                    title: 'Success rate',
                    render: r => percent(r.successRate),
                    numeric: true,
                  },
                  {
                    title: 'Median duration',
                    render: r => duration(r.medianDurationSeconds),
                    numeric: true,
                  },
                  { title: 'Step failing most', render: mostFailedStep },
                  { title: 'Last run', render: r => day(r.lastRunAt) },
                ]}
              />
            )}
          </AdoptionCard>
        </Grid>
      </Grid>
    </Content>
  );
}
