import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createStandInTls, VaultStandIn } from 'sandbox';
import { freePort } from 'sandbox/freePort';
import { createVaultCreateNamespaceAction } from '../actions/createNamespace';
import {
  NodeVaultClient,
  readVaultConfig,
  VaultConfig,
} from './NodeVaultClient';

/*
 * The action with the real node-vault client, over HTTP, against the Vault
 * stand-in of packages/sandbox (Vault's endpoints, status codes and error
 * bodies); and over HTTPS, trusting Vault's CA from vault.caData.
 */

const TOKEN = 'hvs.integration-test-token-that-must-never-leak';
const input = { namespaceName: 'order-service', teamName: 'order-squad' };

describe('vault:create-namespace against a Vault over HTTP', () => {
  let vault: VaultStandIn;

  beforeEach(async () => {
    vault = await VaultStandIn.start({
      tokens: {
        [TOKEN]: { paths: ['*'] },
        'mounts-only': { paths: ['sys/mounts'] },
      },
      namespaces: ['team-a'],
    });
  });
  afterEach(() => vault.close());

  function run(
    config: Partial<VaultConfig> = {},
    extra: Record<string, unknown> = {},
  ) {
    const client = new NodeVaultClient({
      baseUrl: vault.url,
      token: TOKEN,
      timeoutMs: 2000,
      ...config,
    });
    const logs: string[] = [];
    const ctx = Object.assign(createMockActionContext({ input }), extra);
    for (const level of ['info', 'warn', 'error', 'debug'] as const) {
      ctx.logger[level] = (message: string) => {
        logs.push(message);
        return ctx.logger;
      };
    }
    const done = createVaultCreateNamespaceAction({ vault: client }).handler(
      ctx,
    );
    return { done, ctx, logs };
  }

  /** Runs and returns the error, checking the token appears nowhere. */
  async function failure(config: Partial<VaultConfig> = {}) {
    const { done, ctx, logs } = run(config);
    const error = await done.then(
      () => {
        throw new Error('expected the action to fail');
      },
      e => e as Error,
    );
    const everything = JSON.stringify({
      message: error.message,
      stack: error.stack,
      cause: (error as any).cause,
      logs,
      outputs: (ctx.output as jest.Mock).mock.calls,
    });
    expect(everything).not.toContain(TOKEN);
    return error;
  }

  it('creates the mount and the policy, then is idempotent', async () => {
    await run().done;
    expect(vault.mounts()['order-service/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
      description: 'Secrets for order-squad',
    });
    expect(vault.policies()['order-service-rw']).toContain(
      'path "order-service/*"',
    );

    const before = vault.requests.length;
    await run().done;
    const second = vault.requests
      .slice(before)
      .map(r => `${r.method} ${r.path}`);
    expect(second).toEqual([
      'GET sys/mounts',
      'GET sys/policy/order-service-rw',
    ]);
    expect(
      Object.keys(vault.mounts()).filter(m => m.startsWith('order')),
    ).toEqual(['order-service/']);
  });

  it('works inside a Vault Enterprise namespace', async () => {
    await run({ namespace: 'team-a' }).done;
    expect(vault.mounts('team-a')['order-service/']).toBeDefined();
    expect(vault.mounts()['order-service/']).toBeUndefined();
  });

  it('in a dry run sends nothing to Vault', async () => {
    const { done, logs } = run({}, { isDryRun: true });
    await done;
    expect(vault.requests).toEqual([]);
    expect(logs.join('\n')).toContain('Dry run: would mount');
  });

  it('refuses a path taken by another engine type', async () => {
    vault.addMount('order-service', 'transit');
    const error = await failure();
    expect(error).toMatchObject({ name: 'ConflictError' });
    expect(error.message).toContain(
      'A transit secrets engine is already mounted at order-service/',
    );
  });

  it('permission denied (403)', async () => {
    const error = await failure({ token: 'not-a-token' });
    expect(error).toMatchObject({ name: 'NotAllowedError' });
    expect(error.message).toBe(
      'Vault denied permission to list secrets engines: permission denied. Check that vault.token holds a policy allowing it (see the module README).',
    );
  });

  it('permission denied on the policy after the mount, then a retry with a better token completes', async () => {
    const error = await failure({ token: 'mounts-only' });
    expect(error.message).toMatch(
      /^Vault denied permission to read policy order-service-rw/,
    );
    expect(vault.mounts()['order-service/']).toBeDefined();
    await run().done;
    expect(vault.policies()['order-service-rw']).toBeDefined();
  });

  it('path in use (400) when another task mounts it first', async () => {
    vault.failNext('POST', /^sys\/mounts\/order-service\/$/, 400, [
      'path is already in use at order-service/',
    ]);
    const error = await failure();
    expect(error).toMatchObject({ name: 'ConflictError' });
    expect(error.message).toBe(
      'Vault refused to mount a kv-v2 secrets engine at order-service/, the path is in use: path is already in use at order-service/',
    );
  });

  it('sealed (503)', async () => {
    vault.seal();
    const error = await failure();
    expect(error).toMatchObject({ name: 'ServiceUnavailableError' });
    expect(error.message).toBe(
      'Vault is sealed or unavailable, could not list secrets engines: Vault is sealed. Unseal it and retry the task.',
    );
  });

  it('unreachable', async () => {
    const port = await freePort();
    const error = await failure({ baseUrl: `http://127.0.0.1:${port}` });
    expect(error).toMatchObject({ name: 'ServiceUnavailableError' });
    expect(error.message).toBe(
      `Vault at http://127.0.0.1:${port} is unreachable (ECONNREFUSED) when trying to list secrets engines`,
    );
  });

  it('timeout', async () => {
    vault.setLatency(1500);
    const error = await failure({ timeoutMs: 300 });
    expect(error).toMatchObject({ name: 'ServiceUnavailableError' });
    expect(error.message).toBe(
      `Vault at ${vault.url} did not answer in time when trying to list secrets engines`,
    );
  });
});

describe('vault:create-namespace against a Vault over HTTPS', () => {
  const tls = createStandInTls();
  let vault: VaultStandIn;

  beforeAll(async () => {
    vault = await VaultStandIn.start({
      tokens: { [TOKEN]: { paths: ['*'] } },
      tls,
    });
  });
  afterAll(() => vault.close());

  const run = (caData?: string) => {
    const config = readVaultConfig(
      new ConfigReader({
        vault: { baseUrl: vault.url, token: TOKEN, ...(caData && { caData }) },
      }),
    )!;
    const action = createVaultCreateNamespaceAction({
      vault: new NodeVaultClient(config),
    });
    return action.handler(createMockActionContext({ input }));
  };

  it("trusts Vault's certificate with its CA from vault.caData", async () => {
    await run(Buffer.from(tls.ca).toString('base64'));
    expect(vault.mounts()['order-service/']).toMatchObject({ type: 'kv' });
    expect(vault.policies()['order-service-rw']).toBeDefined();
  });

  it('without vault.caData refuses the certificate and says what to set', async () => {
    const requests = vault.requests.length;
    const error = await run().then(
      () => new Error('expected the action to fail'),
      e => e as Error,
    );
    expect(error).toMatchObject({ name: 'ServiceUnavailableError' });
    expect(error.message).toBe(
      `Vault at ${vault.url} presented a certificate that is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE) when trying to list secrets engines; set vault.caData to its certificate authority (see the module README)`,
    );
    expect(error.message).not.toContain(TOKEN);
    expect(vault.requests).toHaveLength(requests);
  });
});
