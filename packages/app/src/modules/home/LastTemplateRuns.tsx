import {
  Link,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ScaffolderTask,
  ScaffolderTaskStatus,
} from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { createPath, taskPath, tasksPath } from './paths';

/** The runs shown. */
export const LAST_RUNS = 5;

/** The template's title, else its name, as the run recorded it. */
export function templateTitle(task: ScaffolderTask): string {
  const info = task.spec.templateInfo;
  const metadata = info?.entity?.metadata;
  if (metadata?.title) return metadata.title;
  if (metadata?.name) return metadata.name;
  if (info?.entityRef) {
    try {
      return parseEntityRef(info.entityRef).name;
    } catch {
      return info.entityRef;
    }
  }
  return 'Unknown template';
}

/** A run's status, in words with its colour. */
export function RunStatus({ status }: { status: ScaffolderTaskStatus }) {
  switch (status) {
    case 'completed':
      return <StatusOK>Completed</StatusOK>;
    case 'failed':
      return <StatusError>Failed</StatusError>;
    case 'processing':
      return <StatusRunning>Running</StatusRunning>;
    case 'open':
      return <StatusPending>Waiting to start</StatusPending>;
    case 'cancelled':
      return <StatusAborted>Cancelled</StatusAborted>;
    case 'skipped':
      return <StatusAborted>Skipped</StatusAborted>;
    default:
      return <StatusPending>{status}</StatusPending>;
  }
}

/**
 * The home page widget "Last template runs": the signed-in user's last
 * runs of software templates, newest first, each linking to its page.
 */
export function LastTemplateRuns() {
  const scaffolderApi = useApi(scaffolderApiRef);
  const { value, loading, error } = useAsync(
    () =>
      scaffolderApi.listTasks({ filterByOwnership: 'owned', limit: LAST_RUNS }),
    [scaffolderApi],
  );

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <ResponseErrorPanel error={error ?? new Error('No template runs')} />
    );
  }
  if (value.tasks.length === 0) {
    return (
      <Typography variant="body2">
        No template runs yet — create something from{' '}
        <Link to={createPath} underline="always">
          Create
        </Link>
        : a new service, a library, a website, the supported way.
      </Typography>
    );
  }
  return (
    <List dense aria-label="last template runs">
      {value.tasks.slice(0, LAST_RUNS).map(task => {
        const when = new Date(task.createdAt);
        return (
          <ListItem key={task.id} disableGutters data-task={task.id}>
            <ListItemText
              primary={
                <Link to={taskPath(task.id)}>{templateTitle(task)}</Link>
              }
              secondary={
                <>
                  <RunStatus status={task.status} />
                  {' · '}
                  <time dateTime={task.createdAt}>{when.toLocaleString()}</time>
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}

/** The widget's footer: every run of the user's. */
export function LastTemplateRunsActions() {
  return <Link to={tasksPath}>All your template runs</Link>;
}
