import type {
  ConfigApi,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import type { SnykSelection } from '../annotations';
import {
  SNYK_SEVERITIES,
  SnykApi,
  SnykIssue,
  SnykReport,
  SnykSeverity,
} from './SnykApi';

/** The REST API version the client asks for (`?version=`). */
export const SNYK_API_VERSION = '2024-10-15';
const MAX_ATTEMPTS = 3;
const MAX_RETRY_AFTER_S = 10;

/** An error of Snyk's, with the detail of its JSON:API error document. */
export class SnykError extends Error {
  name = 'SnykError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

type Resource = {
  id: string;
  attributes: Record<string, any>;
  relationships?: Record<string, { data?: { id: string } }>;
};

/**
 * SnykApi on Snyk's REST API through the backend's `/snyk` proxy (which adds
 * the token): follows `links.next`, waits out a 429's Retry-After a few
 * times, and turns Snyk's error documents into readable errors.
 */
export class SnykClient implements SnykApi {
  constructor(
    private readonly deps: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
      configApi?: ConfigApi;
      /** waits between retries (tests shorten it) */
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  private get appUrl() {
    return (
      this.deps.configApi?.getOptionalString('snyk.appUrl') ??
      'https://app.snyk.io'
    ).replace(/\/$/, '');
  }

  private async request(pathAndQuery: string): Promise<any> {
    const base = `${await this.deps.discoveryApi.getBaseUrl('proxy')}/snyk`;
    const sleep =
      this.deps.sleep ??
      ((ms: number) => new Promise(resolve => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      const res = await this.deps.fetchApi.fetch(`${base}${pathAndQuery}`, {
        headers: { accept: 'application/vnd.api+json' },
      });
      if (res.ok) return res.json();
      const retryAfter = Math.min(
        Number(res.headers.get('retry-after')) || 1,
        MAX_RETRY_AFTER_S,
      );
      if (res.status === 429 && attempt < MAX_ATTEMPTS) {
        await sleep(retryAfter * 1000);
        continue;
      }
      throw await this.error(res, retryAfter);
    }
  }

  private async error(res: Response, retryAfter: number): Promise<SnykError> {
    let detail = '';
    try {
      const body = await res.json();
      detail = body?.errors?.[0]?.detail ?? body?.error?.message ?? '';
    } catch {
      // not a JSON:API document
    }
    if (res.status === 401) {
      return new SnykError(
        `Snyk refused the portal's API token (HTTP 401): the /snyk proxy's token (SNYK_TOKEN) is missing, wrong or expired.${
          detail ? ` Snyk says: ${detail}` : ''
        }`,
        401,
      );
    }
    if (res.status === 429) {
      return new SnykError(
        `Snyk is rate limiting the portal (HTTP 429) after ${MAX_ATTEMPTS} attempts; try again in ${retryAfter} s.`,
        429,
      );
    }
    return new SnykError(
      `Snyk answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
      res.status,
    );
  }

  /** Every resource of a list, page by page (`links.next`). */
  private async list(path: string, query: Record<string, string>) {
    const items: Resource[] = [];
    let next: string | undefined = `${path}?${new URLSearchParams({
      version: SNYK_API_VERSION,
      limit: '100',
      ...query,
    })}`;
    for (let page = 0; next && page < 50; page++) {
      const body: any = await this.request(next);
      items.push(...(body.data ?? []));
      // a path from the API's host: /rest/orgs/...
      next = body.links?.next?.replace(/^(https?:\/\/[^/]+)?\/rest/, '');
    }
    return items;
  }

  async getReport(selection: SnykSelection): Promise<SnykReport> {
    const org = `/orgs/${encodeURIComponent(selection.orgId)}`;
    const orgBody = await this.request(
      `${org}?${new URLSearchParams({ version: SNYK_API_VERSION })}`,
    );
    const slug = orgBody.data?.attributes?.slug ?? selection.orgId;

    let projects: Resource[];
    if (selection.projectIds?.length) {
      projects = await this.list(`${org}/projects`, {
        ids: selection.projectIds.join(','),
      });
    } else {
      let targetId: string | undefined;
      if (selection.target && 'id' in selection.target) {
        targetId = selection.target.id;
      } else if (selection.target) {
        const name = selection.target.displayName;
        const targets = await this.list(`${org}/targets`, {
          display_name: name,
        });
        targetId = targets.find(t => t.attributes.display_name === name)?.id;
        if (!targetId) {
          throw new SnykError(
            `Snyk has no target named ${name} in organization ${slug}: import the repository into Snyk, or set snyk.io/target-id.`,
            404,
          );
        }
      }
      projects = await this.list(`${org}/projects`, {
        target_id: targetId!,
      });
    }
    projects = projects.filter(
      p => !selection.excludeProjectIds.includes(p.id),
    );

    return {
      projects: await Promise.all(
        projects.map(async project => {
          const url = `${this.appUrl}/org/${encodeURIComponent(
            slug,
          )}/project/${encodeURIComponent(project.id)}`;
          const issues: SnykIssue[] = (
            await this.list(`${org}/issues`, {
              'scan_item.id': project.id,
              'scan_item.type': 'project',
              status: 'open',
            })
          ).map(issue => ({
            id: issue.id,
            title: issue.attributes.title,
            severity: issue.attributes.effective_severity_level,
            type: issue.attributes.type,
            problemId: issue.attributes.problems?.[0]?.id,
            createdAt: issue.attributes.created_at,
            projectId: project.id,
            url: issue.attributes.problems?.[0]?.id
              ? `${url}#issue-${issue.attributes.problems[0].id}`
              : url,
          }));
          const counts = Object.fromEntries(
            SNYK_SEVERITIES.map(s => [s, 0]),
          ) as Record<SnykSeverity, number>;
          for (const issue of issues) {
            if (issue.severity in counts) counts[issue.severity] += 1;
          }
          return {
            id: project.id,
            name: project.attributes.name,
            type: project.attributes.type,
            url,
            counts,
            issues,
          };
        }),
      ),
    };
  }
}
