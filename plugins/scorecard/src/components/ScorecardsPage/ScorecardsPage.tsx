import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  CheckReportRow,
  DimensionReportRow,
  OwnerReportRow,
  ScorecardEntitySummary,
} from '@internal/backstage-plugin-scorecard-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useSearchParams } from 'react-router-dom';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { LevelBadge } from '../common/LevelBadge';
import { describeTrend, Sparkline } from '../common/Sparkline';
import { ExemptionRequestsTable } from '../ExemptionRequests';
import { CampaignsTab } from '../Campaigns';

type DrillDown =
  | { title: string; owner: string }
  | { title: string; check: string; status: 'failed' }
  | { title: string; dimension: string; status: 'failed' };

const percent = (passed: number, total: number) =>
  total > 0 ? Math.round((100 * passed) / total) : 0;

function EntitiesTable(props: { drill: DrillDown; onClose(): void }) {
  const api = useApi(scorecardApiRef);
  const { drill } = props;
  const { value, loading, error } = useAsync(() => {
    const { title: _title, ...filter } = drill;
    return api.listEntities(filter);
  }, [api, JSON.stringify(drill)]);
  if (error) return <ResponseErrorPanel error={error} />;
  const columns: TableColumn<ScorecardEntitySummary>[] = [
    {
      title: 'Entity',
      field: 'entityRef',
      render: row => <EntityRefLink entityRef={row.entityRef} />,
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row =>
        row.owner ? <EntityRefLink entityRef={row.owner} /> : 'none',
    },
    {
      title: 'Score',
      field: 'passed',
      render: row => `${row.passed}/${row.total}`,
      customSort: (a, b) =>
        percent(a.passed, a.total) - percent(b.passed, b.total),
    },
    {
      title: 'Level',
      field: 'level',
      render: row => <LevelBadge level={row.level} />,
    },
  ];
  return (
    <Table<ScorecardEntitySummary>
      title={drill.title}
      isLoading={loading}
      data={value ?? []}
      columns={columns}
      options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
      actions={[
        {
          icon: () => <Button component="span">Close</Button>,
          isFreeAction: true,
          tooltip: 'Close',
          onClick: () => props.onClose(),
        },
      ]}
    />
  );
}

/** The overview tab: teams, dimensions, most failed checks, drill-down. */
function ScorecardsOverview() {
  const api = useApi(scorecardApiRef);
  const [drill, setDrill] = useState<DrillDown | undefined>();
  const { value, loading, error } = useAsync(async () => {
    const [owners, dimensions, checks] = await Promise.all([
      api.getReport('owner'),
      api.getReport('dimension'),
      api.getReport('check'),
    ]);
    return { owners, dimensions, checks };
  }, [api]);

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Content>
        <ResponseErrorPanel error={error ?? new Error('No report')} />
      </Content>
    );
  }

  const ownerColumns: TableColumn<OwnerReportRow>[] = [
    {
      title: 'Team',
      field: 'owner',
      render: row =>
        row.owner === 'none' ? (
          'No owner'
        ) : (
          <EntityRefLink entityRef={row.owner} />
        ),
    },
    { title: 'Entities', field: 'entities', type: 'numeric' },
    {
      title: 'Score',
      field: 'passed',
      render: row =>
        `${row.passed}/${row.total} (${percent(row.passed, row.total)}%)`,
      customSort: (a, b) =>
        percent(a.passed, a.total) - percent(b.passed, b.total),
    },
    {
      title: 'Level',
      field: 'level',
      render: row => <LevelBadge level={row.level} />,
    },
    {
      title: 'Trend',
      field: 'trend',
      sorting: false,
      filtering: false,
      render: row => (
        <Sparkline
          points={row.trend}
          label={`${row.owner} ${describeTrend(row.trend)}`}
        />
      ),
    },
  ];
  const countColumns = [
    { title: 'Failed', field: 'failed', type: 'numeric' as const },
    { title: 'Unknown', field: 'unknown', type: 'numeric' as const },
    { title: 'Passed', field: 'passed', type: 'numeric' as const },
    { title: 'Exempt', field: 'exempt', type: 'numeric' as const },
  ];
  const tableOptions = {
    paging: false,
    search: true,
    filtering: true,
    padding: 'dense' as const,
  };

  return (
    <Content>
      <Grid container spacing={3}>
        {drill && (
          <Grid item xs={12}>
            <EntitiesTable drill={drill} onClose={() => setDrill(undefined)} />
          </Grid>
        )}
        <Grid item xs={12}>
          <Table<OwnerReportRow>
            title="By team"
            data={value.owners.rows}
            columns={ownerColumns}
            options={tableOptions}
            onRowClick={(_e, row) =>
              row &&
              row.owner !== 'none' &&
              setDrill({ title: `Entities of ${row.owner}`, owner: row.owner })
            }
          />
        </Grid>
        <Grid item xs={12} md={5}>
          <Table<DimensionReportRow>
            title="By dimension"
            data={value.dimensions.rows}
            columns={[{ title: 'Dimension', field: 'title' }, ...countColumns]}
            options={tableOptions}
            onRowClick={(_e, row) =>
              row &&
              setDrill({
                title: `Failing ${row.title}`,
                dimension: row.dimension,
                status: 'failed',
              })
            }
          />
        </Grid>
        <Grid item xs={12} md={7}>
          <Table<CheckReportRow>
            title="Most failed checks"
            data={value.checks.rows}
            columns={[
              { title: 'Check', field: 'title' },
              { title: 'Dimension', field: 'dimension' },
              ...countColumns,
            ]}
            options={tableOptions}
            onRowClick={(_e, row) =>
              row &&
              setDrill({
                title: `Failing "${row.title}"`,
                check: row.checkId,
                status: 'failed',
              })
            }
          />
        </Grid>
        {value.owners.rows.length === 0 && (
          <Grid item xs={12}>
            <InfoCard title="No scores yet">
              Entities are scored within a minute of the backend starting.
            </InfoCard>
          </Grid>
        )}
      </Grid>
    </Content>
  );
}

/** The page's tabs, by `?tab=` (the overview without it). */
const PAGE_TABS = [
  { id: 'overview', label: 'Overview', content: () => <ScorecardsOverview /> },
  { id: 'campaigns', label: 'Campaigns', content: () => <CampaignsTab /> },
  {
    id: 'exemption-requests',
    label: 'Exemption requests',
    content: () => (
      <Content>
        <ExemptionRequestsTable />
      </Content>
    ),
  },
];

/** The Scorecards page: the overview and the other tabs. */
export function ScorecardsPage() {
  const [params, setParams] = useSearchParams();
  const tab = PAGE_TABS.find(t => t.id === params.get('tab')) ?? PAGE_TABS[0];
  return (
    <>
      <Tabs
        value={tab.id}
        onChange={(_e, id: string) =>
          setParams(id === PAGE_TABS[0].id ? {} : { tab: id })
        }
        indicatorColor="primary"
        aria-label="Scorecards page"
      >
        {PAGE_TABS.map(t => (
          <Tab key={t.id} value={t.id} label={t.label} />
        ))}
      </Tabs>
      {tab.content()}
    </>
  );
}
