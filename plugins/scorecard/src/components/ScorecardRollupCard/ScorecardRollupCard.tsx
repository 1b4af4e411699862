import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import type { ScorecardRollup } from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { LevelBadge } from '../common/LevelBadge';
import { describeTrend, Sparkline } from '../common/Sparkline';

/** how many failing checks and children the card lists */
export const ROLLUP_CARD_SHOWN = { failingChecks: 5, children: 10 };

/** what a kind's roll-up counts, and what its children are called */
const KIND_TEXT: Record<string, { subheader: string; children: string }> = {
  system: {
    subheader: 'Its components, APIs and resources',
    children: 'Components, APIs and resources',
  },
  domain: {
    subheader: 'Its systems and their components, APIs and resources',
    children: 'Systems',
  },
  group: {
    subheader: 'What it and its sub-groups own',
    children: 'Owned entities',
  },
};

const percent = (passed: number, total: number) =>
  total > 0 ? Math.round((passed / total) * 100) : 0;

function Levels(props: { levels: ScorecardRollup['levels'] }) {
  return (
    <Box
      component="ul"
      aria-label="entities per level"
      display="flex"
      flexWrap="wrap"
      style={{ gap: 12, listStyle: 'none', padding: 0, margin: '8px 0' }}
    >
      {Object.entries(props.levels).map(([level, count]) => (
        <Box
          component="li"
          key={level}
          data-level={level}
          display="flex"
          alignItems="center"
          style={{ gap: 4 }}
        >
          <LevelBadge level={level === 'none' ? null : level} />
          <Typography variant="body2">{count}</Typography>
        </Box>
      ))}
    </Box>
  );
}

function FailingChecks(props: { rollup: ScorecardRollup }) {
  const { failingChecks } = props.rollup;
  if (failingChecks.length === 0) {
    return (
      <Typography variant="body2">No check fails on any of them.</Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="checks failing most">
      {failingChecks.slice(0, ROLLUP_CARD_SHOWN.failingChecks).map(check => (
        <ListItem key={check.checkId} data-check={check.checkId} disableGutters>
          <ListItemText
            style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
            primary={check.title}
            secondary={`fails on ${check.failing} ${
              check.failing === 1 ? 'entity' : 'entities'
            }`}
          />
        </ListItem>
      ))}
    </List>
  );
}

function Children(props: { rollup: ScorecardRollup; label: string }) {
  const { children, childCount } = props.rollup;
  const shown = children.slice(0, ROLLUP_CARD_SHOWN.children);
  return (
    <>
      <List dense disablePadding aria-label={props.label}>
        {shown.map(child => (
          <ListItem
            key={child.entityRef}
            data-entity={child.entityRef}
            disableGutters
          >
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
            >
              <Typography variant="body2" component="span">
                <EntityRefLink entityRef={child.entityRef} />
              </Typography>
              <LevelBadge level={child.level} />
              <Typography variant="caption" color="textSecondary">
                {child.passed}/{child.total} checks pass
              </Typography>
            </Box>
          </ListItem>
        ))}
      </List>
      {childCount > shown.length && (
        <Typography variant="caption" color="textSecondary">
          and {childCount - shown.length} more
        </Typography>
      )}
    </>
  );
}

/**
 * The overview card of a System, Domain or Group: its children's
 * scorecard (score, levels, the checks failing most, the children each with
 * its level, the trend of earlier full evaluations).
 */
export function ScorecardRollupCard() {
  const { entity } = useEntity();
  const api = useApi(scorecardApiRef);
  const entityRef = stringifyEntityRef(entity);
  const text = KIND_TEXT[entity.kind.toLocaleLowerCase('en-US')] ?? {
    subheader: 'Its children',
    children: 'Children',
  };
  const { value, loading, error } = useAsync(
    () => api.getEntityScorecard(entityRef),
    [api, entityRef],
  );

  const card = (content: JSX.Element) => (
    <InfoCard title="Scorecard roll-up" subheader={text.subheader}>
      <div data-testid="entity-scorecard-rollup">{content}</div>
    </InfoCard>
  );
  if (loading) return card(<Progress />);
  if (error || !value) {
    return card(
      <ResponseErrorPanel error={error ?? new Error('No scorecard')} />,
    );
  }
  const { rollup } = value;
  if (!rollup || rollup.entities === 0) {
    return card(
      <Typography variant="body2">
        Nothing under this {entity.kind} has a scorecard yet.
      </Typography>,
    );
  }
  const trend = describeTrend(rollup.history);
  return card(
    <>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
      >
        <Typography variant="h6" component="p">
          {percent(rollup.passed, rollup.total)}%
        </Typography>
        <Typography variant="body2">
          {rollup.passed} of {rollup.total} checks pass across {rollup.entities}{' '}
          {rollup.entities === 1 ? 'entity' : 'entities'}
        </Typography>
        {rollup.history.length > 0 && (
          <Sparkline points={rollup.history} label={trend} />
        )}
      </Box>
      <Levels levels={rollup.levels} />
      <Typography variant="subtitle2" component="h3">
        Failing most
      </Typography>
      <FailingChecks rollup={rollup} />
      <Typography variant="subtitle2" component="h3">
        {text.children}
      </Typography>
      <Children rollup={rollup} label={text.children} />
    </>,
  );
}
