import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { isError, type ResponseError } from '@backstage/errors';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  EntityRefLinks,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  checksToFixFirst,
  type CheckToFix,
  type ScorecardEntitySummary,
} from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef, type ScorecardApi } from '../../api/ScorecardApi';
import { entityScorecardPath, rootRouteRef } from '../../routes';
import { LevelBadge } from '../common/LevelBadge';
import { StatusIcon } from '../common/StatusIcon';

/** The entities shown, those with the most checks open first. */
export const MAX_ENTITIES = 10;
/** The checks to fix shown per entity. */
export const MAX_CHECKS = 3;

type Row = { summary: ScorecardEntitySummary; toFix: CheckToFix[] };

const isGroupRef = (ref: string) => {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
  } catch {
    return false;
  }
};

/** removed since it was scored, or not visible to the user */
const isNotFound = (error: unknown) =>
  isError(error) &&
  (error.name === 'NotFoundError' ||
    (error as Partial<ResponseError>).statusCode === 404);

const open = (s: ScorecardEntitySummary) => s.total - s.passed;

/**
 * The scored entities the groups own, those with the most checks open
 * first, each with its checks in the order to fix them (the scorecard's:
 * the next level's first).
 */
async function loadRows(api: ScorecardApi, teams: string[]) {
  const [lists, { levels }] = await Promise.all([
    Promise.all(teams.map(owner => api.listEntities({ owner }))),
    api.getConfiguration(),
  ]);
  const summaries = [
    ...new Map(lists.flat().map(s => [s.entityRef, s])).values(),
  ].sort((a, b) => open(b) - open(a) || a.entityRef.localeCompare(b.entityRef));
  const rows = await Promise.all(
    summaries
      .slice(0, MAX_ENTITIES)
      .map(async (summary): Promise<Row | undefined> => {
        if (open(summary) <= 0) return { summary, toFix: [] };
        try {
          const scorecard = await api.getEntityScorecard(summary.entityRef);
          return {
            summary: {
              ...summary,
              passed: scorecard.score.passed,
              total: scorecard.score.total,
              level: scorecard.level,
            },
            toFix: checksToFixFirst(scorecard.checks, levels),
          };
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
  );
  return {
    rows: rows.filter((r): r is Row => !!r),
    more: Math.max(0, summaries.length - MAX_ENTITIES),
  };
}

function CheckToFixItem({ check }: { check: CheckToFix }) {
  return (
    <ListItem dense disableGutters data-check={check.id}>
      <ListItemIcon>
        <StatusIcon status={check.status} exempt={false} />
      </ListItemIcon>
      <ListItemText
        primary={check.title}
        // the whole detail, wrapped (the theme cuts dense items to one line);
        // it quotes annotations and paths, long words
        style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
        secondary={
          <>
            {check.detail}
            {check.blocksLevel && ` · needed for ${check.blocksLevel}`}
            {check.howToFix && (
              <>
                {' · '}
                <Link to={check.howToFix} underline="always">
                  How to fix
                </Link>
              </>
            )}
          </>
        }
      />
    </ListItem>
  );
}

function EntityRow({ row }: { row: Row }) {
  const { summary, toFix } = row;
  const entityPath = useEntityRefLink();
  const scorecardTab = `${entityPath(
    summary.entityRef,
  )}/${entityScorecardPath}`;
  const rest = toFix.length - MAX_CHECKS;
  return (
    <ListItem divider disableGutters data-entity={summary.entityRef}>
      <Box width="100%">
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="subtitle2" component="span">
            <EntityRefLink entityRef={summary.entityRef} />
          </Typography>
          <LevelBadge level={summary.level} />
          <Typography variant="caption" color="textSecondary">
            {summary.passed}/{summary.total} checks pass
          </Typography>
        </Box>
        {toFix.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nothing to fix: every check passes or is exempt.
          </Typography>
        ) : (
          <List
            dense
            disablePadding
            aria-label={`checks to fix first on ${summary.entityRef}`}
          >
            {toFix.slice(0, MAX_CHECKS).map(check => (
              <CheckToFixItem key={check.id} check={check} />
            ))}
          </List>
        )}
        <Typography variant="body2">
          <Link to={scorecardTab}>
            {rest > 0
              ? `${rest} more to fix on its scorecard`
              : 'Its scorecard'}
          </Link>
        </Typography>
      </Box>
    </ListItem>
  );
}

/**
 * The home page widget "My teams' services": what the signed-in user's
 * groups own (the scored kinds), with each entity's level and the checks to
 * fix first, linking to each entity's page and its Scorecard tab.
 */
export function MyTeamsServices() {
  const identityApi = useApi(identityApiRef);
  const api = useApi(scorecardApiRef);
  const { value, loading, error } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const teams = ownershipEntityRefs.filter(isGroupRef);
    return { teams, ...(await loadRows(api, teams)) };
  }, [identityApi, api]);

  if (loading) return <Progress />;
  if (error || !value) {
    return <ResponseErrorPanel error={error ?? new Error('No scorecards')} />;
  }
  const { teams, rows, more } = value;
  if (teams.length === 0) {
    return (
      <Typography variant="body2">
        You are not a member of any team in the catalog yet. Ask your team to
        add you to its group: its services then show here with their scorecards.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        Owned by <EntityRefLinks entityRefs={teams} defaultKind="group" />
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="body2">
          Your teams own nothing with a scorecard yet. Set{' '}
          <code>spec.owner</code> to your team in a service's{' '}
          <code>catalog-info.yaml</code>, or create a service from a template:
          once scored, it shows here with the checks to fix.
        </Typography>
      ) : (
        <List aria-label="my teams' services">
          {rows.map(row => (
            <EntityRow key={row.summary.entityRef} row={row} />
          ))}
        </List>
      )}
      {more > 0 && (
        <Typography variant="body2" color="textSecondary">
          and {more} more, with as many checks open or fewer
        </Typography>
      )}
    </>
  );
}

/** The widget's footer: every team's scorecards. */
export function MyTeamsServicesActions() {
  const scorecardsPage = useRouteRef(rootRouteRef);
  if (!scorecardsPage) return <></>;
  return <Link to={scorecardsPage()}>All teams' scorecards</Link>;
}
