import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { ReactNode } from 'react';
import { useSnykReport } from './useSnykReport';
import type { SnykReport } from '../../api';

/** Loading, the annotation problem or Snyk's error; else the children. */
export function SnykStatus(props: {
  children: (report: SnykReport) => ReactNode;
}) {
  const { problem, loading, error, value } = useSnykReport();
  if (problem) {
    return (
      <WarningPanel severity="error" title="Snyk annotations cannot be read">
        {problem}
      </WarningPanel>
    );
  }
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Snyk could not be read: ${error.message}`}
      />
    );
  }
  return <>{props.children(value!)}</>;
}
