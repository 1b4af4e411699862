import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';

/** "1 exemption request pending": nothing when none are (or unknown). */
export function PendingExemptionRequestsLine(props: { entityRef: string }) {
  const api = useApi(scorecardApiRef);
  const { value } = useAsync(
    () =>
      api.listExemptionRequests({
        entityRef: props.entityRef,
        status: 'pending',
      }),
    [api, props.entityRef],
  );
  const count = value?.length ?? 0;
  if (count === 0) return null;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="exemption-requests-pending"
    >
      {count} exemption {count === 1 ? 'request' : 'requests'} pending
    </Typography>
  );
}
