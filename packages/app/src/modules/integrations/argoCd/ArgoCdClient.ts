import { NotFoundError, ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ArgoCDApi } from '@roadiehq/backstage-plugin-argo-cd';

type LocateOptions = Parameters<ArgoCDApi['serviceLocatorUrl']>[0];

/**
 * Roadie's Argo CD client, except that an application no instance reports
 * is an error, and a commit whose details cannot be read is said so. Roadie's backend answers the cards' first question ("which
 * instances have this application?", `argocd.appLocatorMethods`) with an
 * empty list both when no instance has it and when an instance failed to
 * answer (it logs the error), and the cards then show an empty table. Here
 * each configured instance is asked directly, so the card says which
 * instance failed and how, or that the application exists nowhere.
 */
export class ArgoCdClient implements ArgoCDApi {
  private readonly inner: ArgoCDApi;
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly instanceNames: string[];

  constructor(options: {
    inner: ArgoCDApi;
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    instanceNames: string[];
  }) {
    this.inner = options.inner;
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.instanceNames = options.instanceNames;
  }

  listApps: ArgoCDApi['listApps'] = o => this.inner.listApps(o);
  /**
   * A commit's details for the history card's row. The card does not catch
   * a failure (an unhandled rejection that leaves the whole table's rows
   * loading), so the row says why instead.
   */
  getRevisionDetails: ArgoCDApi['getRevisionDetails'] = o =>
    this.inner.getRevisionDetails(o).catch(error => ({
      author: 'n/a',
      date: 'n/a',
      message: `Commit details unavailable: ${error?.message ?? error}`,
    }));
  getAppDetails: ArgoCDApi['getAppDetails'] = o => this.inner.getAppDetails(o);
  getAppListDetails: ArgoCDApi['getAppListDetails'] = o =>
    this.inner.getAppListDetails(o);

  async serviceLocatorUrl(options: LocateOptions) {
    const found = await this.inner.serviceLocatorUrl(options);
    if (found instanceof Error || found.length > 0) {
      return found;
    }
    const what = options.appName
      ? `application ${options.appName}`
      : `applications matching ${options.appSelector}`;
    const failures: string[] = [];
    for (const instance of this.instanceNames) {
      const failure = await this.probe(instance, options);
      if (failure) failures.push(`${instance}: ${failure}`);
    }
    if (failures.length > 0) {
      throw new Error(
        `Argo CD could not be asked for the ${what} (${failures.join('; ')})`,
      );
    }
    throw new NotFoundError(
      `No Argo CD instance (${this.instanceNames.join(', ')}) has the ${what}`,
    );
  }

  /** Undefined when the instance answered, else why it did not. */
  private async probe(
    instance: string,
    options: LocateOptions,
  ): Promise<string | undefined> {
    const baseUrl = await this.discoveryApi.getBaseUrl('argocd');
    const path = options.appName
      ? `applications/name/${encodeURIComponent(options.appName)}`
      : `applications/selector/${encodeURIComponent(
          options.appSelector ?? '',
        )}`;
    const query = options.appNamespace
      ? `?appNamespace=${encodeURIComponent(options.appNamespace)}`
      : '';
    const response = await this.fetchApi.fetch(
      `${baseUrl}/argoInstance/${encodeURIComponent(instance)}/${path}${query}`,
    );
    if (response.ok) {
      return undefined;
    }
    const error = await ResponseError.fromResponse(response);
    return error.body?.error?.message ?? error.message;
  }
}
