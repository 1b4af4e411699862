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
  SCORECARD_DIMENSIONS,
  type ScorecardCheckResult,
} from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { LevelBadge } from '../common/LevelBadge';
import { describeTrend, Sparkline } from '../common/Sparkline';
import { StatusIcon } from '../common/StatusIcon';
import {
  CheckExemptionRequest,
  usePendingExemptionRequests,
} from '../ExemptionRequests';

const dimensionTitle = (id: string) =>
  SCORECARD_DIMENSIONS.find(d => d.id === id)?.title ?? id;

function CheckSecondary({ check }: { check: ScorecardCheckResult }) {
  return (
    <>
      <span>
        {dimensionTitle(check.dimension)} · {check.detail}
      </span>
      {check.exemption && (
        <span style={{ display: 'block' }}>
          Exempt until {check.exemption.expiresAt.slice(0, 10)}:{' '}
          {check.exemption.reason} ({check.exemption.author})
        </span>
      )}
      {!check.passed && !check.exempt && check.howToFix && (
        <span style={{ display: 'block' }}>
          <Link to={check.howToFix}>How to fix</Link>
        </span>
      )}
    </>
  );
}

/** The entity's scorecard: score, level, trend and every check. */
export function ScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(scorecardApiRef);
  const entityRef = stringifyEntityRef(entity);
  const exemptionRequests = usePendingExemptionRequests(entityRef);
  const { value, loading, error } = useAsync(async () => {
    const [scorecard, history] = await Promise.all([
      api.getEntityScorecard(entityRef),
      api.getHistory(entityRef),
    ]);
    return { scorecard, history };
  }, [api, entityRef]);

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
  const { scorecard, history } = value;
  return (
    <InfoCard
      title={`Scorecard: ${scorecard.score.passed}/${scorecard.score.total}`}
    >
      <Box display="flex" alignItems="center" style={{ gap: 12 }} mb={1}>
        <LevelBadge level={scorecard.level} />
        <Sparkline
          points={history.points}
          label={describeTrend(history.points)}
        />
        {scorecard.evaluatedAt && (
          <Typography variant="caption" color="textSecondary">
            evaluated {new Date(scorecard.evaluatedAt).toLocaleString()}
          </Typography>
        )}
      </Box>
      {scorecard.checks.length === 0 ? (
        <Typography variant="body2">
          No scorecard check applies to this entity.
        </Typography>
      ) : (
        <List dense aria-label="scorecard checks">
          {scorecard.checks.map(check => (
            <ListItem key={check.id} data-check={check.id}>
              <ListItemIcon>
                <StatusIcon status={check.status} exempt={check.exempt} />
              </ListItemIcon>
              <ListItemText
                primary={check.title}
                secondary={<CheckSecondary check={check} />}
              />
              <CheckExemptionRequest
                entityRef={entityRef}
                check={check}
                pending={exemptionRequests.byCheck.get(check.id)}
                onRequested={exemptionRequests.add}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
