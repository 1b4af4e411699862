import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { rootRouteRef } from '../../routes';
import { entityCampaignLine } from './format';

/**
 * The entity card's campaigns, a line each: "Q1 security: due 2027-03-31,
 * 2 of 3 done", linked to the campaign on the Scorecards page. Nothing when
 * the entity is in no campaign; a failure is one quiet line (the card's
 * score still shows).
 */
export function EntityCampaigns(props: { entityRef: string }) {
  const api = useApi(scorecardApiRef);
  const scorecardsPage = useRouteRef(rootRouteRef);
  const { value, error } = useAsync(
    () => api.getEntityCampaigns(props.entityRef),
    [api, props.entityRef],
  );
  if (error) {
    return (
      <Typography variant="caption" color="textSecondary">
        Campaigns could not be loaded: {error.message}
      </Typography>
    );
  }
  if (!value || value.length === 0) return null;
  return (
    <List
      dense
      disablePadding
      aria-label="campaigns"
      data-testid="entity-scorecard-campaigns"
    >
      {value.map(c => {
        const line = entityCampaignLine(c);
        return (
          <ListItem
            key={c.id}
            data-campaign={c.id}
            data-done={String(c.done)}
            disableGutters
            style={{ paddingTop: 0, paddingBottom: 0 }}
          >
            <ListItemText
              primary={
                scorecardsPage ? (
                  <Link
                    to={`${scorecardsPage()}?tab=campaigns&campaign=${encodeURIComponent(
                      c.id,
                    )}`}
                  >
                    {line}
                  </Link>
                ) : (
                  line
                )
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
