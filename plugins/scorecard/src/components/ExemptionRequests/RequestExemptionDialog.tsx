import type { ScorecardExemptionRequest } from '@internal/backstage-plugin-scorecard-common';
import { SCORECARD_INPUT_LIMITS } from '@internal/backstage-plugin-scorecard-common';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { scorecardApiRef } from '../../api/ScorecardApi';
import { errorMessage } from './format';
import { validateExemptionRequest } from './validateExemptionRequest';

/**
 * The owner's request for an exemption from one check: a reason and the
 * date it ends, checked before sending; what the backend refuses is shown.
 */
export function RequestExemptionDialog(props: {
  entityRef: string;
  check: { id: string; title: string };
  onClose(): void;
  onRequested(request: ScorecardExemptionRequest): void;
}) {
  const { entityRef, check, onClose, onRequested } = props;
  const api = useApi(scorecardApiRef);
  const [reason, setReason] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();
  const problems = submitted
    ? validateExemptionRequest({ reason, expiresOn })
    : {};

  const send = async () => {
    setSubmitted(true);
    setServerError(undefined);
    const found = validateExemptionRequest({ reason, expiresOn });
    if (found.reason || found.expiresOn) return;
    setSending(true);
    try {
      const request = await api.requestExemption({
        entityRef,
        checkId: check.id,
        reason: reason.trim(),
        expiresAt: expiresOn,
      });
      onRequested(request);
    } catch (e) {
      setServerError(errorMessage(e));
      setSending(false);
    }
  };

  const titleId = `request-exemption-${check.id}`;
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>
        Request an exemption from “{check.title}”
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          The platform team approves or denies it. While it is exempt, the check
          does not count in the score.
        </Typography>
        <TextField
          id={`${titleId}-reason`}
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          multiline
          minRows={3}
          fullWidth
          margin="normal"
          required
          error={!!problems.reason}
          helperText={
            problems.reason ?? 'Why the check cannot pass for now, and the plan'
          }
          inputProps={{ maxLength: SCORECARD_INPUT_LIMITS.reasonLength.max }}
        />
        <TextField
          id={`${titleId}-until`}
          label="Exempt until"
          type="date"
          value={expiresOn}
          onChange={e => setExpiresOn(e.target.value)}
          fullWidth
          margin="normal"
          required
          InputLabelProps={{ shrink: true }}
          error={!!problems.expiresOn}
          helperText={problems.expiresOn ?? 'At most a year from today'}
        />
        {serverError && (
          <Typography color="error" role="alert">
            {serverError}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="primary" onClick={send} disabled={sending}>
          Send request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
