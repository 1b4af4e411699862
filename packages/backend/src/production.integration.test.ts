import crypto from 'node:crypto';
import { Client } from 'pg';
import { GitHubStandIn, OktaStandIn } from 'sandbox';
import {
  BackendProcess,
  startBackendProcess,
  waitUntil,
} from './testing/backendProcess';

/*
 * The production configuration (app-config.yaml + app-config.production.yaml,
 * NODE_ENV=production) on PostgreSQL, with stand-ins for Okta (an OIDC
 * issuer) and GitHub (the App integration, discovery and org data). Only
 * URLs differ from production: they point at the stand-ins.
 */

jest.setTimeout(300_000);

const pgConnection = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

/** What a browser keeps of Set-Cookie headers (by name; Max-Age=0 deletes). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map(p => p.trim());
      const [name, value] = [
        pair.slice(0, pair.indexOf('=')),
        pair.slice(pair.indexOf('=') + 1),
      ];
      if (attributes.some(a => /^max-age=0$/i.test(a)) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

describe('production configuration', () => {
  const prefix = `portal_prod_${Date.now().toString(36)}_`;
  const externalToken = crypto.randomBytes(24).toString('hex');
  let github: GitHubStandIn;
  let okta: OktaStandIn;
  let backend: BackendProcess;

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    for (const [login, name] of [
      ['alice', 'Alice Andersson'],
      ['frank', 'Frank Falk'],
    ]) {
      github.addUser({ login, name, email: `${login}@example.com` });
    }
    github.addOrg('myorg', ['alice', 'frank']);
    github.addTeam('myorg', {
      slug: 'order-squad',
      name: 'Order Squad',
      members: ['alice'],
    });
    github.addTeam('myorg', {
      slug: 'platform-team',
      name: 'Platform Team',
      members: ['frank'],
    });
    const app = github.registerApp({ appId: 5150, installedOn: ['myorg'] });

    okta = await OktaStandIn.start({
      clients: { 'portal-client': 'portal-secret' },
    });

    const schedule = { frequency: { seconds: 5 }, timeout: { minutes: 1 } };
    backend = await startBackendProcess({
      args: [
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
      ],
      env: {
        NODE_ENV: 'production',
        // the backstage-secrets keys
        POSTGRES_HOST: pgConnection.host,
        POSTGRES_PORT: String(pgConnection.port),
        POSTGRES_USER: pgConnection.user,
        POSTGRES_PASSWORD: pgConnection.password,
        BACKEND_EXTERNAL_ACCESS_TOKEN: externalToken,
        GITHUB_APP_ID: String(app.appId),
        GITHUB_APP_CLIENT_ID: app.clientId,
        GITHUB_APP_CLIENT_SECRET: app.clientSecret,
        GITHUB_WEBHOOK_SECRET: app.webhookSecret,
        GITHUB_APP_PRIVATE_KEY: app.privateKey,
        GITHUB_CLIENT_ID: 'oauth-app-client',
        GITHUB_CLIENT_SECRET: 'oauth-app-secret',
        OKTA_CLIENT_ID: 'portal-client',
        OKTA_CLIENT_SECRET: 'portal-secret',
        OKTA_AUDIENCE: okta.url,
        K8S_PROD_US_TOKEN: 'unused',
        K8S_PROD_US_CA: Buffer.from('not a real CA').toString('base64'),
        K8S_STAGING_TOKEN: 'unused',
        K8S_STAGING_CA: Buffer.from('not a real CA').toString('base64'),
        ARGOCD_USERNAME: 'unused',
        ARGOCD_PASSWORD: 'unused',
        ARGOCD_TOKEN: 'unused',
        VAULT_ADDR: 'http://127.0.0.1:1',
        VAULT_TOKEN: 'unused',
        // where this test runs instead of the production hosts
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_integrations_github: JSON.stringify([
          { host: github.host, apiBaseUrl: github.apiBaseUrl, apps: [app] },
        ]),
        APP_CONFIG_catalog_providers_github_myorg_host: github.host,
        APP_CONFIG_catalog_providers_github_myorg_schedule:
          JSON.stringify(schedule),
        APP_CONFIG_catalog_providers_githubOrg: JSON.stringify([
          {
            id: 'myorg',
            githubUrl: github.url,
            orgs: ['myorg'],
            defaultUserTransformer: { useVerifiedEmails: true },
            schedule,
          },
        ]),
        // TechDocs storage (S3) is exercised by the TechDocs tests
        APP_CONFIG_techdocs_publisher: JSON.stringify({ type: 'local' }),
      },
    });
    await waitUntil(
      'production backend readiness',
      async () =>
        (await fetch(`${backend.baseUrl}/.backstage/health/v1/readiness`)).ok ||
        undefined,
      { timeoutMs: 180_000, backend },
    );
    // the org data from GitHub
    await waitUntil(
      'users from the GitHub org provider',
      async () =>
        (
          await fetch(
            `${backend.baseUrl}/api/catalog/entities/by-name/user/default/frank`,
            {
              headers: { authorization: `Bearer ${externalToken}` },
            },
          )
        ).ok || undefined,
      { timeoutMs: 120_000, backend },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
    await okta?.close();
    const pg = new Client({ ...pgConnection, database: 'postgres' });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await pg.query(`drop database "${datname}" with (force)`);
    await pg.end();
  });

  /** The browser's side of the Okta popup flow, cookies included. */
  async function signInWithOkta(user: { email: string; name: string }) {
    okta.signInAs(user);
    const base = `${backend.baseUrl}/api/auth/okta`;
    const start = await fetch(
      `${base}/start?env=production&scope=openid%20email%20profile%20offline_access`,
      {
        redirect: 'manual',
      },
    );
    expect(start.status).toBe(302);
    const jar = new CookieJar();
    jar.store(start);
    const authorize = await fetch(start.headers.get('location')!, {
      redirect: 'manual',
    });
    expect(authorize.status).toBe(302);
    const callback = await fetch(authorize.headers.get('location')!, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    const page = await callback.text();
    jar.store(callback);
    const refresh = await fetch(`${base}/refresh?env=production`, {
      headers: { 'x-requested-with': 'XMLHttpRequest', cookie: jar.header() },
    });
    const body = refresh.ok
      ? ((await refresh.json()) as {
          backstageIdentity: {
            token: string;
            identity: { userEntityRef: string; ownershipEntityRefs: string[] };
          };
        })
      : undefined;
    return { page, body };
  }

  const api = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${backend.baseUrl}${path}`, {
      ...init,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
      },
    });

  it('starts with no error, and refuses anonymous API calls', async () => {
    expect(backend.errorLines()).toEqual([]);
    for (const path of [
      '/api/catalog/entities',
      '/api/scaffolder/v2/templates',
      '/api/search/query?term=x',
    ]) {
      const res = await api(path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('has no guest sign-in', async () => {
    const res = await fetch(
      `${backend.baseUrl}/api/auth/guest/refresh?env=production`,
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    expect(res.status).toBe(404);
  });

  it('signs an Okta user in as the matching catalog User', async () => {
    const { body } = await signInWithOkta({
      email: 'alice@example.com',
      name: 'Alice Andersson',
    });
    expect(body?.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/alice',
        'group:default/order-squad',
      ]),
    });
    const res = await api(
      '/api/catalog/entities/by-name/user/default/alice',
      body!.backstageIdentity.token,
    );
    expect(res.status).toBe(200);
  });

  it('refuses an Okta user who has no catalog User, saying why', async () => {
    const { page, body } = await signInWithOkta({
      email: 'mallory@example.com',
      name: 'Mallory Mint',
    });
    expect(body).toBeUndefined();
    // the popup page hands the error to the app, which shows it
    expect(decodeURIComponent(page)).toContain(
      'Failed to sign-in, unable to resolve user identity. Please verify that your catalog contains the expected User entities',
    );
  });

  it('applies the permission policy: only the platform team registers locations', async () => {
    const alice = (
      await signInWithOkta({
        email: 'alice@example.com',
        name: 'Alice Andersson',
      })
    ).body!;
    const frank = (
      await signInWithOkta({ email: 'frank@example.com', name: 'Frank Falk' })
    ).body!;
    const location = {
      type: 'url',
      target: `${github.url}/myorg/nothing/blob/main/catalog-info.yaml`,
    };
    const asAlice = await api(
      '/api/catalog/locations?dryRun=true',
      alice.backstageIdentity.token,
      {
        method: 'POST',
        body: JSON.stringify(location),
      },
    );
    expect(asAlice.status).toBe(403);
    const asFrank = await api(
      '/api/catalog/locations?dryRun=true',
      frank.backstageIdentity.token,
      {
        method: 'POST',
        body: JSON.stringify(location),
      },
    );
    expect(asFrank.status).not.toBe(403);
    // everyone reads the catalog
    const read = await api(
      '/api/catalog/entities/by-query?limit=5',
      alice.backstageIdentity.token,
    );
    expect(read.status).toBe(200);
  });
});
