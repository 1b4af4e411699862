import { Content } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { DocsHealthRow } from '@internal/backstage-plugin-adoption-common';
import Grid from '@material-ui/core/Grid';
import { adoptionApiRef } from '../../api/AdoptionApi';
import { adoptionTables } from '../../api/tables';
import { AdoptionCard, RowsTable } from './AdoptionCard';
import { day, docsFreshness } from './format';
import { TrendChart } from './TrendChart';

/** the days of the docs health trend */
export const DOCS_TREND_DAYS = 90;

/** The Docs tab: per entity with TechDocs, its last build and staleness. */
export function DocsTab() {
  const api = useApi(adoptionApiRef);
  return (
    <Content>
      <Grid container spacing={3} data-testid="adoption-docs">
        <Grid item xs={12}>
          <AdoptionCard
            title="Docs health over time"
            subheader={`Last ${DOCS_TREND_DAYS} days, the last check of each day`}
            testId="adoption-docs-trend"
            exportTable={adoptionTables.docsHealthTrend({
              days: DOCS_TREND_DAYS,
            })}
            load={() => api.getDocsHealthTrend({ days: DOCS_TREND_DAYS })}
          >
            {rows => (
              <TrendChart
                title="Docs health"
                labels={rows.map(r => r.day)}
                series={[
                  { name: 'fresh', values: rows.map(r => r.fresh) },
                  { name: 'stale', values: rows.map(r => r.stale) },
                  { name: 'not built', values: rows.map(r => r.notBuilt) },
                  { name: 'unknown', values: rows.map(r => r.unknown) },
                ]}
                testId="adoption-docs-trend-chart"
              />
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12}>
          <AdoptionCard
            title="Docs per entity"
            subheader="Stale: the code changed after the docs' last commit"
            testId="adoption-docs-table"
            exportTable={adoptionTables.docsHealth()}
            load={() => api.getDocsHealth()}
          >
            {rows => (
              <RowsTable<DocsHealthRow>
                label="docs per entity"
                rows={rows}
                rowKey={r => r.entityRef}
                empty="No entity has TechDocs yet, or they were not checked yet."
                columns={[
                  {
                    title: 'Entity',
                    render: r => (
                      <EntityRefLink entityRef={r.entityRef} title={r.title} />
                    ),
                  },
                  {
                    title: 'Owner',
                    render: r =>
                      r.owner ? <EntityRefLink entityRef={r.owner} /> : 'none',
                  },
                  { title: 'Last build', render: r => day(r.lastBuiltAt) },
                  {
                    title: 'Docs last changed',
                    render: r => day(r.lastDocsCommitAt, 'unknown'),
                  },
                  {
                    title: 'Code last changed',
                    render: r => day(r.lastCodeCommitAt, 'unknown'),
                  },
                  { title: 'Freshness', render: docsFreshness },
                ]}
              />
            )}
          </AdoptionCard>
        </Grid>
      </Grid>
    </Content>
  );
}
