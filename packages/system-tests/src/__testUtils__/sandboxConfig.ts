import type { Sandbox } from 'sandbox';

/**
 * Configuration that points every integration of app-config.yaml at a
 * sandbox started on free ports (startSandbox({ ports: FREE_SANDBOX_PORTS })),
 * with the credentials its stand-ins accept: GitHub, the Kubernetes
 * clusters, Argo CD, Vault, and the PagerDuty and Slack proxies. The
 * clusters and Vault serve HTTPS: they are trusted with the sandbox's CA as
 * `caData`, as app-config.yaml does.
 * Written to a YAML file and passed as an extra --config.
 */
export function sandboxIntegrationsConfig(sandbox: Sandbox) {
  const github = {
    apiBaseUrl: sandbox.github.apiBaseUrl,
    token: 'sandbox-github-token',
  };
  const caData = Buffer.from(sandbox.ca).toString('base64');
  const cluster = (name: string, url: string) => ({
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'sandbox-k8s-token',
    caData,
  });
  return {
    integrations: {
      github: [
        { host: 'github.com', ...github },
        { host: sandbox.github.host, ...github },
      ],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            cluster('production-us', sandbox.kubernetes.url),
            cluster('staging', sandbox.kubernetesStaging.url),
          ],
        },
      ],
    },
    argocd: {
      username: 'admin',
      password: 'sandbox-password',
      appLocatorMethods: [
        {
          type: 'config',
          instances: [
            {
              name: 'production',
              url: sandbox.argocd.url,
              token: 'sandbox-argocd-token',
            },
          ],
        },
      ],
    },
    vault: {
      baseUrl: sandbox.vault.url,
      token: 'sandbox-root-token',
      caData,
    },
    proxy: {
      endpoints: {
        '/pagerduty': {
          target: sandbox.pagerduty.url,
          headers: {
            Authorization: 'Token token=sandbox-pagerduty-token',
            Accept: 'application/vnd.pagerduty+json;version=2',
          },
          allowedMethods: ['GET', 'POST'],
        },
        '/slack': {
          target: sandbox.slack.defaultWebhookUrl,
          allowedMethods: ['POST'],
          pathRewrite: { '^/api/proxy/slack/?$': '' },
        },
      },
    },
  };
}
