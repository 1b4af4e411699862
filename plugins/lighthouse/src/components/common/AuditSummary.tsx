import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { LighthouseAudit, LighthouseWebsite } from '../../api';
import { CATEGORIES, ScoreGauge, Trend, categoryScore } from './scores';

const TREND_LENGTH = 10;

export function formatTime(time: string): string {
  return new Date(time).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** The last audit if it did not complete: running, or FAILED and why. */
export function LastAuditNotice(props: { audit: LighthouseAudit }) {
  const { audit } = props;
  if (audit.status === 'RUNNING') {
    return (
      <Typography paragraph>
        An audit is running (started {formatTime(audit.timeCreated)}).
      </Typography>
    );
  }
  if (audit.status === 'FAILED') {
    return (
      <WarningPanel
        defaultExpanded
        severity="error"
        title={`Last audit FAILED (${formatTime(audit.timeCreated)})`}
      >
        {audit.failureReason ?? 'The audit service did not say why.'}
      </WarningPanel>
    );
  }
  return null;
}

/** The latest scores per category, each with the trend of recent audits. */
export function AuditSummary(props: { website: LighthouseWebsite }) {
  const { website } = props;
  const completed = website.audits.filter(a => a.status === 'COMPLETED');
  const latest = completed[0];
  const recent = completed.slice(0, TREND_LENGTH).reverse();
  return (
    <>
      <LastAuditNotice audit={website.lastAudit} />
      {latest ? (
        <>
          <Typography variant="body2" paragraph>
            Latest completed audit: {formatTime(latest.timeCreated)} (
            {completed.length} completed of {website.audits.length})
          </Typography>
          <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
            {CATEGORIES.map(({ id, title }) => {
              const scores = recent
                .map(a => categoryScore(a, id))
                .filter((s): s is number => typeof s === 'number');
              return (
                <Box key={id} textAlign="center">
                  <ScoreGauge title={title} score={categoryScore(latest, id)} />
                  <Trend
                    scores={scores}
                    label={`${title} over the last ${
                      scores.length
                    } audits: ${scores
                      .map(s => Math.round(s * 100))
                      .join(', ')}`}
                  />
                </Box>
              );
            })}
          </Box>
        </>
      ) : (
        <Typography>No audit of this website has completed yet.</Typography>
      )}
    </>
  );
}
