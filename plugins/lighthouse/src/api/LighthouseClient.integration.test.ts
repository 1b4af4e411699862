import { mockApis } from '@backstage/test-utils';
import { startLighthouseBackend } from '../__testUtils__/lighthouseBackend';
import { LighthouseClient } from './LighthouseClient';

/*
 * The client against the real proxy backend and audit service: a real audit
 * of the sandbox's example website, a failed one, a refused URL, and the
 * service gone.
 */

jest.setTimeout(180_000);

describe('LighthouseClient', () => {
  let backend: Awaited<ReturnType<typeof startLighthouseBackend>>;
  let client: LighthouseClient;

  beforeAll(async () => {
    backend = await startLighthouseBackend();
    client = new LighthouseClient({
      discoveryApi: mockApis.discovery({ baseUrl: backend.url }),
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string>),
              authorization: `Bearer ${backend.userToken}`,
            },
          }),
      },
    });
  });
  afterAll(() => backend?.stop());

  it('a website never audited is undefined, and allowed', async () => {
    const url = `${backend.website.url}/`;
    expect(await client.getWebsite(url)).toBeUndefined();
    expect(await client.checkUrl(url)).toEqual({ allowed: true });
  });

  it('starts an audit that runs in Chromium, then reads it and its report', async () => {
    const url = `${backend.website.url}/`;
    const started = await client.triggerAudit(url, 'desktop');
    expect(started.status).toBe('RUNNING');
    let website;
    for (let i = 0; i < 240; i++) {
      website = await client.getWebsite(url);
      if (website?.lastAudit.status !== 'RUNNING') break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect(website!.lastAudit).toMatchObject({
      id: started.id,
      status: 'COMPLETED',
      categories: { seo: { score: expect.any(Number) } },
    });
    const html = await client.getReportHtml(started.id);
    expect(html).toContain('Lighthouse Report');
  });

  it('a failed audit carries why', async () => {
    const failed = await backend.audit({ down: true });
    expect(failed.status).toBe('FAILED');
    const website = await client.getWebsite(`${backend.website.url}/`);
    expect(website!.lastAudit).toMatchObject({
      id: failed.id,
      status: 'FAILED',
      failureReason: expect.stringMatching(
        /^The website did not answer with a success status within 2 s/,
      ),
    });
  });

  it('a URL off the allow-list is refused with the reason', async () => {
    const url = 'http://169.254.169.254/latest/meta-data/';
    expect(await client.checkUrl(url)).toEqual({
      allowed: false,
      reason: expect.stringMatching(/link-local or cloud metadata/),
    });
    await expect(client.triggerAudit(url, 'mobile')).rejects.toThrow(
      /^Audit refused: 169\.254\.169\.254 is a link-local or cloud metadata address/,
    );
  });

  it('the audit service gone: says so (last: it stops the service)', async () => {
    await backend.stopAuditService();
    await expect(client.getWebsite('http://x/')).rejects.toThrow(
      /^the audit service does not answer \(HTTP 50[24] from the \/lighthouse proxy\)/,
    );
  });
});
