import { createStandInTls, GitHubStandIn, OktaStandIn } from 'sandbox';
import { pgConnection } from 'system-tests/backendProcess';

export { pgConnection };

/**
 * The OAuth App of production's GitHub sign-in (GITHUB_CLIENT_ID and
 * GITHUB_CLIENT_SECRET), registered with the GitHub stand-in: it signs in
 * alice.
 */
export const PRODUCTION_OAUTH_APP = {
  clientId: 'oauth-app-client',
  clientSecret: 'oauth-app-secret',
  login: 'alice',
};

/** The stand-ins a production backend talks to in tests, with some data. */
export async function startProductionStandIns() {
  const github = await GitHubStandIn.start();
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
  github.registerOAuthApp(PRODUCTION_OAUTH_APP);
  const okta = await OktaStandIn.start({
    clients: { 'portal-client': 'portal-secret' },
  });
  return {
    github,
    okta,
    app,
    async close() {
      await github.close();
      await okta.close();
    },
  };
}

/**
 * The environment of a production backend: every backstage-secrets key, and
 * APP_CONFIG_* overrides that point the production config at the stand-ins
 * instead of github.com and Okta. Nothing else differs from production.
 */
export function productionEnv(options: {
  standIns: Awaited<ReturnType<typeof startProductionStandIns>>;
  databasePrefix: string;
  externalToken: string;
  /** The GitHub providers' schedule; default every 5 s, so tests see changes. */
  providerSchedule?: object;
}): Record<string, string> {
  const { github, okta, app } = options.standIns;
  const schedule = options.providerSchedule ?? {
    frequency: { seconds: 5 },
    timeout: { minutes: 1 },
  };
  // a CA of no cluster (the clusters are not reached), in the shape the
  // preflight requires: a base64-encoded PEM certificate
  const unusedCa = Buffer.from(createStandInTls().ca).toString('base64');
  return {
    NODE_ENV: 'production',
    // the backstage-secrets keys
    POSTGRES_HOST: pgConnection.host,
    POSTGRES_PORT: String(pgConnection.port),
    POSTGRES_USER: pgConnection.user,
    POSTGRES_PASSWORD: pgConnection.password,
    // no Redis answers here: the cache serves misses and says so once
    // (src/faults/sharedCache.integration.test.ts runs one)
    REDIS_URL: 'redis://127.0.0.1:1',
    BACKEND_EXTERNAL_ACCESS_TOKEN: options.externalToken,
    MCP_AGENT_TOKEN: `mcp-${options.externalToken}`,
    GITHUB_APP_ID: String(app.appId),
    GITHUB_APP_CLIENT_ID: app.clientId,
    GITHUB_APP_CLIENT_SECRET: app.clientSecret,
    GITHUB_WEBHOOK_SECRET: app.webhookSecret,
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_CLIENT_ID: PRODUCTION_OAUTH_APP.clientId,
    GITHUB_CLIENT_SECRET: PRODUCTION_OAUTH_APP.clientSecret,
    OKTA_CLIENT_ID: 'portal-client',
    OKTA_CLIENT_SECRET: 'portal-secret',
    OKTA_AUDIENCE: okta.url,
    K8S_PROD_US_TOKEN: 'unused',
    K8S_PROD_US_CA: unusedCa,
    K8S_STAGING_TOKEN: 'unused',
    K8S_STAGING_CA: unusedCa,
    ARGOCD_USERNAME: 'unused',
    ARGOCD_PASSWORD: 'unused',
    ARGOCD_TOKEN: 'unused',
    VAULT_ADDR: 'http://127.0.0.1:1',
    VAULT_TOKEN: 'unused',
    PAGERDUTY_TOKEN: 'unused',
    SONARQUBE_TOKEN: 'unused',
    GRAFANA_TOKEN: 'unused',
    SNYK_TOKEN: 'unused',
    SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/slack',
    ADOPTION_PSEUDONYMISATION_SECRET:
      'production-test-pseudonymisation-secret-0123',
    // where the test runs instead of the production hosts
    APP_CONFIG_backend_database_prefix: options.databasePrefix,
    APP_CONFIG_integrations_github: JSON.stringify([
      { host: github.host, apiBaseUrl: github.apiBaseUrl, apps: [app] },
    ]),
    // sign-in through the stand-in's OAuth flow
    APP_CONFIG_auth_providers_github_production_enterpriseInstanceUrl:
      github.url,
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
  };
}
