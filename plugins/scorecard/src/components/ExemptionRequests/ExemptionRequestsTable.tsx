import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import type { ScorecardExemptionRequest } from '@internal/backstage-plugin-scorecard-common';
import {
  SCORECARD_INPUT_LIMITS,
  scorecardExemptionDecidePermission,
} from '@internal/backstage-plugin-scorecard-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { day, errorMessage, personName } from './format';
import { reasonProblem } from './validateExemptionRequest';

/** pending first, then the decided ones; newest first in each */
export function orderRequests(
  pending: ScorecardExemptionRequest[],
  all: ScorecardExemptionRequest[],
): ScorecardExemptionRequest[] {
  const ids = new Set(pending.map(r => r.id));
  const newestFirst = (
    a: ScorecardExemptionRequest,
    b: ScorecardExemptionRequest,
  ) => b.requestedAt.localeCompare(a.requestedAt);
  return [
    ...[...pending].sort(newestFirst),
    ...all
      .filter(r => r.status !== 'pending' && !ids.has(r.id))
      .sort(newestFirst),
  ];
}

/** Deny asks why: the reason is kept with the decision. */
function DenyDialog(props: {
  request: ScorecardExemptionRequest;
  onClose(): void;
  onDeny(reason: string): Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();
  const problem = submitted ? reasonProblem(reason) : undefined;
  const deny = async () => {
    setSubmitted(true);
    setServerError(undefined);
    if (reasonProblem(reason)) return;
    setSending(true);
    try {
      await props.onDeny(reason.trim());
    } catch (e) {
      setServerError(errorMessage(e));
      setSending(false);
    }
  };
  return (
    <Dialog open onClose={props.onClose} aria-labelledby="deny-title" fullWidth>
      <DialogTitle id="deny-title">
        Deny the exemption of {props.request.entityRef} from “
        {props.request.checkId}”
      </DialogTitle>
      <DialogContent>
        <TextField
          id="deny-reason"
          label="Why is it denied?"
          value={reason}
          onChange={e => setReason(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          required
          error={!!problem}
          helperText={problem ?? 'The requester sees it'}
          inputProps={{ maxLength: SCORECARD_INPUT_LIMITS.reasonLength.max }}
        />
        {serverError && (
          <Typography color="error" role="alert">
            {serverError}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button color="secondary" onClick={deny} disabled={sending}>
          Deny
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function Decision({ request }: { request: ScorecardExemptionRequest }) {
  if (request.status === 'pending') return <>pending</>;
  return (
    <>
      <strong>{request.status}</strong>
      {request.decidedBy && <> by {personName(request.decidedBy)}</>}
      {request.decidedAt && <> on {day(request.decidedAt)}</>}
      {request.decisionReason && (
        <Typography
          variant="body2"
          component="span"
          style={{ display: 'block' }}
        >
          {request.decisionReason}
        </Typography>
      )}
    </>
  );
}

/**
 * The Scorecards page's exemption requests: pending ones first, with
 * Approve and Deny for who may decide (scorecard.exemption.decide: the
 * platform team; others see the status), then every decision (who, when,
 * why).
 */
export function ExemptionRequestsTable() {
  const api = useApi(scorecardApiRef);
  const { allowed: canDecide } = usePermission({
    permission: scorecardExemptionDecidePermission,
  });
  const [denying, setDenying] = useState<ScorecardExemptionRequest>();
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [pending, all, titles] = await Promise.all([
      api.listExemptionRequests({ status: 'pending' }),
      api.listExemptionRequests(),
      api
        .getConfiguration()
        .then(c => new Map(c.checks.map(x => [x.id, x.title])))
        .catch(() => new Map<string, string>()),
    ]);
    return { requests: orderRequests(pending, all), titles };
  }, [api]);

  if (loading && !value) return <Progress />;
  if (error || !value) {
    return (
      <ResponseErrorPanel error={error ?? new Error('No exemption requests')} />
    );
  }

  const approve = async (request: ScorecardExemptionRequest) => {
    setBusy(request.id);
    setActionError(undefined);
    try {
      await api.approveExemptionRequest(request.id);
      retry();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const { requests, titles } = value;
  return (
    <Box>
      {actionError && (
        <Typography color="error" role="alert" paragraph>
          {actionError}
        </Typography>
      )}
      <TableContainer component={Paper}>
        <Table
          size="small"
          aria-label="exemption requests"
          data-testid="exemption-requests-table"
        >
          <TableHead>
            <TableRow>
              <TableCell>Entity</TableCell>
              <TableCell>Check</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Until</TableCell>
              <TableCell>Requested</TableCell>
              <TableCell>Decision</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {requests.length === 0 && (
              <TableRow>
                <TableCell colSpan={7}>No exemption requests yet.</TableCell>
              </TableRow>
            )}
            {requests.map(r => (
              <TableRow key={r.id} data-request={r.id} data-status={r.status}>
                <TableCell>
                  <EntityRefLink entityRef={r.entityRef} />
                </TableCell>
                <TableCell>{titles.get(r.checkId) ?? r.checkId}</TableCell>
                <TableCell style={{ overflowWrap: 'anywhere' }}>
                  {r.reason}
                </TableCell>
                <TableCell>{day(r.expiresAt)}</TableCell>
                <TableCell>
                  {personName(r.requestedBy)} on {day(r.requestedAt)}
                </TableCell>
                <TableCell>
                  <Decision request={r} />
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {r.status === 'pending' && canDecide && (
                    <>
                      <Button
                        size="small"
                        color="primary"
                        disabled={busy === r.id}
                        onClick={() => approve(r)}
                      >
                        Approve
                      </Button>
                      <Button
                        size="small"
                        disabled={busy === r.id}
                        onClick={() => {
                          setActionError(undefined);
                          setDenying(r);
                        }}
                      >
                        Deny
                      </Button>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {denying && (
        <DenyDialog
          request={denying}
          onClose={() => setDenying(undefined)}
          onDeny={async reason => {
            await api.denyExemptionRequest(denying.id, reason);
            setDenying(undefined);
            retry();
          }}
        />
      )}
    </Box>
  );
}
