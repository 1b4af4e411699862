import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ScorecardCampaignSummary } from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { BurndownChart } from './BurndownChart';
import { CampaignProgressBar } from './CampaignProgressBar';
import { orderCampaigns, STATUS_LABELS } from './format';

/** Every campaign with its status, dates and progress; a title opens it. */
function CampaignList(props: { onOpen(id: string): void }) {
  const api = useApi(scorecardApiRef);
  const { value, loading, error } = useAsync(() => api.listCampaigns(), [api]);
  if (loading) return <Progress />;
  if (error || !value) {
    return <ResponseErrorPanel error={error ?? new Error('No campaigns')} />;
  }
  if (value.length === 0) {
    return (
      <Typography variant="body2">
        No campaigns yet. The platform team defines them in app-config.yaml
        (scorecard.campaigns) or through the scorecard API.
      </Typography>
    );
  }
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="campaigns">
        <TableHead>
          <TableRow>
            <TableCell>Campaign</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Start</TableCell>
            <TableCell>Due</TableCell>
            <TableCell>Checks</TableCell>
            <TableCell>Progress</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {orderCampaigns(value).map((c: ScorecardCampaignSummary) => (
            <TableRow key={c.id} data-campaign={c.id} data-status={c.status}>
              <TableCell>
                <Link
                  component="button"
                  variant="body2"
                  underline="always"
                  onClick={() => props.onOpen(c.id)}
                >
                  {c.title}
                </Link>
              </TableCell>
              <TableCell>{STATUS_LABELS[c.status]}</TableCell>
              <TableCell>{c.startDate}</TableCell>
              <TableCell>{c.targetDate}</TableCell>
              <TableCell>{c.checks.length}</TableCell>
              <TableCell>
                <CampaignProgressBar progress={c.progress} label={c.title} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

const owner = (ref: string | null) =>
  ref && ref !== 'none' ? <EntityRefLink entityRef={ref} /> : 'No owner';

/** A campaign: what it asks, its burn-down, its teams and entities. */
function CampaignDetail(props: { id: string; onBack(): void }) {
  const api = useApi(scorecardApiRef);
  const { value, loading, error } = useAsync(async () => {
    const [campaign, configuration] = await Promise.all([
      api.getCampaign(props.id),
      api.getConfiguration(),
    ]);
    return {
      campaign,
      titles: new Map(configuration.checks.map(c => [c.id, c.title])),
    };
  }, [api, props.id]);
  const back = (
    <Button variant="outlined" size="small" onClick={props.onBack}>
      All campaigns
    </Button>
  );
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <>
        {back}
        <ResponseErrorPanel error={error ?? new Error('No campaign')} />
      </>
    );
  }
  const { campaign: c, titles } = value;
  const title = (id: string) => titles.get(id) ?? id;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <Box>{back}</Box>
      <Box>
        <Typography variant="h5" component="h2">
          {c.title}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {STATUS_LABELS[c.status]} · {c.startDate} to {c.targetDate} ·{' '}
          {c.source === 'config'
            ? 'defined in app-config.yaml'
            : 'created through the API'}
          {c.archivedAt &&
            ` · archived ${c.archivedAt.slice(0, 10)}: the final figures`}
        </Typography>
        {c.description && (
          <Typography variant="body2" style={{ whiteSpace: 'pre-line' }}>
            {c.description}
          </Typography>
        )}
        <Typography variant="body2">
          Checks: {c.checks.map(title).join(', ')}
        </Typography>
        <CampaignProgressBar progress={c.progress} label={c.title} />
      </Box>
      <Paper>
        <Box p={2}>
          <Typography variant="h6" component="h3">
            Burn-down
          </Typography>
          <Typography variant="caption" color="textSecondary">
            Entities not yet done after each full evaluation; dashed: on track
            to none left by the due date.
          </Typography>
          <BurndownChart
            points={c.burndown}
            startDate={c.startDate}
            targetDate={c.targetDate}
          />
        </Box>
      </Paper>
      <TableContainer component={Paper}>
        <Table size="small" aria-label="teams">
          <TableHead>
            <TableRow>
              <TableCell>Team</TableCell>
              <TableCell>Progress</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {c.teams.map(t => (
              <TableRow key={t.owner} data-team={t.owner}>
                <TableCell>{owner(t.owner)}</TableCell>
                <TableCell>
                  <CampaignProgressBar progress={t} label={t.owner} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TableContainer component={Paper}>
        <Table size="small" aria-label="entities">
          <TableHead>
            <TableRow>
              <TableCell>Entity</TableCell>
              <TableCell>Team</TableCell>
              <TableCell>Checks left</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {c.entities.map(e => (
              <TableRow
                key={e.entityRef}
                data-entity={e.entityRef}
                data-done={String(e.done)}
              >
                <TableCell>
                  <EntityRefLink entityRef={e.entityRef} />
                </TableCell>
                <TableCell>{owner(e.owner)}</TableCell>
                <TableCell>
                  {e.done ? 'Done' : e.remaining.map(title).join(', ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}

/**
 * The Scorecards page's Campaigns tab: the list, or a campaign
 * (`?campaign=<id>`, so that it can be linked to).
 */
export function CampaignsTab() {
  const [params, setParams] = useSearchParams();
  const id = params.get('campaign');
  const open = (campaignId?: string) => {
    const next = new URLSearchParams(params);
    if (campaignId) next.set('campaign', campaignId);
    else next.delete('campaign');
    setParams(next);
  };
  return (
    <Content>
      <div data-testid="scorecard-campaigns">
        {id ? (
          <CampaignDetail id={id} onBack={() => open()} />
        ) : (
          <CampaignList onOpen={open} />
        )}
      </div>
    </Content>
  );
}
