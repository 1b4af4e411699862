/** Where `make sandbox` / `make start` run each stand-in (app-config.yaml). */
export type SandboxPorts = {
  github: number;
  kubernetes: number;
  kubernetesStaging: number;
  argocd: number;
  vault: number;
  pagerduty: number;
  slack: number;
  sonarqube: number;
  grafana: number;
  registry: number;
  snyk: number;
  /** an example website (storefront-web), audited by Lighthouse */
  website: number;
  /** AWS Cost Explorer (GetCostAndUsage) */
  costExplorer: number;
  /** the sandbox's own control API: fault injection for end-to-end tests */
  control: number;
};

export const DEFAULT_SANDBOX_PORTS: SandboxPorts = {
  github: 7210,
  kubernetes: 7211,
  kubernetesStaging: 7212,
  argocd: 7213,
  vault: 7214,
  pagerduty: 7215,
  slack: 7216,
  sonarqube: 7217,
  grafana: 7218,
  registry: 7219,
  snyk: 7220,
  website: 7221,
  costExplorer: 7222,
  control: 7209,
};

/** Every stand-in on a free port (tests beside a running sandbox). */
export const FREE_SANDBOX_PORTS: SandboxPorts = Object.fromEntries(
  Object.keys(DEFAULT_SANDBOX_PORTS).map(name => [name, 0]),
) as SandboxPorts;

/** The credentials app-config.yaml uses for the stand-ins. */
export const SANDBOX_CREDENTIALS = {
  githubToken: 'sandbox-github-token',
  kubernetesToken: 'sandbox-k8s-token',
  argocdToken: 'sandbox-argocd-token',
  vaultToken: 'sandbox-root-token',
  pagerdutyToken: 'sandbox-pagerduty-token',
  slackWebhookPath: '/services/TSANDBOX/BSANDBOX/sandbox-webhook-secret',
  sonarqubeToken: 'sandbox-sonarqube-token',
  grafanaToken: 'sandbox-grafana-token',
  registryToken: 'sandbox-registry-token',
  snykToken: 'sandbox-snyk-token',
  /** the OAuth App of the development GitHub sign-in (app-config.yaml) */
  githubOAuthClientId: 'sandbox-oauth-client',
  githubOAuthClientSecret: 'sandbox-oauth-secret',
};
