import type { CheckStatus } from '@internal/backstage-plugin-scorecard-common';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';

/** passed / failed / unknown / exempt, as an icon with a text label */
export function StatusIcon(props: { status: CheckStatus; exempt: boolean }) {
  if (props.exempt) {
    return <RemoveCircleOutlineIcon titleAccess="exempt" htmlColor="#757575" />;
  }
  switch (props.status) {
    case 'passed':
      return <CheckCircleIcon titleAccess="passed" htmlColor="#2e7d32" />;
    case 'failed':
      return <CancelIcon titleAccess="failed" htmlColor="#c62828" />;
    default:
      return <HelpIcon titleAccess="unknown" htmlColor="#ef6c00" />;
  }
}
