import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import nodeVault from 'node-vault';
import { VaultApi, VaultMountInfo } from './VaultApi';
import { toVaultError } from './errors';

/** The `vault` section of app-config, see config.d.ts. */
export type VaultConfig = {
  baseUrl: string;
  token: string;
  namespace?: string;
  timeoutMs: number;
  /** the CA to trust (PEM), `vault.caData` decoded; default the system's */
  ca?: string;
};

export function readVaultConfig(config: Config): VaultConfig | undefined {
  const vault = config.getOptionalConfig('vault');
  if (!vault) return undefined;
  const caData = vault.getOptionalString('caData');
  return {
    baseUrl: vault.getString('baseUrl').replace(/\/+$/, ''),
    token: vault.getString('token'),
    namespace: vault.getOptionalString('namespace'),
    timeoutMs: vault.getOptionalNumber('timeoutMs') ?? 10_000,
    ca: caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined,
  };
}

/** {@link VaultApi} over Vault's HTTP API, with node-vault. */
export class NodeVaultClient implements VaultApi {
  private readonly client: nodeVault.client;

  constructor(private readonly config: VaultConfig) {
    this.client = nodeVault({
      apiVersion: 'v1',
      endpoint: config.baseUrl,
      token: config.token,
      namespace: config.namespace,
      requestOptions: {
        timeout: config.timeoutMs,
        ...(config.ca ? { ca: config.ca } : {}),
      },
    });
  }

  async listMounts(): Promise<Record<string, VaultMountInfo>> {
    const body = await this.call('list secrets engines', () =>
      this.client.mounts(),
    );
    // Vault answers both at the top level and under `data`; `data` has only mounts.
    return (body?.data ?? body) as Record<string, VaultMountInfo>;
  }

  async mount(path: string, engine: { type: string; description: string }) {
    await this.call(`mount a ${engine.type} secrets engine at ${path}`, () =>
      this.client.mount({
        mount_point: path,
        type: engine.type,
        description: engine.description,
      }),
    );
  }

  async readPolicy(name: string): Promise<string | undefined> {
    try {
      const body = await this.client.getPolicy({ name });
      return body?.rules ?? body?.data?.rules;
    } catch (error) {
      if ((error as any)?.response?.statusCode === 404) return undefined;
      throw toVaultError(error, `read policy ${name}`, this.config.baseUrl);
    }
  }

  async writePolicy(name: string, rules: string) {
    await this.call(`write policy ${name}`, () =>
      this.client.addPolicy({ name, rules }),
    );
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toVaultError(error, what, this.config.baseUrl);
    }
  }
}

/** A stand-in used when app-config has no `vault` section. */
export class UnconfiguredVault implements VaultApi {
  private fail(): never {
    throw new InputError(
      'Vault is not configured: set vault.baseUrl and vault.token in app-config (see the vault module README)',
    );
  }
  listMounts = async () => this.fail();
  mount = async () => this.fail();
  readPolicy = async () => this.fail();
  writePolicy = async () => this.fail();
}
