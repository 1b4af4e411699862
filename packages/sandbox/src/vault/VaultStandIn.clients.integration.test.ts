import nodeVault from 'node-vault';
import { createStandInTls, StandInTls } from '../tls';
import { VaultStandIn } from './VaultStandIn';

/*
 * node-vault (the client of vault:create-namespace) against the Vault
 * stand-in over HTTPS, given only Vault's address, a token and the CA, as
 * for a Vault with a private CA (VAULT_ADDR, VAULT_TOKEN, VAULT_CACERT):
 * health, a KV version 2 mount, a secret written and read back. Without
 * that CA, or with another, it refuses Vault's certificate and sends
 * nothing.
 */

const TOKEN = 'hvs.vault-client-token';

describe('node-vault against the Vault stand-in over HTTPS', () => {
  let tls: StandInTls;
  let vault: VaultStandIn;

  beforeAll(async () => {
    tls = createStandInTls();
    vault = await VaultStandIn.start({
      tokens: { [TOKEN]: { paths: ['*'] } },
      tls,
    });
  });
  afterAll(() => vault.close());

  const client = (ca?: string) =>
    nodeVault({
      apiVersion: 'v1',
      endpoint: vault.url,
      token: TOKEN,
      requestOptions: { timeout: 5000, ...(ca ? { ca } : {}) },
    });

  it('with the CA: health, a KV v2 mount, a secret written and read', async () => {
    expect(vault.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const vaultClient = client(tls.ca);
    expect(await vaultClient.health()).toMatchObject({
      initialized: true,
      sealed: false,
    });
    await vaultClient.mount({
      mount_point: 'order-service',
      type: 'kv',
      description: 'Secrets for order-squad',
      options: { version: '2' },
    });
    expect((await vaultClient.mounts()).data['order-service/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
    });
    await vaultClient.write('order-service/data/production/database', {
      data: { username: 'order_service' },
    });
    const secret = await vaultClient.read(
      'order-service/data/production/database',
    );
    expect(secret.data.data).toEqual({ username: 'order_service' });
  });

  it('without the CA, or with another, refuses the certificate and sends nothing', async () => {
    const requests = vault.requests.length;
    for (const ca of [undefined, createStandInTls().ca]) {
      await expect(client(ca).health()).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        message: 'unable to verify the first certificate',
      });
    }
    expect(vault.requests).toHaveLength(requests);
  });
});
