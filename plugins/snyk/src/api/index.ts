export { snykApiRef, SNYK_SEVERITIES } from './SnykApi';
export type {
  SnykApi,
  SnykIssue,
  SnykProject,
  SnykReport,
  SnykSeverity,
} from './SnykApi';
export { SnykClient, SnykError, SNYK_API_VERSION } from './SnykClient';
