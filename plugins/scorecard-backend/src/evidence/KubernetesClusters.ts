import type { Config } from '@backstage/config';
import { httpGet } from './httpGet';

export type ClusterConfig = {
  name: string;
  url: string;
  authProvider: string;
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  caData?: string;
};

/** A cluster's answer: the items, or why there are none to judge. */
export type ClusterListResult =
  | { cluster: string; items: Record<string, any>[] }
  | { cluster: string; error: string };

/**
 * The clusters of the Kubernetes plugin's configuration
 * (`kubernetes.clusterLocatorMethods` of type `config`), read the way the
 * Kubernetes plugin reads them, so that scorecards look at the same clusters
 * as the Kubernetes tab. Service-account authentication only.
 */
export class KubernetesClusters {
  static fromConfig(config: Config): KubernetesClusters {
    const clusters: ClusterConfig[] = [];
    for (const method of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (method.getString('type') !== 'config') continue;
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const caData = c.getOptionalString('caData');
        clusters.push({
          name: c.getString('name'),
          url: c.getString('url').replace(/\/+$/, ''),
          authProvider: c.getString('authProvider'),
          serviceAccountToken: c.getOptionalString('serviceAccountToken'),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: caData
            ? Buffer.from(caData, 'base64').toString('utf8')
            : undefined,
        });
      }
    }
    return new KubernetesClusters(clusters);
  }

  constructor(readonly clusters: ClusterConfig[]) {}

  /** GET a list path (e.g. /apis/policy/v1/...) on every cluster. */
  async list(
    path: string,
    query: Record<string, string>,
    signal: AbortSignal,
  ): Promise<ClusterListResult[]> {
    const search = new URLSearchParams(query).toString();
    return Promise.all(
      this.clusters.map(async (cluster): Promise<ClusterListResult> => {
        if (cluster.authProvider !== 'serviceAccount') {
          return {
            cluster: cluster.name,
            error: `auth provider ${cluster.authProvider} is not supported by scorecards (serviceAccount only)`,
          };
        }
        try {
          const res = await httpGet(
            `${cluster.url}${path}${search ? `?${search}` : ''}`,
            {
              headers: {
                Accept: 'application/json',
                ...(cluster.serviceAccountToken
                  ? { Authorization: `Bearer ${cluster.serviceAccountToken}` }
                  : {}),
              },
              ca: cluster.caData,
              insecure: cluster.skipTLSVerify,
              signal,
            },
          );
          if (res.status !== 200) {
            let message = '';
            try {
              message = JSON.parse(res.body).message ?? '';
            } catch {
              message = res.body.slice(0, 200);
            }
            return {
              cluster: cluster.name,
              error: `HTTP ${res.status}${message ? `: ${message}` : ''}`,
            };
          }
          const items = JSON.parse(res.body).items;
          return {
            cluster: cluster.name,
            items: Array.isArray(items) ? items : [],
          };
        } catch (e) {
          return {
            cluster: cluster.name,
            error: e instanceof Error ? e.message : String(e),
          };
        }
      }),
    );
  }
}
