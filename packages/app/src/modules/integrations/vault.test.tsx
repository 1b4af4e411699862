import vaultBackend from '@backstage-community/plugin-vault-backend';
import vaultPlugin, {
  vaultEntityContent,
} from '@backstage-community/plugin-vault/alpha';
import { screen } from '@testing-library/react';
import { VaultStandIn } from 'sandbox';
import { vaultModule } from './vault';
import {
  orderService,
  renderEntityExtension,
  startBackend,
} from './__testUtils__/portal';

/*
 * The Vault tab on order-service (vault.io/secrets-engine, vault.io/
 * secrets-path), through the Vault backend configured as in app-config.yaml,
 * against the Vault stand-in's KV v2 engine.
 */

jest.setTimeout(60_000);

describe('Vault tab', () => {
  let vault: VaultStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    vault = await VaultStandIn.start();
    vault.putSecret('order-service', 'production/database', { a: '1' });
    vault.putSecret('order-service', 'production/payment-api', { a: '1' });
    vault.putSecret('order-service', 'production/messaging/sqs', { a: '1' });
    vault.putSecret('order-service', 'staging/database', { a: '1' });
    backend = await startBackend({
      features: [vaultBackend],
      config: {
        vault: {
          baseUrl: vault.url,
          token: 'sandbox-root-token',
          secretEngine: 'secret',
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await vault?.close();
  });

  const render = () =>
    renderEntityExtension(vaultEntityContent, {
      entity: orderService(),
      backendUrl: backend.url,
      features: [vaultPlugin, vaultModule],
    });

  it('lists the secrets below vault.io/secrets-path, with links to Vault', async () => {
    render();
    expect(
      await screen.findByText('Secrets for order-service in production'),
    ).toBeInTheDocument();
    for (const secret of [
      'production/database',
      'production/payment-api',
      'messaging/sqs',
    ]) {
      expect(await screen.findByText(secret)).toBeInTheDocument();
    }
    expect(
      screen.getByTitle('View production/database').closest('a'),
    ).toHaveAttribute(
      'href',
      `${vault.url}/ui/vault/secrets/order-service/show/production/database`,
    );
    expect(screen.queryByText(/staging/)).toBeNull();
  });

  it('shows an error, not "no secrets", when Vault fails', async () => {
    vault.failNext('GET', /^order-service\/metadata/, 500, ['internal error']);
    render();
    expect(
      await screen.findByText(
        /Unexpected error while fetching secrets from path\(s\) 'production': Request failed with 500/,
        {},
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No secrets/)).toBeNull();
  });
});
