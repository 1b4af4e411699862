import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { ArgoCdAppStatus, useArgoCdApps } from './useArgoCdApps';

const SYNC_ICONS: Record<string, (p: { children: ReactNode }) => JSX.Element> =
  { Synced: StatusOK, OutOfSync: StatusWarning, Unknown: StatusPending };
const HEALTH_ICONS: Record<
  string,
  (p: { children: ReactNode }) => JSX.Element
> = {
  Healthy: StatusOK,
  Progressing: StatusPending,
  Suspended: StatusPending,
  Degraded: StatusError,
  Missing: StatusError,
  Unknown: StatusPending,
};

function AppStatus({ app }: { app: ArgoCdAppStatus }) {
  const Sync = SYNC_ICONS[app.sync] ?? StatusWarning;
  const Health = HEALTH_ICONS[app.health] ?? StatusWarning;
  return (
    <li data-app={app.name}>
      <Typography variant="subtitle2" component="span">
        {app.name}
        {app.instance && ` on ${app.instance}`}
      </Typography>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ columnGap: 16 }}
      >
        <Sync>{app.sync}</Sync>
        <Health>{app.health}</Health>
        {app.syncedAt && (
          <Typography variant="body2" color="textSecondary" component="span">
            synced {new Date(app.syncedAt).toLocaleString()}
          </Typography>
        )}
      </Box>
    </li>
  );
}

/**
 * Deployment status in the first screen: each Argo CD application's sync and
 * health. The history and details are on the Argo CD tab.
 */
export function ArgoCdStatusCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useArgoCdApps(entity);
  const history = (
    <Link to="argocd" underline="always">
      History
    </Link>
  );
  return (
    <InfoCard title="Deployment" action={history}>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.length === 0 && (
        <Typography variant="body2">No Argo CD application found.</Typography>
      )}
      {value && value.length > 0 && (
        <ul
          data-testid="entity-argocd-status"
          aria-label="Argo CD applications"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {value.map(app => (
            <AppStatus key={`${app.instance}/${app.name}`} app={app} />
          ))}
        </ul>
      )}
    </InfoCard>
  );
}
