import { SnykStandIn } from './SnykStandIn';
import { SnykSeverity } from './model';

/* The Snyk stand-in over HTTP, as a REST API client sees it. */

const ORG = 'f3a9c1d2-8b4e-4c6a-9d1f-2e7b5a3c8d90';
const TOKEN = 'sandbox-snyk-token';
const VERSION = '2024-10-15';

describe('SnykStandIn', () => {
  let snyk: SnykStandIn;

  beforeAll(async () => {
    snyk = await SnykStandIn.start();
    const severities: SnykSeverity[] = ['critical', 'high', 'medium', 'low'];
    snyk.seedProject({
      org: { id: ORG, name: 'MyOrg', slug: 'myorg' },
      target: {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        displayName: 'myorg/order-service',
        url: 'https://github.com/myorg/order-service',
      },
      project: {
        id: 'a1b2c3d4-0000-4000-8000-000000000002',
        name: 'myorg/order-service:go.mod',
        type: 'gomod',
        targetFile: 'go.mod',
      },
      issues: Array.from({ length: 23 }, (_, i) => ({
        title: `Issue ${i}`,
        type: 'package_vulnerability' as const,
        effectiveSeverityLevel: severities[i % 4],
        status: i === 22 ? ('resolved' as const) : ('open' as const),
        problemId: `SNYK-GOLANG-${1000 + i}`,
      })),
    });
  });
  afterAll(() => snyk?.close());
  afterEach(() => snyk.clearFaults());

  const get = (path: string, token = TOKEN) =>
    fetch(`${snyk.url}${path}`, {
      headers: { authorization: `token ${token}` },
    });

  it('serves an organization as a JSON:API document', async () => {
    const res = await get(`/rest/orgs/${ORG}?version=${VERSION}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(
      /application\/vnd\.api\+json/,
    );
    const body = await res.json();
    expect(body.jsonapi.version).toBe('1.0');
    expect(body.data).toMatchObject({ id: ORG, type: 'org' });
  });

  it('finds the target by name, its projects, and pages through the issues', async () => {
    const targets = await (
      await get(
        `/rest/orgs/${ORG}/targets?version=${VERSION}&display_name=myorg/order-service`,
      )
    ).json();
    expect(targets.data).toHaveLength(1);
    const projects = await (
      await get(
        `/rest/orgs/${ORG}/projects?version=${VERSION}&target_id=${targets.data[0].id}`,
      )
    ).json();
    expect(projects.data).toHaveLength(1);

    const seen: string[] = [];
    let next:
      | string
      | undefined = `/rest/orgs/${ORG}/issues?version=${VERSION}&scan_item.id=${projects.data[0].id}&scan_item.type=project&status=open&limit=10`;
    let pages = 0;
    while (next) {
      const page: any = await (await get(next)).json();
      seen.push(...page.data.map((i: any) => i.id));
      next = page.links.next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(22);
  });

  it('answers 401 with a JSON:API error for an unknown token', async () => {
    const res = await get(`/rest/orgs/${ORG}?version=${VERSION}`, 'wrong');
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.errors[0]).toMatchObject({
      status: '401',
      title: 'Unauthorized',
    });
  });

  it('answers 400 without a version, as the real API does', async () => {
    const res = await get(`/rest/orgs/${ORG}`);
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].detail).toMatch(/version/);
    expect((await get(`/rest/orgs/${ORG}?version=latest`)).status).toBe(400);
  });

  it('answers 404 for an organization it does not have, 400 for a bad limit', async () => {
    expect(
      (
        await get(
          `/rest/orgs/00000000-0000-4000-8000-000000000000?version=${VERSION}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await get(`/rest/orgs/${ORG}/issues?version=${VERSION}&limit=7`)).status,
    ).toBe(400);
  });

  it('answers an injected 429 with Retry-After, then normally', async () => {
    snyk.failNext('GET', /\/issues$/, 429, 'Too many requests');
    const limited = await get(`/rest/orgs/${ORG}/issues?version=${VERSION}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(
      (await get(`/rest/orgs/${ORG}/issues?version=${VERSION}`)).status,
    ).toBe(200);
  });
});
