import { Content, Link, LinkButton } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  onboardingTemplatePath,
  type CoverageOwner,
  type CoverageRepository,
  type CoverageSummary,
} from '@internal/backstage-plugin-adoption-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { adoptionApiRef } from '../../api/AdoptionApi';
import { adoptionTables } from '../../api/tables';
import { scaffolderRouteRef } from '../../routes';
import { AdoptionCard, RowsTable } from './AdoptionCard';
import { day, percent } from './format';
import { TrendChart } from './TrendChart';

/** "12 of 15 active repositories are in the catalog (80%)" */
export function coverageText(s: CoverageSummary): string {
  const active = s.repositories - s.archived;
  return `${s.covered} of ${active} active ${
    active === 1 ? 'repository is' : 'repositories are'
  } in the catalog (${percent(s.ratio)})`;
}

function CoverageFigures(props: { summary: CoverageSummary }) {
  const s = props.summary;
  if (s.computedAt === null) {
    return (
      <Typography color="textSecondary">
        Coverage of {s.host}/{s.organization} was not computed yet.
      </Typography>
    );
  }
  return (
    <>
      <Box display="flex" style={{ gap: 32 }} mb={1} component="dl">
        {(['covered', 'uncovered', 'archived'] as const).map(status => (
          <Box key={status} data-status={status}>
            <Typography component="dt" variant="overline">
              {status}
            </Typography>
            <Typography component="dd" variant="h4" style={{ margin: 0 }}>
              {s[status]}
            </Typography>
          </Box>
        ))}
      </Box>
      <Typography paragraph data-testid="adoption-coverage-ratio">
        {coverageText(s)}
      </Typography>
      <TrendChart
        title="Catalog coverage"
        labels={s.trend.map(p => day(p.at))}
        series={[
          { name: 'covered', values: s.trend.map(p => p.covered) },
          { name: 'uncovered', values: s.trend.map(p => p.uncovered) },
          { name: 'archived', values: s.trend.map(p => p.archived) },
        ]}
        testId="adoption-coverage-trend-chart"
      />
    </>
  );
}

/**
 * The Coverage tab: the organisation's repositories against the catalog,
 * over time; the uncovered ones each with a button to onboard it.
 */
export function CoverageTab() {
  const api = useApi(adoptionApiRef);
  const scaffolder = useRouteRef(scaffolderRouteRef);
  return (
    <Content>
      <Grid container spacing={3} data-testid="adoption-coverage">
        <Grid item xs={12}>
          <AdoptionCard
            title="Catalog coverage"
            subheader="The organisation's repositories that a catalog entity names as its source"
            testId="adoption-coverage-summary"
            exportTable={adoptionTables.coverageRepositories()}
            load={() => api.getCoverage()}
          >
            {summary => <CoverageFigures summary={summary} />}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12} md={7}>
          <AdoptionCard
            title="Uncovered repositories"
            subheader="No catalog entity names them as its source"
            testId="adoption-coverage-uncovered"
            exportTable={adoptionTables.coverageRepositories({
              status: 'uncovered',
            })}
            load={() => api.getCoverageRepositories({ status: 'uncovered' })}
          >
            {rows => (
              <RowsTable<CoverageRepository>
                label="uncovered repositories"
                rows={rows}
                rowKey={r => r.fullName}
                empty="Every active repository is in the catalog."
                columns={[
                  {
                    title: 'Repository',
                    render: r => <Link to={r.url}>{r.fullName}</Link>,
                  },
                  {
                    title: 'Owner (CODEOWNERS)',
                    render: r => r.owner ?? 'none',
                  },
                  { title: 'Last push', render: r => day(r.pushedAt) },
                  {
                    title: 'Onboard',
                    render: r => (
                      <LinkButton
                        to={onboardingTemplatePath(r, scaffolder?.())}
                        variant="outlined"
                        size="small"
                        aria-label={`Onboard ${r.fullName}`}
                      >
                        Onboard
                      </LinkButton>
                    ),
                  },
                ]}
              />
            )}
          </AdoptionCard>
        </Grid>
        <Grid item xs={12} md={5}>
          <AdoptionCard
            title="Repositories per owner"
            subheader="The owner of the * rule of each repository's CODEOWNERS"
            testId="adoption-coverage-owners"
            exportTable={adoptionTables.coverageOwners()}
            load={() => api.getCoverageOwners()}
          >
            {rows => (
              <RowsTable<CoverageOwner>
                label="repositories per owner"
                rows={rows}
                rowKey={r => r.owner ?? 'none'}
                empty="No repository read yet."
                columns={[
                  {
                    title: 'Owner',
                    render: r =>
                      r.ownerRef ? (
                        <EntityRefLink entityRef={r.ownerRef} />
                      ) : (
                        r.owner ?? 'none'
                      ),
                  },
                  {
                    title: 'Repositories',
                    render: r => r.repositories,
                    numeric: true,
                  },
                  { title: 'Covered', render: r => r.covered, numeric: true },
                  {
                    title: 'Uncovered',
                    render: r => r.uncovered,
                    numeric: true,
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
