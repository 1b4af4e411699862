import type {
  AuditBase,
  LighthouseCategoryAbbr,
  LighthouseCategoryId,
} from '@backstage-community/plugin-lighthouse-common';
import { createApiRef } from '@backstage/frontend-plugin-api';

/** An audit as the portal's audit service answers (with why it failed). */
export type LighthouseAudit = AuditBase &
  (
    | { status: 'RUNNING' }
    | { status: 'FAILED'; timeCompleted: string; failureReason?: string }
    | {
        status: 'COMPLETED';
        timeCompleted: string;
        categories: Partial<
          Record<LighthouseCategoryId, LighthouseCategoryAbbr>
        >;
      }
  );

/** A website's audits, newest first. */
export type LighthouseWebsite = {
  url: string;
  audits: LighthouseAudit[];
  lastAudit: LighthouseAudit;
};

/** Whether the audit service would audit a URL. */
export type LighthouseUrlPolicy =
  | { allowed: true }
  | { allowed: false; reason: string };

export interface LighthouseApi {
  /** the website's audits, or undefined when it was never audited */
  getWebsite(url: string): Promise<LighthouseWebsite | undefined>;
  checkUrl(url: string): Promise<LighthouseUrlPolicy>;
  /** starts an audit now (the backend also audits on its schedule) */
  triggerAudit(
    url: string,
    formFactor: 'mobile' | 'desktop',
  ): Promise<LighthouseAudit>;
  /** Lighthouse's own HTML report of a completed audit */
  getReportHtml(auditId: string): Promise<string>;
}

export const lighthouseApiRef = createApiRef<LighthouseApi>({
  id: 'plugin.lighthouse.api',
});
