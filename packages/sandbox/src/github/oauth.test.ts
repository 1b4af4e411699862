import { GitHubStandIn } from './GitHubStandIn';

describe("GitHubStandIn's OAuth web flow", () => {
  let github: GitHubStandIn;

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'alice', name: 'Alice', email: 'alice@x.test' });
    github.registerOAuthApp({
      clientId: 'client',
      clientSecret: 'secret',
      login: 'alice',
    });
  });

  afterAll(() => github.close());

  async function authorize(redirectUri = 'http://127.0.0.1:1/handler') {
    const res = await fetch(
      `${
        github.url
      }/login/oauth/authorize?client_id=client&redirect_uri=${encodeURIComponent(
        redirectUri,
      )}&scope=read:user%20repo&state=abc`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('abc');
    return location.searchParams.get('code')!;
  }

  async function exchange(params: Record<string, string>, accept?: string) {
    const res = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(accept ? { accept } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, text: await res.text() };
  }

  it("issues a user token for the app's user, which the API accepts", async () => {
    const code = await authorize();
    const { status, text } = await exchange(
      { client_id: 'client', client_secret: 'secret', code },
      'application/json',
    );
    expect(status).toBe(200);
    const body = JSON.parse(text);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      token_type: 'bearer',
      scope: 'read:user repo',
    });
    const user = await fetch(`${github.apiBaseUrl}/user`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(await user.json()).toMatchObject({ login: 'alice', name: 'Alice' });
  });

  it('answers form-encoded by default, and refuses reused codes and wrong secrets', async () => {
    const code = await authorize();
    const first = await exchange({
      client_id: 'client',
      client_secret: 'secret',
      code,
    });
    expect(new URLSearchParams(first.text).get('token_type')).toBe('bearer');
    const again = await exchange({
      client_id: 'client',
      client_secret: 'secret',
      code,
    });
    expect(again.status).toBe(200);
    expect(new URLSearchParams(again.text).get('error')).toBe(
      'bad_verification_code',
    );
    const wrong = await exchange({
      client_id: 'client',
      client_secret: 'nope',
      code: await authorize(),
    });
    expect(new URLSearchParams(wrong.text).get('error')).toBe(
      'incorrect_client_credentials',
    );
  });

  it('refuses unknown clients', async () => {
    const res = await fetch(
      `${github.url}/login/oauth/authorize?client_id=nope&redirect_uri=http://x`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(404);
  });
});
