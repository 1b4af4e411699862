import crypto from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { GitHubStandIn, OktaStandIn } from 'sandbox';
import {
  pgConnection,
  productionEnv,
  startProductionStandIns,
} from '../__testUtils__/productionEnv';
import {
  BackendProcess,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { popupSignIn } from '../__testUtils__/popupSignIn';

/*
 * The production configuration (app-config.yaml + app-config.production.yaml,
 * NODE_ENV=production) on PostgreSQL, with stand-ins for Okta (an OIDC
 * issuer) and GitHub (the App integration, discovery and org data). Only
 * URLs differ from production: they point at the stand-ins.
 */

jest.setTimeout(300_000);

describe('production configuration', () => {
  const prefix = `portal_prod_${Date.now().toString(36)}_`;
  const externalToken = crypto.randomBytes(24).toString('hex');
  let standIns: Awaited<ReturnType<typeof startProductionStandIns>>;
  let github: GitHubStandIn;
  let okta: OktaStandIn;
  let backend: BackendProcess;

  beforeAll(async () => {
    standIns = await startProductionStandIns();
    ({ github, okta } = standIns);
    backend = await startBackendProcess({
      args: [
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
      ],
      env: productionEnv({ standIns, databasePrefix: prefix, externalToken }),
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
    await standIns?.close();
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

  /** The browser's side of the Okta popup flow, as `user`. */
  async function signInWithOkta(user: { email: string; name: string }) {
    okta.signInAs(user);
    return popupSignIn({
      baseUrl: backend.baseUrl,
      provider: 'okta',
      scope: 'openid email profile offline_access',
    });
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
    // this backend runs from the checkout, where the frontend bundle is
    // built only by the image and browser tests: without it, the app
    // backend says so (the image test requires it and no error)
    const appBuilt = fs.existsSync(`${repoRoot}/packages/app/dist/static`);
    expect(
      backend
        .errorLines()
        .filter(
          line =>
            appBuilt || !line.includes("Can't serve static app content from"),
        ),
    ).toEqual([]);
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

  it('signs a GitHub user in as the matching catalog User', async () => {
    // the OAuth App of GITHUB_CLIENT_ID signs in alice (productionEnv)
    const { body } = await popupSignIn({
      baseUrl: backend.baseUrl,
      provider: 'github',
      scope: 'read:user',
    });
    expect(body?.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/alice',
        'group:default/order-squad',
      ]),
    });
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
