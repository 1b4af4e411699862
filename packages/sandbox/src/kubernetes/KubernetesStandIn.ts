import express from 'express';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import type { StandInTls } from '../tls';
import {
  KubernetesObject,
  KubernetesObjectFilter,
  KubernetesRecordedRequest,
  KubernetesSeededWorkload,
  KubernetesWorkloadSeed,
} from './model';
import { findKind } from './resources';
import { kubernetesApp, send } from './router';
import { failure } from './status';
import {
  compareObjects,
  metadataOf,
  ObjectStore,
  toJson,
  toPublic,
} from './store';
import {
  deploymentManifest,
  podManifest,
  randomSuffix,
  replicaSetManifest,
  serviceManifest,
  timestamp,
  Workload,
} from './workload';

export type {
  KubernetesObject,
  KubernetesObjectFilter,
  KubernetesObjectMetadata,
  KubernetesOwnerReference,
  KubernetesRecordedRequest,
  KubernetesSeededWorkload,
  KubernetesWorkloadSeed,
} from './model';
export type { KubernetesStatus, KubernetesStatusCause } from './status';

export type KubernetesStandInOptions = {
  /** The bearer token clients must send; default "sandbox-k8s-token". */
  token?: string;
  port?: number;
  /** Answer 401 Unauthorized to every request, as a misconfigured cluster. */
  unauthorized?: boolean;
  /**
   * Serve HTTPS with this certificate, as an API server does (clients trust
   * `tls.ca`: a cluster's caData); plain HTTP without it.
   */
  tls?: StandInTls;
};

const SYSTEM_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

/** The API server's messages for an injected failure's status. */
const INJECTED_MESSAGES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'forbidden',
  404: 'the server could not find the requested resource',
  409: 'the server reported a conflict',
  429: 'the server has received too many requests and has asked us to try again later',
  500: 'an error on the server ("") has prevented the request from succeeding',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
};

/**
 * A stand-in for a Kubernetes API server, speaking the REST API as
 * described in https://kubernetes.io/docs/reference/using-api/api-concepts/
 * for the resources Backstage's Kubernetes plugin reads and the portal's
 * actions write:
 *
 * - discovery: `/api`, `/api/v1`, `/apis`, `/apis/<group>`,
 *   `/apis/<group>/<version>`, as `KubernetesObjectApi` resolves kinds;
 * - core/v1 namespaces, pods, services, serviceaccounts, configmaps,
 *   resourcequotas, limitranges, events; apps/v1 deployments, replicasets,
 *   statefulsets, daemonsets; autoscaling/v2 horizontalpodautoscalers;
 *   policy/v1 poddisruptionbudgets; networking.k8s.io/v1 ingresses;
 *   batch/v1 jobs, cronjobs; argoproj.io/v1alpha1 rollouts (a custom
 *   resource); metrics.k8s.io/v1beta1 pods (read-only, computed);
 * - list (cluster-wide and per namespace, `labelSelector`, `fieldSelector`,
 *   `limit`/`continue`), get, create, update, delete, deletecollection,
 *   the `status` subresource, and patch as JSON patch, merge patch,
 *   strategic merge patch and server-side apply;
 * - server-managed metadata (uid, resourceVersion, generation,
 *   creationTimestamp), defaulting, name/label/template validation,
 *   optimistic concurrency, namespace and owner-reference cascades;
 * - errors as `Status` bodies with the API server's reasons, messages and
 *   codes; bearer-token authentication.
 *
 * Nothing reconciles: no controller turns a Deployment into pods (use
 * `seedWorkload`), and there is no watch.
 *
 * Where it lives: `router.ts` (authentication, discovery, dispatch),
 * `list.ts` (get, list, metrics), `writes.ts` (create, update, delete),
 * `patchRequest.ts` (PATCH and server-side apply; the algorithms in
 * `patch.ts`), `store.ts` (storage and cascades), `resources.ts` (what is
 * served), `defaults.ts`, `validation.ts`, `selectors.ts`, `status.ts`
 * (`Status` errors), `workload.ts` (seeded workloads).
 */
export class KubernetesStandIn extends FaultInjectingStandIn {
  private readonly store = new ObjectStore();
  /** Every request received, in order. */
  readonly requests: KubernetesRecordedRequest[] = [];

  private constructor(
    /** The bearer token the stand-in accepts. */
    readonly token: string,
    private readonly unauthorized: boolean,
  ) {
    super();
  }

  static async start(
    options: KubernetesStandInOptions = {},
  ): Promise<KubernetesStandIn> {
    const instance = new KubernetesStandIn(
      options.token ?? 'sandbox-k8s-token',
      options.unauthorized ?? false,
    );
    for (const name of SYSTEM_NAMESPACES) {
      instance.seed({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    }
    await instance.listen(
      kubernetesApp({
        store: instance.store,
        token: instance.token,
        unauthorized: instance.unauthorized,
        record: request => instance.requests.push(request),
        faults: instance.injectedFaults(),
      }),
      options.port,
      options.tls,
    );
    return instance;
  }

  /**
   * Options for `KubeConfig.loadFromOptions` of `@kubernetes/client-node`
   * that point at the stand-in with its token (and, over HTTPS, its CA).
   */
  kubeConfig(namespace?: string) {
    return {
      clusters: [
        {
          name: 'sandbox',
          server: this.url,
          // a kubeconfig's certificate-authority-data
          ...(this.ca
            ? { caData: Buffer.from(this.ca).toString('base64') }
            : { skipTLSVerify: true }),
        },
      ],
      users: [{ name: 'sandbox', token: this.token }],
      contexts: [
        {
          name: 'sandbox',
          cluster: 'sandbox',
          user: 'sandbox',
          ...(namespace ? { namespace } : {}),
        },
      ],
      currentContext: 'sandbox',
    };
  }

  /** The stored objects, sorted by namespace and name. */
  objects(filter: KubernetesObjectFilter = {}): KubernetesObject[] {
    return [...this.store.objects.values()]
      .filter(
        o =>
          (filter.apiVersion === undefined ||
            o.apiVersion === filter.apiVersion) &&
          (filter.kind === undefined || o.kind === filter.kind) &&
          (filter.namespace === undefined ||
            metadataOf(o).namespace === filter.namespace),
      )
      .sort(compareObjects)
      .map(toPublic);
  }

  /** One stored object, or undefined. */
  object(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): KubernetesObject | undefined {
    const def = findKind(apiVersion, kind);
    if (!def) return undefined;
    const stored = this.store.objects.get(
      this.store.key(
        def,
        def.namespaced ? namespace ?? 'default' : undefined,
        name,
      ),
    );
    return stored ? toPublic(stored) : undefined;
  }

  /**
   * Stores an object directly, as if a controller had written it: no
   * validation, status kept; uid, resourceVersion, creationTimestamp,
   * generation and defaults filled in. A namespaced object's namespace
   * (default "default") is created if missing. Replaces an existing object
   * of the same name, keeping its uid.
   */
  seed(object: KubernetesObject): KubernetesObject {
    return this.store.seed(object);
  }

  /**
   * A running Deployment as a real cluster would show it: the Deployment,
   * its ReplicaSet, `replicas` Running and Ready pods (owner references,
   * container statuses, pod IPs) and a ClusterIP Service selecting them.
   */
  seedWorkload(options: KubernetesWorkloadSeed): KubernetesSeededWorkload {
    const workload: Workload = {
      namespace: options.namespace,
      name: options.name,
      labels: options.labels ?? { app: options.name },
      replicas: options.replicas ?? 1,
      image: options.image ?? 'nginx:1.27',
      containerPort: options.containerPort ?? 8080,
    };
    const at = timestamp();
    const hash = randomSuffix(10);
    const rsName = `${workload.name}-${hash}`;
    const deployment = this.seed(
      deploymentManifest(workload, rsName, at) as unknown as KubernetesObject,
    );
    const replicaSet = this.seed(
      replicaSetManifest(
        workload,
        hash,
        toJson(deployment),
      ) as unknown as KubernetesObject,
    );
    const pods: KubernetesObject[] = [];
    for (let i = 0; i < workload.replicas; i++) {
      pods.push(
        this.seed(
          podManifest(
            workload,
            hash,
            toJson(replicaSet),
            this.store.allocatePodIP(),
            at,
          ) as unknown as KubernetesObject,
        ),
      );
    }
    const service = this.seed(
      serviceManifest(workload) as unknown as KubernetesObject,
    );
    return { deployment, replicaSet, pods, service };
  }

  /** A `Status` body with the API server's message for the status. */
  protected sendInjectedFailure(
    res: express.Response,
    injected: InjectedFailure,
  ): void {
    const error = failure(
      injected.status,
      injected.message ??
        INJECTED_MESSAGES[injected.status] ??
        `the server responded with the status code ${injected.status} but did not return more information`,
      injected.status === 429 ? { retryAfterSeconds: 1 } : undefined,
    );
    send(res, { code: error.status.code ?? 500, body: error.status });
  }
}
