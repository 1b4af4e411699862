import type {
  ScorecardCheckResult,
  ScorecardExemptionRequest,
} from '@internal/backstage-plugin-scorecard-common';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { personName } from './format';
import { RequestExemptionDialog } from './RequestExemptionDialog';

/**
 * The entity's pending exemption requests by check, with those requested
 * here added. Nothing when they cannot be read (the card still works).
 */
export function usePendingExemptionRequests(entityRef: string) {
  const api = useApi(scorecardApiRef);
  const [added, setAdded] = useState<ScorecardExemptionRequest[]>([]);
  const { value } = useAsync(
    () => api.listExemptionRequests({ entityRef, status: 'pending' }),
    [api, entityRef],
  );
  const byCheck = new Map<string, ScorecardExemptionRequest>();
  for (const r of [...(value ?? []), ...added]) {
    if (!byCheck.has(r.checkId)) byCheck.set(r.checkId, r);
  }
  const add = useCallback(
    (request: ScorecardExemptionRequest) => setAdded(a => [...a, request]),
    [],
  );
  return { byCheck, add };
}

/**
 * On a check of the Scorecard tab: its pending exemption request, or (a
 * failed or unknown check, not exempt) the action to request one.
 */
export function CheckExemptionRequest(props: {
  entityRef: string;
  check: Pick<ScorecardCheckResult, 'id' | 'title' | 'status' | 'exempt'>;
  pending?: ScorecardExemptionRequest;
  onRequested(request: ScorecardExemptionRequest): void;
}) {
  const { entityRef, check, pending, onRequested } = props;
  const [open, setOpen] = useState(false);
  if (pending) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid="exemption-request-pending"
        style={{ display: 'block' }}
      >
        Exemption requested by {personName(pending.requestedBy)}, pending
      </Typography>
    );
  }
  if (check.exempt || check.status === 'passed') return null;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        data-testid="exemption-request-button"
        aria-label={`Request exemption from ${check.title}`}
        onClick={() => setOpen(true)}
        style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
      >
        Request exemption
      </Button>
      {open && (
        <RequestExemptionDialog
          entityRef={entityRef}
          check={check}
          onClose={() => setOpen(false)}
          onRequested={request => {
            setOpen(false);
            onRequested(request);
          }}
        />
      )}
    </>
  );
}
