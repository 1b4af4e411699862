import { createApiRef } from '@backstage/frontend-plugin-api';
import type { SnykSelection } from '../annotations';

export type SnykSeverity = 'critical' | 'high' | 'medium' | 'low';
export const SNYK_SEVERITIES: SnykSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
];

export type SnykProject = {
  id: string;
  name: string;
  type: string;
  /** the project in Snyk's web app */
  url: string;
};

export type SnykIssue = {
  id: string;
  title: string;
  severity: SnykSeverity;
  type: string;
  problemId?: string;
  projectId: string;
  createdAt?: string;
  /** the issue's project in Snyk's web app */
  url: string;
};

/** An entity's Snyk projects and their open issues. */
export type SnykReport = {
  projects: (SnykProject & {
    counts: Record<SnykSeverity, number>;
    issues: SnykIssue[];
  })[];
};

export interface SnykApi {
  getReport(selection: SnykSelection): Promise<SnykReport>;
}

export const snykApiRef = createApiRef<SnykApi>({ id: 'plugin.snyk.api' });
