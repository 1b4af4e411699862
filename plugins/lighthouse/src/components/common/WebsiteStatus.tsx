import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import type { LighthouseWebsite } from '../../api';
import { useWebsite } from './useWebsite';

/**
 * Loading, the annotation problem, the audit service's error or refusal, or
 * "not audited yet"; else the children with the website's audits.
 */
export function WebsiteStatus(props: {
  children: (
    website: LighthouseWebsite,
    url: string,
    retry: () => void,
  ) => ReactNode;
  /** shown when the website has no audit yet (e.g. a button to start one) */
  empty?: (url: string, retry: () => void) => ReactNode;
}) {
  const { problem, url, loading, error, value, retry } = useWebsite();
  if (problem) {
    return (
      <WarningPanel
        defaultExpanded
        severity="error"
        title="The website URL cannot be read"
      >
        {problem}
      </WarningPanel>
    );
  }
  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Lighthouse audits could not be read: ${error.message}`}
      />
    );
  }
  if (value?.policy.allowed === false) {
    return (
      <WarningPanel
        defaultExpanded
        severity="error"
        title={`${url} is not audited`}
      >
        {value.policy.reason}
      </WarningPanel>
    );
  }
  if (!value?.website) {
    return (
      <>
        <Typography>
          {url} has not been audited yet: the portal audits it on its schedule.
        </Typography>
        {props.empty?.(url!, retry)}
      </>
    );
  }
  return <>{props.children(value.website, url!, retry)}</>;
}
