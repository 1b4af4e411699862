import { CookieJar } from './cookieJar';

/** What a provider's refresh answers for a signed-in user. */
export type SignedIn = {
  backstageIdentity: {
    token: string;
    identity: { userEntityRef: string; ownershipEntityRefs: string[] };
  };
};

/**
 * The browser's side of an auth provider's popup sign-in, cookies included:
 * the provider's start, the identity provider's authorize (the stand-ins
 * sign their user in at once), the provider's handler (the popup page) and
 * then its refresh, as the frontend calls it. `body` is the refresh's
 * answer, undefined when the sign-in failed (the page says why).
 */
export async function popupSignIn(options: {
  baseUrl: string;
  provider: string;
  scope: string;
  env?: string;
}): Promise<{ page: string; body?: SignedIn }> {
  const { baseUrl, provider, scope, env = 'production' } = options;
  const base = `${baseUrl}/api/auth/${provider}`;
  const jar = new CookieJar();
  const redirect = async (res: Response, step: string) => {
    const location = res.headers.get('location');
    if (res.status !== 302 || !location)
      throw new Error(
        `${provider} sign-in, ${step}: ${res.status} ${(await res.text()).slice(
          0,
          300,
        )}`,
      );
    return location;
  };
  const start = await fetch(
    `${base}/start?env=${env}&scope=${encodeURIComponent(scope)}`,
    { redirect: 'manual' },
  );
  jar.store(start);
  const authorize = await fetch(await redirect(start, 'start'), {
    redirect: 'manual',
  });
  const handler = await fetch(await redirect(authorize, 'authorize'), {
    redirect: 'manual',
    headers: { cookie: jar.header() },
  });
  const page = await handler.text();
  jar.store(handler);
  const refresh = await fetch(`${base}/refresh?env=${env}`, {
    headers: { 'x-requested-with': 'XMLHttpRequest', cookie: jar.header() },
  });
  const body = refresh.ok ? ((await refresh.json()) as SignedIn) : undefined;
  return { page, body };
}
