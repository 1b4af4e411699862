import { ArgoCdStandIn } from '../argocd/ArgoCdStandIn';
import { CostExplorerStandIn } from '../costexplorer/CostExplorerStandIn';
import { GitHubStandIn } from '../github/GitHubStandIn';
import { GrafanaStandIn } from '../grafana/GrafanaStandIn';
import { OciRegistryStandIn } from '../registry/OciRegistryStandIn';
import { KubernetesStandIn } from '../kubernetes/KubernetesStandIn';
import { PagerDutyStandIn } from '../pagerduty/PagerDutyStandIn';
import { SlackStandIn } from '../slack/SlackStandIn';
import { SnykStandIn } from '../snyk/SnykStandIn';
import { SonarQubeStandIn } from '../sonarqube/SonarQubeStandIn';
import { createStandInTls, StandInTls } from '../tls';
import { VaultStandIn } from '../vault/VaultStandIn';
import { WebsiteStandIn } from '../website/WebsiteStandIn';
import { startControlServer } from './control';
import {
  DEFAULT_SANDBOX_PORTS,
  SANDBOX_CREDENTIALS,
  SandboxPorts,
} from './ports';
import { seedSandbox } from './seed';

/** Every stand-in of the local platform, started together. */
export type Sandbox = {
  github: GitHubStandIn;
  kubernetes: KubernetesStandIn;
  kubernetesStaging: KubernetesStandIn;
  argocd: ArgoCdStandIn;
  vault: VaultStandIn;
  pagerduty: PagerDutyStandIn;
  slack: SlackStandIn;
  sonarqube: SonarQubeStandIn;
  grafana: GrafanaStandIn;
  /** container images and their Cosign signatures (scorecards) */
  registry: OciRegistryStandIn;
  /** Snyk's REST API: projects and issues of the example services */
  snyk: SnykStandIn;
  /** AWS Cost Explorer (GetCostAndUsage): the example services' daily costs */
  costExplorer: CostExplorerStandIn;
  /** the example website storefront-web, audited by Lighthouse */
  website: WebsiteStandIn;
  /**
   * The certificate authority (PEM) of the stand-ins that serve HTTPS
   * (Kubernetes, Vault, the OCI registry): what their clients trust; in
   * configuration, a cluster's `caData` is its base64.
   */
  ca: string;
  /** the control API (fault injection from other processes, control.ts) */
  controlUrl: string;
  /** name → URL, for printing */
  urls(): Record<string, string>;
  close(): Promise<void>;
};

/**
 * Starts the stand-ins on the ports app-config.yaml points at (or others,
 * e.g. 0 for free ports in tests) and, unless `seed: false`, fills them with
 * the example organisation's state (see ./seed.ts). Those of systems that
 * only speak TLS (Kubernetes, Vault, the OCI registry) serve HTTPS with a
 * certificate of `tls`, by default from a CA generated for this start.
 */
export async function startSandbox(
  options: {
    ports?: Partial<SandboxPorts>;
    seed?: boolean;
    /** the repository root, for seeding repositories from catalog/ */
    repoRoot?: string;
    /** the certificate of the HTTPS stand-ins (`createStandInTls`) */
    tls?: StandInTls;
  } = {},
): Promise<Sandbox> {
  const ports = { ...DEFAULT_SANDBOX_PORTS, ...options.ports };
  const tls = options.tls ?? createStandInTls();
  const started: { close(): Promise<void> }[] = [];
  const start = async <T extends { close(): Promise<void> }>(
    what: string,
    port: number,
    run: () => Promise<T>,
  ): Promise<T> => {
    try {
      const instance = await run();
      started.push(instance);
      return instance;
    } catch (error) {
      await Promise.all(started.map(s => s.close()));
      const code = (error as { code?: string }).code;
      throw new Error(
        code === 'EADDRINUSE'
          ? `Cannot start the sandbox: port ${port} (${what}) is in use. Is a sandbox already running (make sandbox / make start)?`
          : `Cannot start the sandbox's ${what} stand-in: ${error}`,
      );
    }
  };

  const github = await start('GitHub', ports.github, () =>
    GitHubStandIn.start({ port: ports.github }),
  );
  const kubernetes = await start('Kubernetes', ports.kubernetes, () =>
    KubernetesStandIn.start({
      port: ports.kubernetes,
      token: SANDBOX_CREDENTIALS.kubernetesToken,
      tls,
    }),
  );
  const kubernetesStaging = await start(
    'Kubernetes (staging)',
    ports.kubernetesStaging,
    // a cluster whose credentials are wrong: the portal shows its error
    () =>
      KubernetesStandIn.start({
        port: ports.kubernetesStaging,
        unauthorized: true,
        tls,
      }),
  );
  const argocd = await start('Argo CD', ports.argocd, () =>
    ArgoCdStandIn.start({
      port: ports.argocd,
      tokens: [SANDBOX_CREDENTIALS.argocdToken],
    }),
  );
  const pagerduty = await start('PagerDuty', ports.pagerduty, () =>
    PagerDutyStandIn.start({ port: ports.pagerduty }),
  );
  const slack = await start('Slack', ports.slack, () =>
    SlackStandIn.start({ port: ports.slack }),
  );
  const vault = await start('Vault', ports.vault, () =>
    VaultStandIn.start({ port: ports.vault, tls }),
  );
  const sonarqube = await start('SonarQube', ports.sonarqube, () =>
    SonarQubeStandIn.start({
      port: ports.sonarqube,
      tokens: [SANDBOX_CREDENTIALS.sonarqubeToken],
    }),
  );
  const grafana = await start('Grafana', ports.grafana, () =>
    GrafanaStandIn.start({
      port: ports.grafana,
      tokens: [SANDBOX_CREDENTIALS.grafanaToken],
    }),
  );
  const registry = await start('OCI registry', ports.registry, () =>
    OciRegistryStandIn.start({
      port: ports.registry,
      tokens: [SANDBOX_CREDENTIALS.registryToken],
      tls,
    }),
  );

  const snyk = await start('Snyk', ports.snyk, () =>
    SnykStandIn.start({
      port: ports.snyk,
      tokens: [SANDBOX_CREDENTIALS.snykToken],
    }),
  );

  const website = await start('example website', ports.website, () =>
    WebsiteStandIn.start({ port: ports.website }),
  );

  const costExplorer = await start('Cost Explorer', ports.costExplorer, () =>
    CostExplorerStandIn.start({ port: ports.costExplorer }),
  );

  // Argo CD deploys into production-us: a synced application's workload
  // appears there, labelled for the portal's Kubernetes tab
  argocd.onDeployed(app => {
    const name = app.metadata.name;
    kubernetes.seedWorkload({
      namespace: app.spec.destination?.namespace ?? name,
      name,
      labels: { app: name, 'backstage.io/kubernetes-id': name },
      replicas: 2,
      image: app.status.summary?.images?.[0] ?? `${name}:latest`,
    });
  });

  const standIns = {
    github,
    kubernetes,
    kubernetesStaging,
    argocd,
    vault,
    pagerduty,
    slack,
    sonarqube,
    grafana,
    registry,
    snyk,
    website,
    costExplorer,
  };
  // tests outside this process make any of them fail through it (control.ts)
  const control = await start('control API', ports.control, () =>
    startControlServer(standIns, ports.control),
  );

  const sandbox: Sandbox = {
    ...standIns,
    ca: tls.ca,
    controlUrl: control.url,
    urls: () => ({
      GitHub: `${github.url} (API ${github.apiBaseUrl})`,
      'Kubernetes production-us': kubernetes.url,
      'Kubernetes staging (answers 401)': kubernetesStaging.url,
      'Argo CD': argocd.url,
      Vault: vault.url,
      PagerDuty: pagerduty.url,
      'Slack webhook': `${slack.url}${SANDBOX_CREDENTIALS.slackWebhookPath}`,
      SonarQube: sonarqube.url,
      'OCI registry': registry.url,
      Grafana: grafana.url,
      'Snyk (REST API)': `${snyk.url}/rest`,
      'AWS Cost Explorer': costExplorer.url,
      'Example website (storefront-web)': website.url,
      'Control API (fault injection)': control.url,
    }),
    close: async () => {
      await Promise.all(started.map(s => s.close()));
    },
  };
  if (options.seed !== false) {
    await seedSandbox(sandbox, { repoRoot: options.repoRoot });
  }
  return sandbox;
}
