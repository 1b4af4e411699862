import crypto from 'node:crypto';
import net from 'node:net';
import { createStandInTls } from 'sandbox';
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

const productionArgs = [
  '--config',
  '../../app-config.yaml',
  '--config',
  '../../app-config.production.yaml',
];

/** Every variable the production config requires, each of its shape. */
function productionSecrets() {
  const ca = createStandInTls().ca;
  const privateKey = crypto
    .generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  return {
    NODE_ENV: 'production',
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: 'set-but-not-a-secret',
    REDIS_URL: 'redis://127.0.0.1:1',
    GITHUB_APP_ID: '1',
    GITHUB_APP_CLIENT_ID: 'set',
    GITHUB_APP_CLIENT_SECRET: 'set',
    GITHUB_WEBHOOK_SECRET: 'set',
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_CLIENT_ID: 'set',
    GITHUB_CLIENT_SECRET: 'set',
    OKTA_CLIENT_ID: 'set',
    OKTA_CLIENT_SECRET: 'set',
    BACKEND_EXTERNAL_ACCESS_TOKEN: 'set-but-not-a-secret',
    MCP_AGENT_TOKEN: 'set-but-not-a-secret',
    K8S_PROD_US_TOKEN: 'set',
    K8S_PROD_US_CA: Buffer.from(ca).toString('base64'),
    K8S_STAGING_TOKEN: 'set',
    K8S_STAGING_CA: Buffer.from(ca).toString('base64'),
    ARGOCD_USERNAME: 'set',
    ARGOCD_PASSWORD: 'set',
    ARGOCD_TOKEN: 'set',
    VAULT_ADDR: 'http://127.0.0.1:1',
    VAULT_TOKEN: 'set',
    PAGERDUTY_TOKEN: 'set',
    SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/slack',
    SONARQUBE_TOKEN: 'set',
    GRAFANA_TOKEN: 'set',
    SNYK_TOKEN: 'set',
    ADOPTION_PSEUDONYMISATION_SECRET: 'set-but-not-a-secret-0123456789abcdef',
  };
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
      args: productionArgs,
      env: {
        ...productionSecrets(),
        POSTGRES_HOST: undefined,
        POSTGRES_USER: undefined,
        GITHUB_APP_PRIVATE_KEY: undefined,
        VAULT_ADDR: undefined,
      },
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'Cannot start the backend: Missing required environment variables: POSTGRES_HOST (../../app-config.production.yaml), POSTGRES_USER (../../app-config.production.yaml), GITHUB_APP_PRIVATE_KEY (../../app-config.production.yaml), VAULT_ADDR (../../app-config.production.yaml). Set them, e.g. from the backstage-secrets Secret.',
    ]);
  });

  it('production config with variables of the wrong shape', async () => {
    const secrets = productionSecrets();
    const wrong = {
      GITHUB_APP_ID: '12 34',
      // the key's lines without its BEGIN and END lines
      GITHUB_APP_PRIVATE_KEY: secrets.GITHUB_APP_PRIVATE_KEY.replace(
        /-----[A-Z ]+-----/g,
        '',
      ),
      // the PEM itself instead of its base64
      K8S_PROD_US_CA: Buffer.from(secrets.K8S_PROD_US_CA, 'base64').toString(),
      SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T000/B000/not-a-secret',
      REDIS_URL: 'cache.internal.example.com:6379',
    };
    const { code, lines } = await failedStart({
      args: productionArgs,
      env: { ...secrets, ...wrong },
    });
    expect(code).toBe(1);
    const file = '../../app-config.production.yaml';
    expect(lines).toEqual([
      `Cannot start the backend: REDIS_URL (required by ${file}) is not a redis:// or rediss:// URL: it has no scheme (redis:// or rediss://).`,
      `Cannot start the backend: GITHUB_APP_ID (required by ${file}) is not a positive integer: it contains whitespace.`,
      `Cannot start the backend: GITHUB_APP_PRIVATE_KEY (required by ${file}) is not a PEM private key: it has no -----BEGIN ...----- line.`,
      `Cannot start the backend: K8S_PROD_US_CA (required by ${file}) is not a base64-encoded PEM certificate: it is the PEM itself; base64-encode it (base64 -w0 ca.crt).`,
      `Cannot start the backend: SLACK_WEBHOOK_URL (required by ${file}) is not an absolute http(s) URL: it has no scheme (http:// or https://).`,
    ]);
    const output = lines.join('\n');
    // a multi-line value, line by line (the short ones said nothing secret)
    for (const value of Object.values(wrong)) {
      for (const part of value.split('\n').filter(p => p.length > 4)) {
        expect(output).not.toContain(part);
      }
    }
  });
});
