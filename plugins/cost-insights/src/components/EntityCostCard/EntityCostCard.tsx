import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  type EntityCostSummary,
  costTagOf,
} from '@internal/backstage-plugin-cost-insights-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { CostInsightsError, entityCostApiRef } from '../../api';

const TOP = 3;

function money(amount: number, currency: string) {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
    }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** What an error of the backend means, in a sentence. */
function titleOf(error: Error): string {
  const status = error instanceof CostInsightsError ? error.status : 0;
  switch (status) {
    case 400:
      return 'The cost query was refused';
    case 429:
      return 'AWS Cost Explorer is throttling the portal';
    case 502:
      return 'AWS Cost Explorer refused the portal';
    case 503:
      return 'AWS Cost Explorer has no data yet';
    default:
      return 'Costs could not be read';
  }
}

function Summary({ summary }: { summary: EntityCostSummary }) {
  const { change, currency } = summary;
  const up = change.amount > 0;
  const changeText =
    change.ratio === undefined
      ? `${up ? '+' : ''}${money(change.amount, currency)}`
      : `${up ? '▲' : '▼'} ${Math.abs(change.ratio * 100).toFixed(1)}% (${
          up ? '+' : '−'
        }${money(Math.abs(change.amount), currency)})`;
  return (
    <>
      <Typography variant="h5" component="p">
        Cost, last 30 days: {money(summary.current.amount, currency)}
      </Typography>
      <Typography
        aria-label="change against the previous 30 days"
        style={{ color: up ? '#c62828' : '#2e7d32' }}
      >
        {changeText} vs the previous 30 days (
        {money(summary.previous.amount, currency)})
      </Typography>
      <Box mt={2}>
        <Typography variant="subtitle2">Top products</Typography>
        {summary.topProducts.length === 0 ? (
          <Typography>
            No costs carry the tag {summary.tag.key}={summary.tag.value} in the
            last 30 days.
          </Typography>
        ) : (
          <List dense aria-label="top products">
            {summary.topProducts.slice(0, TOP).map(p => (
              <ListItem key={p.product} disableGutters>
                <ListItemText
                  primary={p.product}
                  secondary={money(p.amount, currency)}
                />
              </ListItem>
            ))}
          </List>
        )}
      </Box>
    </>
  );
}

/**
 * The entity's AWS cost: the last 30 days, the change against the 30 before
 * and the top products, from the costs carrying its cost tag.
 */
export function EntityCostCard() {
  const { entity } = useEntity();
  const api = useApi(entityCostApiRef);
  const tag = useMemo(() => costTagOf(entity), [entity]);
  const state = useAsync(async () => {
    if ('problem' in tag) return undefined;
    return api.getEntitySummary(entity);
  }, [api, entity, tag]);

  let content;
  if ('problem' in tag) {
    content = (
      <WarningPanel severity="error" title="The cost tag cannot be read">
        {tag.problem}
      </WarningPanel>
    );
  } else if (state.loading) {
    content = <Progress />;
  } else if (state.error) {
    content = (
      <WarningPanel
        severity="error"
        title={`${titleOf(state.error)}: ${state.error.message}`}
      />
    );
  } else {
    content = <Summary summary={state.value!} />;
  }
  return (
    <InfoCard
      title="AWS cost"
      subheader={
        'problem' in tag ? undefined : `Costs tagged ${tag.key}=${tag.value}`
      }
    >
      {content}
    </InfoCard>
  );
}
