import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  type CheckToFix,
  checksToFixFirst,
} from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { LevelBadge } from '../common/LevelBadge';
import { StatusIcon } from '../common/StatusIcon';
import { PendingExemptionRequestsLine } from '../ExemptionRequests';
import { EntityCampaigns } from '../Campaigns';

/**
 * How many checks to fix the card lists (one on a phone, where the first
 * screen also has to hold About and the deployment status); the Scorecard
 * tab has them all.
 */
const FIX_FIRST_SHOWN = { wide: 3, phone: 1 };

/** The checks to fix first, or why there are none. */
function FixFirst(props: {
  toFix: CheckToFix[];
  shown: number;
  applicable: number;
  phone: boolean;
}) {
  const { toFix, shown, applicable } = props;
  if (applicable === 0) {
    return (
      <Typography variant="body2">
        No scorecard check applies to this entity.
      </Typography>
    );
  }
  if (toFix.length === 0) {
    return <Typography variant="body2">Every check passes.</Typography>;
  }
  return (
    <>
      <List dense aria-label="checks to fix first">
        {toFix.slice(0, shown).map(check => (
          <ListItem key={check.id} data-check={check.id} disableGutters>
            <ListItemIcon>
              <StatusIcon status={check.status} exempt={false} />
            </ListItemIcon>
            <ListItemText
              style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
              primary={
                check.howToFix ? (
                  <Link to={check.howToFix} underline="always">
                    {check.title}
                  </Link>
                ) : (
                  check.title
                )
              }
              secondary={
                check.blocksLevel
                  ? `${check.detail} · needed for ${check.blocksLevel}`
                  : check.detail
              }
            />
          </ListItem>
        ))}
      </List>
      {/* on a phone the card's "All checks" link says it: the line would
          push the next cards out of the first screen */}
      {toFix.length > shown && !props.phone && (
        <Typography variant="caption" color="textSecondary">
          and {toFix.length - shown} more on the Scorecard tab
        </Typography>
      )}
    </>
  );
}

/**
 * The first screen's scorecard: the level, the score and the checks to fix
 * first (those of the next level up). Every check is on the Scorecard tab.
 */
export function ScorecardSummaryCard() {
  const { entity } = useEntity();
  const api = useApi(scorecardApiRef);
  const entityRef = stringifyEntityRef(entity);
  const phone = useMediaQuery<Theme>(theme => theme.breakpoints.down('xs'));
  const shown = phone ? FIX_FIRST_SHOWN.phone : FIX_FIRST_SHOWN.wide;
  const { value, loading, error } = useAsync(async () => {
    const [scorecard, configuration] = await Promise.all([
      api.getEntityScorecard(entityRef),
      api.getConfiguration(),
    ]);
    return { scorecard, levels: configuration.levels };
  }, [api, entityRef]);

  const allChecks = (
    <Link to="scorecard" underline="always">
      All checks
    </Link>
  );
  if (loading) {
    return (
      <InfoCard title="Scorecard">
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title="Scorecard">
        <ResponseErrorPanel error={error ?? new Error('No scorecard')} />
      </InfoCard>
    );
  }
  const { scorecard, levels } = value;
  const toFix = checksToFixFirst(scorecard.checks, levels);
  return (
    <InfoCard title="Scorecard" action={allChecks}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
      >
        <span data-testid="entity-scorecard-level">
          <LevelBadge level={scorecard.level} />
        </span>
        <Typography variant="body2">
          {scorecard.score.passed} of {scorecard.score.total} checks pass
        </Typography>
      </Box>
      <FixFirst
        toFix={toFix}
        shown={shown}
        phone={phone}
        applicable={scorecard.checks.length}
      />
      <PendingExemptionRequestsLine entityRef={entityRef} />
      <EntityCampaigns entityRef={entityRef} />
    </InfoCard>
  );
}
