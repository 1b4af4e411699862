import { OktaStandIn } from './OktaStandIn';

describe('OktaStandIn fault injection', () => {
  let okta: OktaStandIn;
  const base = () => `${okta.url}/oauth2/default`;

  beforeEach(async () => {
    okta = await OktaStandIn.start({
      clients: { 'portal-client': 'portal-secret' },
    });
    okta.signInAs({ email: 'alice@example.com', name: 'Alice Example' });
  });

  afterEach(() => okta.close());

  /** Runs the authorization step; the code the redirect carries. */
  async function authorizationCode(): Promise<string> {
    const res = await fetch(
      `${base()}/v1/authorize?client_id=portal-client&redirect_uri=${encodeURIComponent(
        'http://localhost:7007/callback',
      )}&state=s1`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }

  const exchange = (code: string) =>
    fetch(`${base()}/v1/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(
          'portal-client:portal-secret',
        ).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost:7007/callback',
      }),
    });

  it("answers injected failures with Okta's OAuth 2.0 error bodies", async () => {
    const code = await authorizationCode();
    okta.failNext('POST', /\/v1\/token$/, 503);
    const unavailable = await exchange(code);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description:
        'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.',
    });

    okta.failNext('POST', /\/v1\/token$/, 400, 'PKCE verification failed.');
    expect(await (await exchange(code)).json()).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE verification failed.',
    });

    // the failures answered before the code was used: it still works
    const tokens = await exchange(code);
    expect(tokens.status).toBe(200);
    expect(await tokens.json()).toMatchObject({ token_type: 'Bearer' });
  });

  it("answers an injected 429 with Okta's rate-limit error (E0000047)", async () => {
    okta.failNext('GET', 'openid-configuration$', 429);
    const limited = await fetch(`${base()}/.well-known/openid-configuration`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorCauses: [],
    });
  });

  it('answers normally again after clearFaults', async () => {
    okta.failNext('*', '^/oauth2/', 500, undefined, 5);
    const failing = await fetch(`${base()}/.well-known/openid-configuration`);
    expect([failing.status, (await failing.json()).error]).toEqual([
      500,
      'server_error',
    ]);

    // four failures are still queued, and every answer would wait 10 s
    okta.setLatency(10_000);
    okta.clearFaults();
    const discovery = await fetch(`${base()}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect((await discovery.json()).issuer).toBe(base());
    expect((await exchange(await authorizationCode())).status).toBe(200);
    expect(okta.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/oauth2/default/v1/token',
    });
  });
});
