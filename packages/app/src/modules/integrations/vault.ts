import { NotFoundError, ResponseError } from '@backstage/errors';
import {
  ApiBlueprint,
  DiscoveryApi,
  FetchApi,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  ListSecretsResponse,
  VaultApi,
  vaultApiRef,
} from '@backstage-community/plugin-vault';

type Options = { secretEngine?: string };

/**
 * The Vault backend's client, for the Vault tab, with failures kept visible.
 * The tab turns any failure of `listSecrets` into "No secrets, create one"
 * and then asks `getCreateUrl` for that path; so a failure other than "no
 * secrets there" (404) is remembered and thrown again by `getCreateUrl`,
 * which the tab shows as its error ("Unexpected error while fetching secrets
 * from path(s) …").
 */
export class VaultBackendClient implements VaultApi {
  private readonly failures = new Map<string, Error>();

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listSecrets(
    secretPath: string,
    options: Options = {},
  ): Promise<ListSecretsResponse> {
    const key = this.key(secretPath, options);
    this.failures.delete(key);
    const response = await this.get(secretPath, '', options);
    if (response.status === 404) {
      throw new NotFoundError(`No secrets found in path '${secretPath}'`);
    }
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // the backend's reason, e.g. Vault's "permission denied"
      const failure = new Error(
        error.cause.message && error.cause.message !== error.message
          ? `${error.message}: ${error.cause.message}`
          : error.message,
      );
      this.failures.set(key, failure);
      throw failure;
    }
    const body = await response.json();
    return {
      secrets: body.items,
      vaultUrl: body.vaultUrl,
      createUrl: body.createUrl,
    };
  }

  async getCreateUrl(
    secretPath: string,
    options: Options = {},
  ): Promise<string | undefined> {
    const key = this.key(secretPath, options);
    const failure = this.failures.get(key);
    if (failure) {
      this.failures.delete(key);
      throw failure;
    }
    const response = await this.get(secretPath, '/create-url', options);
    if (!response.ok) return undefined;
    return (await response.json()).createUrl;
  }

  private key(secretPath: string, options: Options) {
    return `${options.secretEngine ?? ''}:${secretPath}`;
  }

  private async get(secretPath: string, suffix: string, options: Options) {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('vault');
    const query = options.secretEngine
      ? `?${new URLSearchParams({ engine: options.secretEngine })}`
      : '';
    return this.options.fetchApi.fetch(
      `${baseUrl}/v1/secrets/${encodeURIComponent(
        secretPath,
      )}${suffix}${query}`,
      { headers: { Accept: 'application/json' } },
    );
  }
}

/** The Vault tab's API, replaced by {@link VaultBackendClient}. */
export const vaultModule = createFrontendModule({
  pluginId: 'vault',
  extensions: [
    ApiBlueprint.make({
      name: 'vaultApi',
      params: defineParams =>
        defineParams({
          api: vaultApiRef,
          deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
          factory: ({ discoveryApi, fetchApi }) =>
            new VaultBackendClient({ discoveryApi, fetchApi }),
        }),
    }),
  ],
});
