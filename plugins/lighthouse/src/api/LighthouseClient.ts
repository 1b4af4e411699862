import type {
  ConfigApi,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import type {
  LighthouseApi,
  LighthouseAudit,
  LighthouseUrlPolicy,
  LighthouseWebsite,
} from './LighthouseApi';

/** An answer of the audit service's that is not a success. */
export class LighthouseError extends Error {
  name = 'LighthouseError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/**
 * LighthouseApi on the audit service's REST API through the backend's
 * proxy (`lighthouse.proxyPath`, default `/lighthouse`), so the browser
 * stays on the portal's origin and the portal's sign-in guards it.
 */
export class LighthouseClient implements LighthouseApi {
  constructor(
    private readonly deps: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
      configApi?: ConfigApi;
    },
  ) {}

  private async request(path: string, init: RequestInit = {}) {
    const proxyPath =
      this.deps.configApi?.getOptionalString('lighthouse.proxyPath') ??
      '/lighthouse';
    const base = `${await this.deps.discoveryApi.getBaseUrl(
      'proxy',
    )}${proxyPath}`;
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (res.ok) return res;
    const text = (await res.text().catch(() => '')).trim();
    let detail = text;
    try {
      // the proxy's own errors are Backstage's JSON error bodies
      const body = JSON.parse(text);
      detail = body?.error?.message ?? text;
    } catch {
      // the audit service answers text
    }
    if (res.status === 502 || res.status === 504) {
      detail = `the audit service does not answer (HTTP ${
        res.status
      } from the /lighthouse proxy)${detail ? `: ${detail}` : ''}`;
    }
    throw new LighthouseError(
      detail.slice(0, 500) || `HTTP ${res.status}`,
      res.status,
    );
  }

  async getWebsite(url: string): Promise<LighthouseWebsite | undefined> {
    try {
      const res = await this.request(
        `/v1/websites/${encodeURIComponent(url)}`,
        { headers: { accept: 'application/json' } },
      );
      return await res.json();
    } catch (error) {
      if (error instanceof LighthouseError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async checkUrl(url: string): Promise<LighthouseUrlPolicy> {
    const res = await this.request(
      `/v1/url-policy?${new URLSearchParams({ url })}`,
      { headers: { accept: 'application/json' } },
    );
    return res.json();
  }

  async triggerAudit(
    url: string,
    formFactor: 'mobile' | 'desktop',
  ): Promise<LighthouseAudit> {
    const res = await this.request('/v1/audits', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url,
        options: {
          lighthouseConfig: {
            settings:
              formFactor === 'desktop'
                ? {
                    formFactor,
                    emulatedFormFactor: formFactor,
                    screenEmulation: { disabled: true },
                  }
                : { formFactor, emulatedFormFactor: formFactor },
          },
        },
      }),
    });
    return res.json();
  }

  async getReportHtml(auditId: string): Promise<string> {
    const res = await this.request(
      `/v1/audits/${encodeURIComponent(auditId)}`,
      { headers: { accept: 'text/html' } },
    );
    return res.text();
  }
}
