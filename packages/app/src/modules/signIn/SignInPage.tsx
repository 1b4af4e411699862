import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  oktaAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/core-plugin-api';

const PROVIDERS: Record<string, SignInProviderConfig> = {
  okta: {
    id: 'okta-auth-provider',
    title: 'Okta',
    message: 'Sign in with your MyOrg account',
    apiRef: oktaAuthApiRef,
  },
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with GitHub',
    apiRef: githubAuthApiRef,
  },
};

/**
 * The sign-in page offers the providers listed in `app.signInProviders`:
 * guest in development, Okta and GitHub in production (never guest there).
 */
export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const ids = config.getOptionalStringArray('app.signInProviders') ?? ['guest'];
  const providers = ids
    .map(id => (id === 'guest' ? ('guest' as const) : PROVIDERS[id]))
    .filter(Boolean);
  // Real identity providers keep a session: sign back in silently on reload.
  // (Not with guest, which would sign anyone in without a click.)
  const auto = !ids.includes('guest');
  return <SignInPage {...props} auto={auto} providers={providers} />;
}
