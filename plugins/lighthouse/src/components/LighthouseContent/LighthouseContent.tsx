import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { LighthouseAudit, lighthouseApiRef } from '../../api';
import { AuditSummary, formatTime } from '../common/AuditSummary';
import {
  CATEGORIES,
  categoryScore,
  formatScore,
  scoreColor,
} from '../common/scores';
import { WebsiteStatus } from '../common/WebsiteStatus';

/** Buttons that start an audit now, and what the service answered. */
function AuditNow(props: { url: string; onStarted: () => void }) {
  const api = useApi(lighthouseApiRef);
  const [state, setState] = useState<{ busy?: boolean; error?: Error }>({});
  const start = async (formFactor: 'mobile' | 'desktop') => {
    setState({ busy: true });
    try {
      await api.triggerAudit(props.url, formFactor);
      setState({});
      props.onStarted();
    } catch (error) {
      setState({ error: error as Error });
    }
  };
  return (
    <Box my={2}>
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={state.busy}
          onClick={() => start('mobile')}
        >
          Audit now (mobile)
        </Button>
        <Button
          variant="outlined"
          disabled={state.busy}
          onClick={() => start('desktop')}
        >
          Audit now (desktop)
        </Button>
      </Box>
      {state.error && (
        <ResponseErrorPanel
          error={state.error}
          title={`The audit could not start: ${state.error.message}`}
        />
      )}
    </Box>
  );
}

/** Lighthouse's own HTML report, isolated in a sandboxed frame. */
function Report(props: { audit: LighthouseAudit }) {
  const api = useApi(lighthouseApiRef);
  const { audit } = props;
  const { loading, error, value } = useAsync(
    () => api.getReportHtml(audit.id),
    [api, audit.id],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`The report could not be read: ${error.message}`}
      />
    );
  }
  return (
    <iframe
      title={`Lighthouse report of ${audit.url}, ${formatTime(
        audit.timeCreated,
      )}`}
      srcDoc={value}
      // the report's own scripts run, with no access to the portal
      sandbox="allow-scripts allow-popups"
      style={{ width: '100%', height: 900, border: 0 }}
    />
  );
}

const columns: TableColumn<LighthouseAudit>[] = [
  {
    title: 'Started',
    field: 'timeCreated',
    render: a => formatTime(a.timeCreated),
  },
  { title: 'Status', field: 'status' },
  ...CATEGORIES.map(
    ({ id, title }): TableColumn<LighthouseAudit> => ({
      title,
      render: a => (
        <span style={{ color: scoreColor(categoryScore(a, id)) }}>
          {formatScore(categoryScore(a, id))}
        </span>
      ),
    }),
  ),
  {
    title: 'Why it failed',
    render: a => (a.status === 'FAILED' ? a.failureReason ?? '' : ''),
  },
];

/** Every audit of the website, and the selected audit's full report. */
export function LighthouseContent() {
  const [selected, setSelected] = useState<string>();
  return (
    <Content>
      <WebsiteStatus
        empty={(url, retry) => <AuditNow url={url} onStarted={retry} />}
      >
        {(website, url, retry) => {
          const shown =
            website.audits.find(a => a.id === selected) ??
            website.audits.find(a => a.status === 'COMPLETED');
          return (
            <>
              <InfoCard title={`Lighthouse: ${url}`}>
                <AuditSummary website={website} />
                <AuditNow url={url} onStarted={retry} />
              </InfoCard>
              <Box mt={2}>
                <Table<LighthouseAudit>
                  title={`Audits (${website.audits.length})`}
                  options={{ paging: true, pageSize: 10, search: false }}
                  columns={columns}
                  data={website.audits}
                  onRowClick={(_e, a) => a && setSelected(a.id)}
                />
              </Box>
              <Box mt={2}>
                {shown?.status === 'COMPLETED' ? (
                  <InfoCard
                    title={`Report of ${formatTime(shown.timeCreated)}`}
                  >
                    <Report audit={shown} />
                  </InfoCard>
                ) : (
                  <Typography>
                    {shown
                      ? 'This audit has no report: pick a completed one.'
                      : 'No completed audit has a report yet.'}
                  </Typography>
                )}
              </Box>
            </>
          );
        }}
      </WebsiteStatus>
    </Content>
  );
}
