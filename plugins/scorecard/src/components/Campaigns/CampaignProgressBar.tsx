import type { ScorecardCampaignProgress } from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { percentDone, progressText } from './format';

/** A bar of the entities done, with "2 of 3 entities done (67%)". */
export function CampaignProgressBar(props: {
  progress: ScorecardCampaignProgress;
  label: string;
}) {
  const { progress, label } = props;
  const text = progressText(progress);
  return (
    <Box minWidth={160}>
      <LinearProgress
        variant="determinate"
        value={percentDone(progress)}
        aria-label={`${label}: ${text}`}
      />
      <Typography variant="caption" color="textSecondary">
        {text}
      </Typography>
    </Box>
  );
}
