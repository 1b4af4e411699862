import { InputError, NotFoundError, ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { ArgoCDApi } from '@roadiehq/backstage-plugin-argo-cd';

type LocateOptions = Parameters<ArgoCDApi['serviceLocatorUrl']>[0];
/** The instances Roadie's backend found (`/find/...`). */
type Located = Exclude<
  Awaited<ReturnType<ArgoCDApi['serviceLocatorUrl']>>,
  Error
>;

/**
 * The API of Roadie's Argo CD cards. The three calls our status card makes
 * (find the instances, an application, the applications of a selector) are
 * ours, on Roadie's backend routes as Roadie's client calls them: the
 * overview then loads none of Roadie's modules. The deployment history's two
 * (the project's applications, a revision's commit) go to Roadie's client,
 * created on first use, when the Argo CD tab loads it.
 *
 * Unlike Roadie's client, an application no instance reports is an error,
 * and a commit whose details cannot be read is said so. Roadie's backend
 * answers the first question ("which instances have this application?",
 * `argocd.appLocatorMethods`) with an empty list both when no instance has
 * it and when an instance failed to answer (it logs the error), and the
 * cards then show an empty table. Here each configured instance is asked
 * directly, so the card says which instance failed and how, or that the
 * application exists nowhere. A failed request's error is Backstage's
 * (status and the backend's message), not "failed to fetch data".
 */
export class ArgoCdClient implements ArgoCDApi {
  private readonly loadInner: () => Promise<ArgoCDApi>;
  private innerClient: Promise<ArgoCDApi> | undefined;
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly instanceNames: string[];
  private readonly searchInstances: boolean;
  private readonly useNamespacedApps: boolean;

  constructor(options: {
    /**
     * Roadie's client, created on first use: its module (io-ts, fp-ts) is
     * then loaded with the history, not on every page.
     */
    inner: () => Promise<ArgoCDApi>;
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** the instances of `argocd.appLocatorMethods` */
    instanceNames: string[];
    /**
     * whether Roadie's backend finds the instances (`appLocatorMethods`
     * configured), else the proxy's `argocd/proxy-url` is asked
     */
    searchInstances: boolean;
    /** `argocd.namespacedApps`: whether `argocd/app-namespace` is sent */
    useNamespacedApps: boolean;
  }) {
    this.loadInner = options.inner;
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.instanceNames = options.instanceNames;
    this.searchInstances = options.searchInstances;
    this.useNamespacedApps = options.useNamespacedApps;
  }

  private inner(): Promise<ArgoCDApi> {
    if (!this.innerClient) {
      this.innerClient = this.loadInner();
      // a failed load is tried again by the next call
      this.innerClient.catch(() => {
        this.innerClient = undefined;
      });
    }
    return this.innerClient;
  }

  /** Roadie's backend (`argocd`), or the proxy without instance search. */
  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl(
      this.searchInstances ? 'argocd' : 'proxy',
    );
  }

  private query(appNamespace: string | undefined): string {
    return appNamespace && this.useNamespacedApps
      ? `?appNamespace=${encodeURIComponent(appNamespace)}`
      : '';
  }

  private async get<T>(url: string): Promise<T> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  /** An application of an instance (search), or of `url` (proxy). */
  getAppDetails: ArgoCDApi['getAppDetails'] = async o =>
    this.get(await this.appUrl(o, { appName: o.appName }));

  /** The applications of a label selector, of an instance or of `url`. */
  getAppListDetails: ArgoCDApi['getAppListDetails'] = async o =>
    this.get(await this.appUrl(o, { appSelector: o.appSelector }));

  /**
   * Roadie's backend's route of an instance's application or applications
   * of a selector (`argoInstance/:instance/applications/name/:name`,
   * `.../selector/:selector`), or, without instance search, the proxy's
   * route of the entity's `argocd/proxy-url` (`applications/:name`,
   * `applications/selector/:selector`).
   */
  private async appUrl(
    o: { url?: string; instance?: string; appNamespace?: string },
    of: { appName?: string; appSelector?: string },
  ): Promise<string> {
    const base = await this.baseUrl();
    const query = this.query(o.appNamespace);
    const selector = `selector/${encodeURIComponent(of.appSelector ?? '')}`;
    const name = encodeURIComponent(of.appName ?? '');
    if (this.searchInstances) {
      const instance = encodeURIComponent(o.instance ?? '');
      const what = of.appName ? `name/${name}` : selector;
      return `${base}/argoInstance/${instance}/applications/${what}${query}`;
    }
    return `${base}${o.url}/applications/${
      of.appName ? name : selector
    }${query}`;
  }

  listApps: ArgoCDApi['listApps'] = async o => (await this.inner()).listApps(o);
  /**
   * A commit's details for the history card's row. The card does not catch
   * a failure (an unhandled rejection that leaves the whole table's rows
   * loading), so the row says why instead.
   */
  getRevisionDetails: ArgoCDApi['getRevisionDetails'] = o =>
    this.inner()
      .then(inner => inner.getRevisionDetails(o))
      .catch(error => ({
        author: 'n/a',
        date: 'n/a',
        message: `Commit details unavailable: ${error?.message ?? error}`,
      }));

  /** The instances that have the application (or selector's). */
  async serviceLocatorUrl(options: LocateOptions) {
    if (!options.appName && !options.appSelector) {
      throw new InputError('Need to provide appName or appSelector');
    }
    const base = await this.discoveryApi.getBaseUrl('argocd');
    const found = await this.get<Located>(
      options.appName
        ? `${base}/find/name/${encodeURIComponent(options.appName)}${this.query(
            options.appNamespace,
          )}`
        : `${base}/find/selector/${encodeURIComponent(
            options.appSelector!,
          )}${this.query(options.appNamespace)}`,
    );
    if (found.length > 0) {
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
    const response = await this.fetchApi.fetch(
      await this.appUrl(
        { instance, appNamespace: options.appNamespace },
        options,
      ),
    );
    if (response.ok) {
      return undefined;
    }
    const error = await ResponseError.fromResponse(response);
    return error.body?.error?.message ?? error.message;
  }
}
