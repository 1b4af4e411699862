import {
  AuthenticationError,
  ConflictError,
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import type { KubernetesClusterConfig } from '@internal/backstage-kubernetes-clusters-node';
import { Manifest, describeManifest } from './manifests';

/** What the cluster answered for one applied object. */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
};

/** Applies one object to one cluster. */
export interface KubernetesApplier {
  apply(
    cluster: KubernetesClusterConfig,
    manifest: Manifest,
    options: { fieldManager: string },
  ): Promise<AppliedObject>;
}

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`) through the
 * official `@kubernetes/client-node`: creates what is missing, updates what
 * this field manager owns, and is idempotent, so a retried task converges
 * instead of failing on "already exists".
 */
export class ClientNodeKubernetesApplier implements KubernetesApplier {
  private readonly clients = new Map<string, KubernetesObjectApi>();

  async apply(
    cluster: KubernetesClusterConfig,
    manifest: Manifest,
    options: { fieldManager: string },
  ): Promise<AppliedObject> {
    const client = this.client(cluster);
    try {
      const result = await client.patch<KubernetesObject>(
        manifest,
        undefined,
        undefined,
        options.fieldManager,
        true,
        PatchStrategy.ServerSideApply,
      );
      return {
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        namespace: result.metadata?.namespace ?? manifest.metadata.namespace,
        name: manifest.metadata.name,
        uid: result.metadata?.uid,
      };
    } catch (error) {
      throw explain(error, cluster, manifest);
    }
  }

  private client(cluster: KubernetesClusterConfig): KubernetesObjectApi {
    let client = this.clients.get(cluster.name);
    if (!client) {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name: cluster.name,
            server: cluster.url,
            // a kubeconfig's certificate-authority-data: the PEM in base64
            caData: cluster.ca && Buffer.from(cluster.ca).toString('base64'),
            skipTLSVerify: cluster.skipTLSVerify,
          },
        ],
        users: [{ name: 'backstage', token: cluster.serviceAccountToken }],
        contexts: [
          { name: cluster.name, cluster: cluster.name, user: 'backstage' },
        ],
        currentContext: cluster.name,
      });
      client = KubernetesObjectApi.makeApiClient(kubeConfig);
      this.clients.set(cluster.name, client);
    }
    return client;
  }
}

type KubernetesStatus = { message?: string; reason?: string };

/** The API server's own words, with what to do about them. */
function explain(
  error: unknown,
  cluster: KubernetesClusterConfig,
  manifest: Manifest,
): Error {
  const what = describeManifest(manifest);
  const on = `cluster "${cluster.name}" (${cluster.url})`;
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'number') {
    const message = error instanceof Error ? error.message : String(error);
    if (/Unrecognized API version and kind/.test(message)) {
      return new InputError(
        `${on} does not serve ${manifest.apiVersion} ${manifest.kind} (is its CustomResourceDefinition installed?)`,
      );
    }
    return new ForwardedError(
      `Could not reach Kubernetes ${on} to apply ${what}`,
      error,
    );
  }
  const message = error instanceof Error ? error.message : '';
  if (code === 404 && message.startsWith('Failed to fetch resource metadata')) {
    // discovery found no such API group/version
    return new InputError(
      `${on} does not serve ${manifest.apiVersion} ${manifest.kind} (is its CustomResourceDefinition installed?)`,
    );
  }
  const status = readStatus((error as { body?: unknown }).body);
  const detail = status.message ? `: ${status.message}` : '';
  switch (code) {
    case 401:
      return new AuthenticationError(
        `Kubernetes ${on} refused the service-account token (401 Unauthorized); check its serviceAccountToken`,
      );
    case 403:
      return new NotAllowedError(
        `Kubernetes ${on} does not allow applying ${what} (403 Forbidden)${detail}`,
      );
    case 404:
      return new NotFoundError(`Kubernetes ${on}: ${what} (404)${detail}`);
    case 409:
      return new ConflictError(
        `Kubernetes ${on}: conflict applying ${what} (409)${detail}`,
      );
    case 400:
    case 422:
      return new InputError(
        `Kubernetes ${on} rejected ${what} (${code} ${
          status.reason ?? 'Invalid'
        })${detail}`,
      );
    default:
      return new Error(
        `Kubernetes ${on} answered ${code} applying ${what}${detail}`,
      );
  }
}

function readStatus(body: unknown): KubernetesStatus {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as KubernetesStatus;
    } catch {
      return { message: body.slice(0, 500) };
    }
  }
  return (body ?? {}) as KubernetesStatus;
}
