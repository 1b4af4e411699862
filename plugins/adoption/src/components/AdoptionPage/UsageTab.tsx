import { Content } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ADOPTION_USAGE_QUERY_LIMITS,
  type UsageEntityViewsRow,
  type UsageWeeklyActiveUsersRow,
} from '@internal/backstage-plugin-adoption-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { adoptionApiRef } from '../../api/AdoptionApi';
import { adoptionTables } from '../../api/tables';
import { AdoptionCard, RowsTable, type RowsColumn } from './AdoptionCard';
import { day } from './format';
import { TrendChart } from './TrendChart';

/** the weeks of the active users trend, the current one included */
export const USAGE_WEEKS = ADOPTION_USAGE_QUERY_LIMITS.weeks.default;
/** the window of the other usage tables */
export const USAGE_DAYS = ADOPTION_USAGE_QUERY_LIMITS.days.default;
const usageWindow = { days: USAGE_DAYS };
const windowText = `Last ${USAGE_DAYS} days`;

/** "This week: 3 active users, 41 events" (the last row is this week) */
export function thisWeekText(rows: UsageWeeklyActiveUsersRow[]): string {
  const week = rows[rows.length - 1];
  if (!week) return 'No activity recorded yet';
  return `This week: ${week.activeUsers} active ${
    week.activeUsers === 1 ? 'user' : 'users'
  }, ${week.events} ${week.events === 1 ? 'event' : 'events'}`;
}

/**
 * Users' pages are one row, without an entity ref (whose page was viewed
 * is never told): "User profiles".
 */
const entityColumns: RowsColumn<UsageEntityViewsRow>[] = [
  {
    title: 'Entity',
    render: r =>
      r.entityRef ? (
        <EntityRefLink entityRef={r.entityRef} />
      ) : (
        <em>{r.kind === 'user' ? 'User profiles' : `Every ${r.kind}`}</em>
      ),
  },
  { title: 'Kind', render: r => r.kind },
  { title: 'Views', render: r => r.views, numeric: true },
  { title: 'Users', render: r => r.users, numeric: true },
  { title: 'Last viewed', render: r => day(r.lastViewedAt) },
];

/** The Usage tab: active users over time, views, searches without result. */
export function UsageTab() {
  const api = useApi(adoptionApiRef);
  return (
    <Content>
      <Grid container spacing={3} data-testid="adoption-usage">
        <Grid item xs={12}>
          <AdoptionCard
            title="Weekly active users"
            subheader={`Last ${USAGE_WEEKS} weeks (weeks start on Monday, UTC)`}
            testId="adoption-usage-weekly-active-users"
            exportTable={adoptionTables.weeklyActiveUsers({
              weeks: USAGE_WEEKS,
            })}
            load={() => api.getWeeklyActiveUsers({ weeks: USAGE_WEEKS })}
          >
            {rows => (
              <>
                <Typography data-testid="adoption-usage-this-week" paragraph>
                  {thisWeekText(rows)}
                </Typography>
                <TrendChart
                  title="Weekly active users"
                  labels={rows.map(r => r.weekStart)}
                  series={[
                    {
                      name: 'active users',
                      values: rows.map(r => r.activeUsers),
                    },
                  ]}
                  testId="adoption-usage-weekly-active-users-chart"
                />
              </>
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12} md={5}>
          <AdoptionCard
            title="Views per plugin"
            subheader={windowText}
            testId="adoption-usage-plugin-views"
            exportTable={adoptionTables.pluginViews(usageWindow)}
            load={() => api.getPluginViews(usageWindow)}
          >
            {rows => (
              <RowsTable
                label="views per plugin"
                rows={rows}
                rowKey={r => r.pluginId}
                empty="No page viewed yet."
                columns={[
                  { title: 'Plugin', render: r => r.pluginId },
                  { title: 'Views', render: r => r.views, numeric: true },
                  { title: 'Users', render: r => r.users, numeric: true },
                ]}
              />
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12} md={7}>
          <AdoptionCard
            title="Views per page"
            subheader={windowText}
            testId="adoption-usage-page-views"
            exportTable={adoptionTables.pageViews(usageWindow)}
            load={() => api.getPageViews(usageWindow)}
          >
            {rows => (
              <RowsTable
                label="views per page"
                rows={rows}
                rowKey={r => `${r.pluginId} ${r.routePath}`}
                empty="No page viewed yet."
                columns={[
                  { title: 'Page', render: r => r.routePath },
                  { title: 'Plugin', render: r => r.pluginId },
                  { title: 'Views', render: r => r.views, numeric: true },
                  { title: 'Users', render: r => r.users, numeric: true },
                ]}
              />
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12} xl={6}>
          <AdoptionCard
            title="Most viewed entities"
            subheader={windowText}
            testId="adoption-usage-most-viewed"
            exportTable={adoptionTables.mostViewedEntities(usageWindow)}
            load={() => api.getMostViewedEntities(usageWindow)}
          >
            {rows => (
              <RowsTable
                label="most viewed entities"
                rows={rows}
                rowKey={r => r.entityRef || r.kind}
                empty="No entity page viewed yet."
                columns={entityColumns}
              />
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12} xl={6}>
          <AdoptionCard
            title="Least viewed entities"
            subheader={`${windowText}; never viewed first`}
            testId="adoption-usage-least-viewed"
            exportTable={adoptionTables.leastViewedEntities(usageWindow)}
            load={() => api.getLeastViewedEntities(usageWindow)}
          >
            {rows => (
              <RowsTable
                label="least viewed entities"
                rows={rows}
                rowKey={r => r.entityRef}
                empty="The catalog has no entity."
                columns={entityColumns}
              />
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12}>
          <AdoptionCard
            title="Searches with no result"
            subheader={`${windowText}: what people look for and do not find`}
            testId="adoption-usage-searches-without-result"
            exportTable={adoptionTables.searchesWithoutResult(usageWindow)}
            load={() => api.getSearchesWithoutResult(usageWindow)}
          >
            {rows => (
              <RowsTable
                label="searches with no result"
                rows={rows}
                rowKey={r => r.term}
                empty="Every search found something."
                columns={[
                  { title: 'Term', render: r => r.term },
                  { title: 'Searches', render: r => r.searches, numeric: true },
                  { title: 'Users', render: r => r.users, numeric: true },
                  {
                    title: 'Last searched',
                    render: r => day(r.lastSearchedAt),
                  },
                ]}
              />
            )}
          </AdoptionCard>
        </Grid>
      </Grid>
    </Content>
  );
}
