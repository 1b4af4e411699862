import { TestDatabases } from '@backstage/backend-test-utils';
import { WebsiteStandIn } from 'sandbox';
import { readAuditServiceConfig } from './config';
import { RunningAuditService, startAuditService } from './startAuditService';

// a javascript: URL, written so that linters do not take it for one
const SCRIPT_URL = `${'javascript'}:alert(1)`;

/*
 * The audit service for real: Spotify's lighthouse-audit-service on
 * PostgreSQL, auditing the sandbox's example website in Debian's Chromium,
 * behind the allow-list.
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('the Lighthouse audit service', () => {
  let service: RunningAuditService;
  let website: WebsiteStandIn;
  let databaseName: string;

  beforeAll(async () => {
    website = await WebsiteStandIn.start();
    const knex = await databases.init('POSTGRES_15');
    const connection = (knex.client as any).config.connection;
    databaseName = connection.database;
    service = await startAuditService(
      {
        ...readAuditServiceConfig({
          LAS_PORT: '0',
          LAS_ALLOWED_HOSTS: `${new URL(website.url).host},allowed.example.com`,
          LAS_UP_TIMEOUT_MS: '3000',
          PGHOST: connection.host,
          PGPORT: String(connection.port),
          PGUSER: connection.user,
          PGPASSWORD: connection.password,
          PGDATABASE: databaseName,
        }),
        createDatabase: false,
      },
      {
        // allowed.example.com "resolves" to the cloud metadata address
        lookup: async host =>
          host === 'allowed.example.com' ? ['169.254.169.254'] : ['127.0.0.1'],
      },
    );
  });

  afterAll(async () => {
    await service?.close();
    await website?.close();
  });

  const api = (path: string, init?: RequestInit) =>
    fetch(`${service.url}${path}`, init);
  const trigger = (url: string, options: object = {}) =>
    api('/v1/audits', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, options }),
    });
  const until = async (id: string) => {
    for (let i = 0; i < 240; i++) {
      const res = await api(`/v1/audits/${id}`, {
        headers: { accept: 'application/json' },
      });
      const audit = await res.json();
      if (audit.status !== 'RUNNING') return audit;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`audit ${id} still RUNNING`);
  };

  it('audits the example website in Chromium and keeps the report', async () => {
    const res = await trigger(`${website.url}/`, {
      // what a caller may not choose: ignored, the service's Chromium runs
      chromePath: '/bin/false',
      lighthouseConfig: {
        settings: {
          formFactor: 'desktop',
          screenEmulation: { disabled: true },
        },
        gatherers: ['/tmp/evil-gatherer.js'],
      },
    });
    expect(res.status).toBe(201);
    const { id, status } = await res.json();
    expect(status).toBe('RUNNING');

    const audit = await until(id);
    expect(audit.status).toBe('COMPLETED');
    expect(audit.report.configSettings.formFactor).toBe('desktop');
    const categories = audit.report.categories;
    for (const key of [
      'performance',
      'accessibility',
      'best-practices',
      'seo',
    ]) {
      expect(categories[key].score).toBeGreaterThan(0.5);
    }
    expect(website.requests.some(r => r.path === '/styles.css')).toBe(true);

    // the list, the website's history and the HTML report
    const list = await (await api('/v1/audits')).json();
    expect(list.items.map((a: any) => a.id)).toContain(id);
    const site = await (
      await api(`/v1/websites/${encodeURIComponent(`${website.url}/`)}`)
    ).json();
    expect(site.lastAudit.categories.seo.score).toBe(categories.seo.score);
    const html = await api(`/v1/audits/${id}`, {
      headers: { accept: 'text/html' },
    });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('Lighthouse Report');
  });

  it('a website that is down: the audit FAILS and says why', async () => {
    website.failNext('GET', '^/$', 503, 'Down for maintenance', 1000);
    try {
      const res = await trigger(`${website.url}/`);
      const audit = await until((await res.json()).id);
      expect(audit.status).toBe('FAILED');
      expect(audit.failureReason).toMatch(
        /^The website did not answer with a success status within 3 s: .*Timed out waiting for: http-get:\/\/127\.0\.0\.1:\d+\//,
      );
      const list = await (await api('/v1/audits?limit=50')).json();
      expect(list.items.find((a: any) => a.id === audit.id).failureReason).toBe(
        audit.failureReason,
      );
    } finally {
      website.clearFaults();
    }
  });

  it.each([
    ['file:///etc/passwd', /file: URLs are refused/],
    [SCRIPT_URL, /javascript: URLs are refused/],
    [
      'http://169.254.169.254/latest/meta-data/',
      /link-local or cloud metadata/,
    ],
    ['http://allowed.example.com/', /resolves to 169\.254\.169\.254/],
    ['https://www.example.org/', /not on the audit service's allow-list/],
  ])('refuses %s before a browser starts', async (url, reason) => {
    const before = await (await api('/v1/audits?limit=1000')).json();
    const res = await trigger(url);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(reason);
    const after = await (await api('/v1/audits?limit=1000')).json();
    expect(after.total).toBe(before.total);

    const policy = await (
      await api(`/v1/url-policy?url=${encodeURIComponent(url)}`)
    ).json();
    expect(policy).toEqual({
      allowed: false,
      reason: expect.stringMatching(reason),
    });
  });

  it('says which URLs it audits', async () => {
    const policy = await (
      await api(`/v1/url-policy?url=${encodeURIComponent(`${website.url}/x`)}`)
    ).json();
    expect(policy).toEqual({ allowed: true });
  });

  it('an audit id that is no UUID is a 404, not a database error', async () => {
    const res = await api('/v1/audits/not-a-uuid', {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('no audit found for id "not-a-uuid"');
  });
});
