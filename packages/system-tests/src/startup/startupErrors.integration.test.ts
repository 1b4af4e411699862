import net from 'node:net';
import { freePort } from 'sandbox/freePort';
import { startBackendProcess } from '../__testUtils__/backendProcess';

/*
 * Bad input at startup gets one clear line and a non-zero exit, not a stack
 * of plugin errors or a hang.
 */

jest.setTimeout(120_000);

async function failedStart(options: Parameters<typeof startBackendProcess>[0]) {
  const backend = await startBackendProcess(options);
  const timer = setTimeout(() => backend.stop(), 90_000);
  const code = await backend.exited;
  clearTimeout(timer);
  const lines = backend
    .output()
    .split('\n')
    .filter(line => line.trim() !== '');
  return { code, lines };
}

describe('backend startup errors', () => {
  it('port already in use', async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const { code, lines } = await failedStart({ port });
      expect(code).toBe(1);
      expect(lines).toEqual([
        `Cannot start the backend: Port ${port} is already in use (:${port}). Stop the process using it, or choose another port, e.g. APP_CONFIG_backend_listen_port=${
          port + 1
        }.`,
      ]);
    } finally {
      server.close();
    }
  });

  it('PostgreSQL unreachable', async () => {
    const closedPort = await freePort();
    const { code, lines } = await failedStart({
      env: {
        APP_CONFIG_backend_database: JSON.stringify({
          client: 'pg',
          connection: { host: '127.0.0.1', port: closedPort, user: 'postgres' },
        }),
      },
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Cannot start the backend: PostgreSQL is not reachable at 127\\.0\\.0\\.1:${closedPort} \\(.*ECONNREFUSED.*\\)\\. Start it, or point POSTGRES_HOST`,
        ),
      ),
    ]);
  });

  it('production config with required variables unset', async () => {
    const { code, lines } = await failedStart({
      args: [
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
      ],
      env: {
        NODE_ENV: 'production',
        POSTGRES_HOST: undefined,
        POSTGRES_USER: undefined,
        POSTGRES_PASSWORD: 'set-but-not-a-secret',
        GITHUB_APP_ID: '1',
        GITHUB_APP_CLIENT_ID: 'set',
        GITHUB_APP_CLIENT_SECRET: 'set',
        GITHUB_WEBHOOK_SECRET: 'set',
        GITHUB_APP_PRIVATE_KEY: undefined,
        GITHUB_CLIENT_ID: 'set',
        GITHUB_CLIENT_SECRET: 'set',
        OKTA_CLIENT_ID: 'set',
        OKTA_CLIENT_SECRET: 'set',
        BACKEND_EXTERNAL_ACCESS_TOKEN: 'set',
        MCP_AGENT_TOKEN: 'set',
        K8S_PROD_US_TOKEN: 'set',
        K8S_PROD_US_CA: 'set',
        K8S_STAGING_TOKEN: 'set',
        K8S_STAGING_CA: 'set',
        ARGOCD_USERNAME: 'set',
        ARGOCD_PASSWORD: 'set',
        ARGOCD_TOKEN: 'set',
        VAULT_ADDR: undefined,
        VAULT_TOKEN: 'set',
        PAGERDUTY_TOKEN: 'set',
        SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/slack',
        SONARQUBE_TOKEN: 'set',
        GRAFANA_TOKEN: 'set',
        SNYK_TOKEN: 'set',
      },
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'Cannot start the backend: Missing required environment variables: POSTGRES_HOST (../../app-config.production.yaml), POSTGRES_USER (../../app-config.production.yaml), GITHUB_APP_PRIVATE_KEY (../../app-config.production.yaml), VAULT_ADDR (../../app-config.production.yaml). Set them, e.g. from the backstage-secrets Secret.',
    ]);
  });
});
