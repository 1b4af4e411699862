/**
 * The proxy backend runs in this process: Node, not jsdom.
 *
 * @jest-environment node
 */
import {
  CODE_ID,
  GOMOD_ID,
  ORG_ID,
  TARGET_ID,
  startSnykBackend,
} from '../__testUtils__/snykBackend';
import { SnykClient } from './SnykClient';

/* SnykClient through the real proxy backend to the Snyk stand-in. */

jest.setTimeout(60_000);

describe('SnykClient', () => {
  let backend: Awaited<ReturnType<typeof startSnykBackend>>;
  let client: SnykClient;
  const sleeps: number[] = [];

  beforeAll(async () => {
    backend = await startSnykBackend();
    client = new SnykClient({
      discoveryApi: { getBaseUrl: async id => `${backend.url}/api/${id}` },
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: {
              ...(init?.headers as object),
              authorization: `Bearer ${backend.userToken}`,
            },
          }),
      },
      sleep: async ms => {
        sleeps.push(ms);
      },
    });
  });
  afterAll(() => backend?.stop());
  afterEach(() => {
    backend.snyk.clearFaults();
    sleeps.length = 0;
  });

  it("counts the open issues of the target's projects, across pages", async () => {
    const report = await client.getReport({
      orgId: ORG_ID,
      target: { displayName: 'myorg/order-service' },
      excludeProjectIds: [],
    });
    const gomod = report.projects.find(p => p.id === GOMOD_ID)!;
    expect(gomod.issues).toHaveLength(130);
    expect(gomod.counts).toEqual({
      critical: 33,
      high: 33,
      medium: 32,
      low: 32,
    });
    expect(gomod.url).toBe(`https://app.snyk.io/org/myorg/project/${GOMOD_ID}`);
    expect(gomod.issues[0].url).toBe(
      `https://app.snyk.io/org/myorg/project/${GOMOD_ID}#issue-SNYK-GOLANG-5000`,
    );
    const code = report.projects.find(p => p.id === CODE_ID)!;
    expect(code.counts.high).toBe(1);
    // two pages of issues for go.mod: links.next was followed
    const issuePages = backend.snyk.requests.filter(
      r => r.path.endsWith('/issues') && r.query['scan_item.id'] === GOMOD_ID,
    );
    expect(issuePages).toHaveLength(2);
    expect(issuePages[1].query.starting_after).toBeDefined();
  });

  it('reads named projects, and leaves out excluded ones', async () => {
    const report = await client.getReport({
      orgId: ORG_ID,
      target: { id: TARGET_ID },
      excludeProjectIds: [GOMOD_ID],
    });
    expect(report.projects.map(p => p.id)).toEqual([CODE_ID]);
    const named = await client.getReport({
      orgId: ORG_ID,
      projectIds: [CODE_ID],
      excludeProjectIds: [],
    });
    expect(named.projects.map(p => p.id)).toEqual([CODE_ID]);
  });

  it('says the token was refused on a 401', async () => {
    backend.snyk.failNext('GET', /.*/, 401);
    await expect(
      client.getReport({
        orgId: ORG_ID,
        target: { id: TARGET_ID },
        excludeProjectIds: [],
      }),
    ).rejects.toThrow(
      /refused the portal's API token \(HTTP 401\).*SNYK_TOKEN/,
    );
  });

  it("waits out a 429's Retry-After, and gives up after three attempts", async () => {
    backend.snyk.failNext('GET', /\/projects$/, 429, 'slow down', 2);
    const report = await client.getReport({
      orgId: ORG_ID,
      target: { id: TARGET_ID },
      excludeProjectIds: [],
    });
    expect(report.projects).toHaveLength(2);
    expect(sleeps).toEqual([1000, 1000]);

    backend.snyk.failNext('GET', /\/projects$/, 429, 'slow down', 3);
    await expect(
      client.getReport({
        orgId: ORG_ID,
        target: { id: TARGET_ID },
        excludeProjectIds: [],
      }),
    ).rejects.toThrow(/rate limiting the portal \(HTTP 429\) after 3 attempts/);
  });

  it('says so when Snyk has no such organization or target', async () => {
    await expect(
      client.getReport({
        orgId: '00000000-0000-4000-8000-000000000000',
        target: { id: TARGET_ID },
        excludeProjectIds: [],
      }),
    ).rejects.toThrow(/HTTP 404: Org .* was not found/);
    await expect(
      client.getReport({
        orgId: ORG_ID,
        target: { displayName: 'myorg/unknown' },
        excludeProjectIds: [],
      }),
    ).rejects.toThrow(/no target named myorg\/unknown/);
  });
});
