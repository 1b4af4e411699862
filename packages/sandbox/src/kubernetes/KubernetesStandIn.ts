import express from 'express';
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { FaultInjectingStandIn, RunningServer, listen } from '../http';
import { applyDefaults, qosClass } from './defaults';
import {
  clone,
  deepEqual,
  isObject,
  jsonPatch,
  JsonPatchError,
  mergePatch,
  serverSideApply,
  strategicMergePatch,
} from './patch';
import {
  apiVersionOf,
  apiVersions,
  findKind,
  findResource,
  groupDocument,
  groupList,
  isServed,
  JsonObject,
  JsonValue,
  resourceList,
  ResourceDefinition,
} from './resources';
import {
  FieldRequirement,
  LabelRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import {
  alreadyExists,
  badRequest,
  conflict,
  failure,
  invalid,
  KubernetesStatus,
  methodNotAllowed,
  notFound,
  REASONS,
  routeNotFound,
  statusBody,
  StatusError,
  successStatus,
} from './status';
import { validate } from './validation';
import {
  deploymentManifest,
  podManifest,
  podMetrics,
  randomSuffix,
  replicaSetManifest,
  serviceManifest,
  timestamp,
  Workload,
} from './workload';

export type { KubernetesStatus, KubernetesStatusCause } from './status';

export type KubernetesStandInOptions = {
  /** The bearer token clients must send; default "sandbox-k8s-token". */
  token?: string;
  port?: number;
  /** Answer 401 Unauthorized to every request, as a misconfigured cluster. */
  unauthorized?: boolean;
};

export type KubernetesOwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export type KubernetesObjectMetadata = {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubernetesOwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
};

/** An object as the API server stores and serves it. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: KubernetesObjectMetadata;
  [key: string]: unknown;
};

export type KubernetesObjectFilter = {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
};

/** A request the stand-in received. */
export type KubernetesRecordedRequest = {
  method: string;
  /** The decoded path, e.g. `/apis/apps/v1/namespaces/shop/deployments`. */
  path: string;
  query: Record<string, string>;
  contentType?: string;
};

export type KubernetesWorkloadSeed = {
  namespace: string;
  name: string;
  /** Labels of the Deployment, its pod template and the Service's selector; default `{ app: name }`. */
  labels?: Record<string, string>;
  /** Default 1. */
  replicas?: number;
  /** Default `nginx:1.27`. */
  image?: string;
  /** The container's port, the Service's targetPort; default 8080. */
  containerPort?: number;
};

export type KubernetesSeededWorkload = {
  deployment: KubernetesObject;
  replicaSet: KubernetesObject;
  pods: KubernetesObject[];
  service: KubernetesObject;
};

type Reply = { code: number; body: JsonValue | KubernetesStatus };

const SYSTEM_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];
const UNDELETABLE_NAMESPACES = new Set([
  'default',
  'kube-public',
  'kube-system',
]);

const CREATE_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
];

const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const METADATA_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
];

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function metadataOf(object: JsonObject): JsonObject {
  if (!isObject(object.metadata)) object.metadata = {};
  return object.metadata as JsonObject;
}

function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** apiVersion, kind, metadata (in the server's field order), the rest. */
function ordered(object: JsonObject): JsonObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  const meta = isObject(metadata) ? metadata : {};
  const sortedMeta: JsonObject = {};
  for (const key of METADATA_ORDER) {
    if (meta[key] !== undefined) sortedMeta[key] = meta[key];
  }
  for (const [key, value] of Object.entries(meta)) {
    if (!(key in sortedMeta)) sortedMeta[key] = value;
  }
  return { apiVersion, kind, metadata: sortedMeta, ...rest };
}

function labelsOf(object: JsonObject): Record<string, string> {
  const labels = metadataOf(object).labels;
  return isObject(labels)
    ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]))
    : {};
}

function withoutMetadataAndStatus(object: JsonObject): JsonObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

function toJson(object: unknown): JsonObject {
  return JSON.parse(JSON.stringify(object)) as JsonObject;
}

function toPublic(object: JsonObject): KubernetesObject {
  return clone(object) as unknown as KubernetesObject;
}

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
 */
export class KubernetesStandIn extends FaultInjectingStandIn {
  private readonly store = new Map<string, JsonObject>();
  /** Per object, per field manager: the configuration it last applied. */
  private readonly appliedConfigurations = new Map<
    string,
    Map<string, JsonObject>
  >();
  private revision = 0;
  private nextClusterIP = 10;
  private nextNodePort = 30000;
  private nextPodIP = 2;
  private server?: RunningServer;
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
    const app = express();
    app.disable('x-powered-by');
    app.use(express.text({ type: () => true, limit: '20mb' }));
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        instance.send(res, {
          code: 500,
          body: statusBody(
            500,
            'InternalError',
            `Internal error occurred: ${error}`,
          ),
        });
      });
    });
    app.use(
      (
        error: { status?: number; message?: string },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        const code = error.status ?? 400;
        instance.send(res, {
          code,
          body: statusBody(code, REASONS[code], error.message ?? 'bad request'),
        });
      },
    );
    instance.server = await listen(app, options.port);
    return instance;
  }

  get url(): string {
    return this.server!.url;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  /**
   * Options for `KubeConfig.loadFromOptions` of `@kubernetes/client-node`
   * that point at the stand-in with its token.
   */
  kubeConfig(namespace?: string) {
    return {
      clusters: [{ name: 'sandbox', server: this.url, skipTLSVerify: true }],
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
    return [...this.store.values()]
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
    const stored = this.store.get(
      this.key(def, def.namespaced ? namespace ?? 'default' : undefined, name),
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
    const incoming = toJson(object);
    const apiVersion = stringField(incoming, 'apiVersion') ?? '';
    const kind = stringField(incoming, 'kind') ?? '';
    const def = findKind(apiVersion, kind);
    if (!def || def.readOnly) {
      throw new Error(
        `The Kubernetes stand-in does not serve ${apiVersion} ${kind}`,
      );
    }
    const metadata = metadataOf(incoming);
    const name = stringField(metadata, 'name');
    if (!name) throw new Error('seed: metadata.name is required');
    let namespace: string | undefined;
    if (def.namespaced) {
      namespace = stringField(metadata, 'namespace') ?? 'default';
      metadata.namespace = namespace;
      if (!this.namespaceExists(namespace)) {
        this.seed({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
      }
    } else {
      delete metadata.namespace;
    }
    const key = this.key(def, namespace, name);
    const previous = this.store.get(key);
    const previousMeta = previous ? metadataOf(previous) : {};
    applyDefaults(def, incoming, this.defaulting(previous));
    metadata.uid = metadata.uid ?? previousMeta.uid ?? randomUUID();
    metadata.creationTimestamp =
      metadata.creationTimestamp ??
      previousMeta.creationTimestamp ??
      timestamp();
    if (def.generation)
      metadata.generation = metadata.generation ?? previousMeta.generation ?? 1;
    this.initialStatus(def, incoming);
    return toPublic(this.commit(def, incoming));
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
            this.allocatePodIP(),
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

  // ---------------------------------------------------------------------
  // HTTP

  private send(res: express.Response, reply: Reply) {
    if (res.headersSent) return;
    // setHeader, not res.set: express would append "; charset=utf-8".
    res.status(reply.code);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-cache, private');
    res.setHeader('Audit-Id', randomUUID());
    if (reply.code === 429) res.setHeader('Retry-After', '1');
    res.send(Buffer.from(JSON.stringify(reply.body)));
  }

  private async handle(req: express.Request, res: express.Response) {
    const url = new URL(req.originalUrl, 'http://stand-in');
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      // keep the raw path
    }
    const contentType = req.header('content-type');
    this.requests.push({
      method: req.method,
      path,
      query: Object.fromEntries(url.searchParams),
      ...(contentType ? { contentType } : {}),
    });
    await this.injectedLatency();
    let reply: Reply;
    try {
      if (this.unauthorized || !this.authenticated(req)) {
        throw failure(401, 'Unauthorized');
      }
      this.injectedFailure(req.method, path);
      const body = typeof req.body === 'string' ? req.body : '';
      reply = this.route(
        req.method,
        url.pathname,
        url.searchParams,
        body,
        contentType,
        req.header('host') ?? '',
      );
    } catch (error) {
      if (!(error instanceof StatusError)) throw error;
      reply = { code: error.status.code ?? 500, body: error.status };
    }
    this.send(res, reply);
  }

  private authenticated(req: express.Request): boolean {
    const match = /^bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
    return match !== null && match[1].trim() === this.token;
  }

  private injectedFailure(method: string, path: string) {
    const injected = this.takeInjectedFailure(method, path);
    if (!injected) return;
    const generic: Record<number, string> = {
      401: 'Unauthorized',
      403: 'forbidden',
      404: 'the server could not find the requested resource',
      409: 'the server reported a conflict',
      429: 'the server has received too many requests and has asked us to try again later',
      500: 'an error on the server ("") has prevented the request from succeeding',
      503: 'the server is currently unable to handle the request',
      504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
    };
    throw failure(
      injected.status,
      injected.message ??
        generic[injected.status] ??
        `the server responded with the status code ${injected.status} but did not return more information`,
      injected.status === 429 ? { retryAfterSeconds: 1 } : undefined,
    );
  }

  private route(
    method: string,
    rawPath: string,
    query: URLSearchParams,
    body: string,
    contentType: string | undefined,
    host: string,
  ): Reply {
    const segments = rawPath
      .split('/')
      .filter(s => s !== '')
      .map(s => decodeURIComponent(s));
    const getOnly = (document: JsonValue): Reply => {
      if (method !== 'GET') throw methodNotAllowed();
      return { code: 200, body: document };
    };
    const [root] = segments;
    if (segments.length === 1 && root === 'version') {
      return getOnly({
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2024-08-13T07:28:49Z',
        goVersion: 'go1.22.5',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (root === 'api') {
      if (segments.length === 1) return getOnly(apiVersions(host));
      group = '';
      version = segments[1];
      rest = segments.slice(2);
    } else if (root === 'apis') {
      if (segments.length === 1) return getOnly(groupList());
      group = segments[1];
      if (segments.length === 2) {
        const document = groupDocument(group);
        if (!document) throw routeNotFound();
        return getOnly(document);
      }
      version = segments[2];
      rest = segments.slice(3);
    } else {
      throw routeNotFound();
    }
    if (!isServed(group, version)) throw routeNotFound();
    if (rest.length === 0) return getOnly(resourceList(group, version));
    return this.resourceRequest(
      method,
      group,
      version,
      rest,
      query,
      body,
      contentType,
    );
  }

  private resourceRequest(
    method: string,
    group: string,
    version: string,
    rest: string[],
    query: URLSearchParams,
    body: string,
    contentType: string | undefined,
  ): Reply {
    let namespace: string | undefined;
    let parts = rest;
    const namespaceSubresource =
      group === '' && parts.length === 3 && parts[2] === 'status';
    if (
      parts[0] === 'namespaces' &&
      parts.length >= 3 &&
      !namespaceSubresource
    ) {
      namespace = parts[1];
      parts = parts.slice(2);
    }
    const [plural, name, subresource, ...extra] = parts;
    const def = findResource(group, version, plural);
    if (!def || extra.length > 0) throw routeNotFound();
    if (namespace !== undefined && !def.namespaced) throw routeNotFound();
    if (namespace === undefined && def.namespaced && name !== undefined) {
      throw routeNotFound();
    }
    if (
      subresource !== undefined &&
      (subresource !== 'status' || !def.statusSubresource)
    ) {
      throw routeNotFound();
    }
    if (def.readOnly)
      return this.metricsRequest(method, namespace, name, query);
    const dryRun = query.getAll('dryRun').includes('All');

    if (name === undefined) {
      switch (method) {
        case 'GET':
          return this.list(def, namespace, query);
        case 'POST':
          if (def.namespaced && namespace === undefined)
            throw methodNotAllowed();
          return this.create(def, namespace, body, contentType, dryRun);
        case 'DELETE':
          if ((def.namespaced && namespace === undefined) || !def.namespaced) {
            throw methodNotAllowed();
          }
          return this.deleteCollection(def, namespace, query, dryRun);
        default:
          throw methodNotAllowed();
      }
    }
    switch (method) {
      case 'GET':
        return { code: 200, body: this.get(def, namespace, name) };
      case 'PUT':
        return this.update(
          def,
          namespace,
          name,
          body,
          contentType,
          !!subresource,
          dryRun,
        );
      case 'PATCH':
        return this.patch(
          def,
          namespace,
          name,
          body,
          contentType,
          query,
          !!subresource,
          dryRun,
        );
      case 'DELETE':
        if (subresource) throw methodNotAllowed();
        return this.delete(def, namespace, name, body, query, dryRun);
      default:
        throw methodNotAllowed();
    }
  }

  // ---------------------------------------------------------------------
  // Verbs

  private get(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ) {
    const stored = this.store.get(this.key(def, namespace, name));
    if (!stored) throw notFound(def, name);
    return clone(stored);
  }

  private selectors(
    def: ResourceDefinition,
    query: URLSearchParams,
  ): { labels: LabelRequirement[]; fields: FieldRequirement[] } {
    try {
      const labels = parseLabelSelector(query.get('labelSelector') ?? '');
      const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
      const supported = [
        'metadata.name',
        'metadata.namespace',
        ...(def.fields ?? []),
      ];
      const unsupported = fields.find(f => !supported.includes(f.field));
      if (unsupported) {
        throw badRequest(`field label not supported: ${unsupported.field}`);
      }
      return { labels, fields };
    } catch (error) {
      if (error instanceof SelectorError) throw badRequest(error.message);
      throw error;
    }
  }

  private select(
    def: ResourceDefinition,
    namespace: string | undefined,
    query: URLSearchParams,
  ): JsonObject[] {
    const { labels, fields } = this.selectors(def, query);
    return [...this.store.values()]
      .filter(
        o =>
          findKind(String(o.apiVersion), String(o.kind)) === def &&
          (namespace === undefined || metadataOf(o).namespace === namespace) &&
          matchesLabels(labels, labelsOf(o)) &&
          matchesFields(fields, o),
      )
      .sort(compareObjects);
  }

  private list(
    def: ResourceDefinition,
    namespace: string | undefined,
    query: URLSearchParams,
  ): Reply {
    if (['true', '1'].includes(query.get('watch') ?? '')) {
      throw failure(
        405,
        'the Kubernetes stand-in does not support watch requests',
        {},
        'MethodNotAllowed',
      );
    }
    let items = this.select(def, namespace, query);
    const listMeta: JsonObject = { resourceVersion: String(this.revision) };
    const token = query.get('continue');
    if (token) {
      let start: string;
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
        start = String(decoded.start);
      } catch {
        throw badRequest(`invalid continue token: ${token}`);
      }
      items = items.filter(o => sortKey(o) > start);
    }
    const limit = Number(query.get('limit') ?? 0);
    if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
      const remaining = items.length - limit;
      items = items.slice(0, limit);
      listMeta.continue = Buffer.from(
        JSON.stringify({
          v: 'meta.k8s.io/v1',
          rv: this.revision,
          start: sortKey(items[items.length - 1]),
        }),
      ).toString('base64url');
      listMeta.remainingItemCount = remaining;
    }
    return {
      code: 200,
      body: {
        kind: `${def.kind}List`,
        apiVersion: apiVersionOf(def),
        metadata: listMeta,
        // Built-in lists leave out each item's apiVersion and kind.
        items: items.map(o => {
          if (def.custom) return clone(o);
          const { apiVersion: _a, kind: _k, ...item } = clone(o);
          return item;
        }),
      },
    };
  }

  private decode(
    def: ResourceDefinition,
    body: string,
    contentType: string | undefined,
  ): JsonObject {
    const type = mediaType(contentType);
    if (type !== '' && !CREATE_MEDIA_TYPES.includes(type)) {
      throw failure(
        415,
        `the body of the request was in an unknown format - accepted media types include: ${CREATE_MEDIA_TYPES.join(
          ', ',
        )}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = type === 'application/yaml' ? parseYaml(body) : JSON.parse(body);
    } catch (error) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${
          def.kind
        }): couldn't get version/kind; json parse error: ${
          (error as Error).message
        }`,
      );
    }
    if (!isObject(parsed as JsonValue)) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: expected an object`,
      );
    }
    const object = toJson(parsed);
    this.checkTypeMeta(def, object, false);
    return object;
  }

  /** apiVersion and kind must match the URL; absent ones are defaulted. */
  private checkTypeMeta(
    def: ResourceDefinition,
    object: JsonObject,
    required: boolean,
  ) {
    const expected = apiVersionOf(def);
    const apiVersion = object.apiVersion;
    const kind = object.kind;
    if (required && (!apiVersion || !kind)) {
      throw badRequest(
        `Object 'Kind' is missing in '${JSON.stringify(object)}'`.slice(0, 500),
      );
    }
    if (apiVersion !== undefined && apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${String(
          apiVersion,
        )}) does not match the expected API version (${expected})`,
      );
    }
    if (kind !== undefined && kind !== def.kind) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${
          def.kind
        }): kind in the data (${String(
          kind,
        )}) does not match the kind of the resource (${def.kind})`,
      );
    }
    object.apiVersion = expected;
    object.kind = def.kind;
  }

  /** The object's namespace must be empty or the URL's; it becomes the URL's. */
  private checkNamespace(
    def: ResourceDefinition,
    namespace: string | undefined,
    metadata: JsonObject,
  ) {
    if (!def.namespaced) {
      delete metadata.namespace;
      return;
    }
    const given = metadata.namespace;
    if (given !== undefined && given !== '' && given !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    metadata.namespace = namespace ?? null;
  }

  private create(
    def: ResourceDefinition,
    namespace: string | undefined,
    body: string,
    contentType: string | undefined,
    dryRun: boolean,
  ): Reply {
    const object = this.decode(def, body, contentType);
    return this.createObject(def, namespace, object, dryRun);
  }

  private createObject(
    def: ResourceDefinition,
    namespace: string | undefined,
    object: JsonObject,
    dryRun: boolean,
  ): Reply {
    const metadata = metadataOf(object);
    if (metadata.resourceVersion) {
      throw badRequest(
        'resourceVersion should not be set on objects to be created',
      );
    }
    this.checkNamespace(def, namespace, metadata);
    if (
      !metadata.name &&
      typeof metadata.generateName === 'string' &&
      metadata.generateName
    ) {
      metadata.name = `${metadata.generateName}${randomSuffix(5)}`;
    }
    if (namespace !== undefined && !this.namespaceExists(namespace)) {
      throw notFound(findResource('', 'v1', 'namespaces')!, namespace);
    }
    const next = this.prepare(def, object, undefined, false);
    const name = String(metadataOf(next).name);
    if (this.store.has(this.key(def, namespace, name))) {
      throw alreadyExists(def, name);
    }
    return { code: 201, body: dryRun ? next : this.commit(def, next) };
  }

  /**
   * The object to store for a write: status and server-managed metadata
   * carried over (or set, on create), defaults filled in, generation bumped
   * on a spec change, then validated.
   */
  private prepare(
    def: ResourceDefinition,
    incoming: JsonObject,
    previous: JsonObject | undefined,
    statusOnly: boolean,
  ): JsonObject {
    let next: JsonObject;
    if (statusOnly && previous) {
      next = clone(previous);
      if (incoming.status === undefined) delete next.status;
      else next.status = clone(incoming.status);
    } else {
      next = clone(incoming);
      if (def.statusSubresource) {
        if (previous?.status !== undefined)
          next.status = clone(previous.status);
        else delete next.status;
      }
    }
    next.apiVersion = apiVersionOf(def);
    next.kind = def.kind;
    applyDefaults(def, next, this.defaulting(previous));
    const metadata = metadataOf(next);
    delete metadata.resourceVersion;
    delete metadata.managedFields;
    if (previous) {
      const old = metadataOf(previous);
      metadata.uid = old.uid;
      metadata.creationTimestamp = old.creationTimestamp;
      metadata.name = old.name;
      if (def.namespaced) metadata.namespace = old.namespace;
      if (def.generation) {
        const changed = !deepEqual(
          withoutMetadataAndStatus(previous),
          withoutMetadataAndStatus(next),
        );
        metadata.generation = Number(old.generation ?? 1) + (changed ? 1 : 0);
      }
    } else {
      metadata.uid = randomUUID();
      metadata.creationTimestamp = timestamp();
      if (def.generation) metadata.generation = 1;
      this.initialStatus(def, next);
    }
    const errors = validate(def, next);
    if (errors.length > 0) {
      throw invalid(def.group, def.kind, String(metadata.name ?? ''), errors);
    }
    return next;
  }

  /** The status the API server gives a new object. */
  private initialStatus(def: ResourceDefinition, object: JsonObject) {
    if (object.status !== undefined) return;
    if (def.kind === 'Namespace' && def.group === '') {
      object.status = { phase: 'Active' };
    } else if (def.kind === 'Pod' && def.group === '') {
      object.status = { phase: 'Pending', qosClass: qosClass(object.spec) };
    } else if (def.kind === 'Service' && def.group === '') {
      object.status = { loadBalancer: {} };
    }
  }

  private update(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: string,
    contentType: string | undefined,
    statusOnly: boolean,
    dryRun: boolean,
  ): Reply {
    const object = this.decode(def, body, contentType);
    const metadata = metadataOf(object);
    if (metadata.name !== undefined && metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(
          metadata.name,
        )}) does not match the name on the URL (${name})`,
      );
    }
    metadata.name = name;
    this.checkNamespace(def, namespace, metadata);
    const previous = this.store.get(this.key(def, namespace, name));
    if (!previous) throw notFound(def, name);
    const resourceVersion = metadata.resourceVersion;
    if (
      resourceVersion &&
      resourceVersion !== metadataOf(previous).resourceVersion
    ) {
      throw conflict(def, name);
    }
    if (def.custom && !resourceVersion) {
      throw invalid(def.group, def.kind, name, [
        {
          type: 'FieldValueInvalid',
          field: 'metadata.resourceVersion',
          value: '0x0',
          detail: 'must be specified for an update',
        },
      ]);
    }
    const next = this.prepare(def, object, previous, statusOnly);
    return {
      code: 200,
      body: dryRun ? next : this.commit(def, next, previous),
    };
  }

  private patch(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: string,
    contentType: string | undefined,
    query: URLSearchParams,
    statusOnly: boolean,
    dryRun: boolean,
  ): Reply {
    const type = mediaType(contentType);
    const accepted = def.custom
      ? [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply]
      : [
          PATCH_TYPES.json,
          PATCH_TYPES.merge,
          PATCH_TYPES.apply,
          PATCH_TYPES.strategic,
        ];
    if (!accepted.includes(type)) {
      throw failure(
        415,
        `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
          ', ',
        )}`,
      );
    }
    const apply = type === PATCH_TYPES.apply;
    const fieldManager = query.get('fieldManager') ?? '';
    if (apply && fieldManager === '') {
      throw invalid('meta.k8s.io', 'PatchOptions', '', [
        {
          type: 'FieldValueRequired',
          field: 'fieldManager',
          detail: 'is required for apply patch',
        },
      ]);
    }
    if (!apply && query.has('force')) {
      throw invalid('meta.k8s.io', 'PatchOptions', '', [
        {
          type: 'FieldValueForbidden',
          field: 'force',
          detail: 'may not be specified for non-apply patch',
        },
      ]);
    }
    let patch: JsonValue;
    try {
      patch = apply
        ? toJson(parseYaml(body) ?? null)
        : (JSON.parse(body) as JsonValue);
    } catch (error) {
      throw badRequest(
        `error decoding ${apply ? 'YAML' : 'patch'}: ${
          (error as Error).message
        }`,
      );
    }
    const key = this.key(def, namespace, name);
    const previous = this.store.get(key);
    if (apply) {
      if (!isObject(patch)) {
        throw badRequest(
          'error decoding YAML: the applied configuration must be an object',
        );
      }
      this.checkTypeMeta(def, patch, true);
      const metadata = metadataOf(patch);
      if (metadata.name !== name) {
        throw badRequest(
          `the name of the object (${String(
            metadata.name ?? '',
          )}) does not match the name on the URL (${name})`,
        );
      }
      this.checkNamespace(def, namespace, metadata);
    }
    if (!previous) {
      if (!apply || statusOnly) throw notFound(def, name);
      const created = this.createObject(
        def,
        namespace,
        clone(patch as JsonObject),
        dryRun,
      );
      if (!dryRun) this.recordApplied(key, fieldManager, patch as JsonObject);
      return created;
    }

    let patched: JsonValue | undefined;
    try {
      switch (type) {
        case PATCH_TYPES.merge:
          patched = mergePatch(previous, patch);
          break;
        case PATCH_TYPES.strategic:
          patched = strategicMergePatch(previous, patch);
          break;
        case PATCH_TYPES.json:
          patched = jsonPatch(previous, patch);
          break;
        default:
          patched = serverSideApply(
            previous,
            patch as JsonObject,
            this.appliedConfigurations.get(key)?.get(fieldManager),
            !def.custom,
          );
      }
    } catch (error) {
      if (!(error instanceof JsonPatchError)) throw error;
      throw failure(
        422,
        'the server rejected our request due to an error in our request',
        {
          causes: [
            { reason: 'UnexpectedServerResponse', message: error.message },
          ],
        },
      );
    }
    if (!isObject(patched ?? null)) {
      throw badRequest('the patched object must be a JSON object');
    }
    const result = patched as JsonObject;
    if (
      result.apiVersion !== previous.apiVersion ||
      result.kind !== previous.kind
    ) {
      this.checkTypeMeta(def, result, false);
    }
    const metadata = metadataOf(result);
    if (metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(
          metadata.name ?? '',
        )}) does not match the name on the URL (${name})`,
      );
    }
    const resourceVersion = metadata.resourceVersion;
    if (
      resourceVersion &&
      resourceVersion !== metadataOf(previous).resourceVersion
    ) {
      throw conflict(def, name);
    }
    const next = this.prepare(def, result, previous, statusOnly);
    const stored = dryRun ? next : this.commit(def, next, previous);
    if (apply && !dryRun)
      this.recordApplied(key, fieldManager, patch as JsonObject);
    return { code: 200, body: stored };
  }

  private recordApplied(
    key: string,
    fieldManager: string,
    applied: JsonObject,
  ) {
    const managers = this.appliedConfigurations.get(key) ?? new Map();
    managers.set(fieldManager, clone(applied));
    this.appliedConfigurations.set(key, managers);
  }

  private delete(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: string,
    query: URLSearchParams,
    dryRun: boolean,
  ): Reply {
    const key = this.key(def, namespace, name);
    const previous = this.store.get(key);
    if (!previous) throw notFound(def, name);
    let options: JsonObject = {};
    if (body.trim() !== '') {
      try {
        const parsed = JSON.parse(body) as JsonValue;
        if (isObject(parsed)) options = parsed;
      } catch (error) {
        throw badRequest(
          `error decoding DeleteOptions: ${(error as Error).message}`,
        );
      }
    }
    const metadata = metadataOf(previous);
    const preconditions = isObject(options.preconditions)
      ? options.preconditions
      : {};
    if (preconditions.uid && preconditions.uid !== metadata.uid) {
      throw failure(
        409,
        `Precondition failed: UID in precondition: ${String(
          preconditions.uid,
        )}, UID in object meta: ${String(metadata.uid)}`,
        { name, ...(def.group ? { group: def.group } : {}), kind: def.plural },
        'Conflict',
      );
    }
    if (
      preconditions.resourceVersion &&
      preconditions.resourceVersion !== metadata.resourceVersion
    ) {
      throw failure(
        409,
        `Precondition failed: ResourceVersion in precondition: ${String(
          preconditions.resourceVersion,
        )}, ResourceVersion in object meta: ${String(
          metadata.resourceVersion,
        )}`,
        { name, ...(def.group ? { group: def.group } : {}), kind: def.plural },
        'Conflict',
      );
    }
    if (
      def.plural === 'namespaces' &&
      def.group === '' &&
      UNDELETABLE_NAMESPACES.has(name)
    ) {
      throw failure(
        403,
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        { name, kind: 'namespaces' },
      );
    }
    const propagation =
      query.get('propagationPolicy') ??
      stringField(options, 'propagationPolicy') ??
      (options.orphanDependents === true ? 'Orphan' : 'Background');
    if (!dryRun) this.remove(def, previous, propagation === 'Orphan');
    if (def.returnsDeletedObject) return { code: 200, body: clone(previous) };
    return { code: 200, body: successStatus(def, name, String(metadata.uid)) };
  }

  private deleteCollection(
    def: ResourceDefinition,
    namespace: string | undefined,
    query: URLSearchParams,
    dryRun: boolean,
  ): Reply {
    const items = this.select(def, namespace, query);
    const orphan = query.get('propagationPolicy') === 'Orphan';
    if (!dryRun) for (const item of items) this.remove(def, item, orphan);
    return {
      code: 200,
      body: {
        kind: `${def.kind}List`,
        apiVersion: apiVersionOf(def),
        metadata: { resourceVersion: String(this.revision) },
        items: items.map(o => clone(o)),
      },
    };
  }

  /**
   * Removes an object, and what goes with it: a namespace's contents, and
   * (unless orphaned, as the garbage collector would) the objects it owns.
   */
  private remove(def: ResourceDefinition, object: JsonObject, orphan: boolean) {
    const metadata = metadataOf(object);
    const key = this.key(
      def,
      stringField(metadata, 'namespace'),
      String(metadata.name),
    );
    this.store.delete(key);
    this.appliedConfigurations.delete(key);
    this.revision += 1;
    const uid = String(metadata.uid);
    if (def.plural === 'namespaces' && def.group === '') {
      for (const [k, o] of [...this.store]) {
        if (metadataOf(o).namespace === metadata.name) {
          this.store.delete(k);
          this.appliedConfigurations.delete(k);
        }
      }
    }
    for (const [dependentKey, dependent] of [...this.store]) {
      if (!this.store.has(dependentKey)) continue;
      const dependentMeta = metadataOf(dependent);
      const references = Array.isArray(dependentMeta.ownerReferences)
        ? dependentMeta.ownerReferences
        : [];
      if (!references.some(r => isObject(r) && r.uid === uid)) continue;
      const dependentDef = findKind(
        String(dependent.apiVersion),
        String(dependent.kind),
      );
      if (!dependentDef) continue;
      if (orphan) {
        const kept = references.filter(r => !(isObject(r) && r.uid === uid));
        const updated = clone(dependent);
        if (kept.length > 0) metadataOf(updated).ownerReferences = kept;
        else delete metadataOf(updated).ownerReferences;
        this.commit(dependentDef, updated);
      } else {
        this.remove(dependentDef, dependent, false);
      }
    }
  }

  private metricsRequest(
    method: string,
    namespace: string | undefined,
    name: string | undefined,
    query: URLSearchParams,
  ): Reply {
    if (method !== 'GET') throw methodNotAllowed();
    const pods = findResource('', 'v1', 'pods')!;
    const at = timestamp();
    const running = this.select(pods, namespace, query).filter(
      p => isObject(p.status) && p.status.phase === 'Running',
    );
    if (name !== undefined) {
      const pod = running.find(p => metadataOf(p).name === name);
      if (!pod) {
        throw failure(404, `podmetrics.metrics.k8s.io "${name}" not found`, {
          name,
          group: 'metrics.k8s.io',
          kind: 'pods',
        });
      }
      return {
        code: 200,
        body: {
          kind: 'PodMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          ...podMetrics(pod, at),
        },
      };
    }
    return {
      code: 200,
      body: {
        kind: 'PodMetricsList',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {},
        items: running.map(p => podMetrics(p, at)),
      },
    };
  }

  // ---------------------------------------------------------------------
  // Storage

  private key(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ) {
    return `${def.group}/${def.plural}/${
      def.namespaced ? namespace ?? '' : ''
    }/${name}`;
  }

  private namespaceExists(name: string): boolean {
    return this.store.has(`/namespaces//${name}`);
  }

  /** Stores the object with a new resourceVersion, unless nothing changed. */
  private commit(
    def: ResourceDefinition,
    object: JsonObject,
    previous?: JsonObject,
  ): JsonObject {
    const metadata = metadataOf(object);
    if (previous) {
      const unchanged = clone(object);
      metadataOf(unchanged).resourceVersion =
        metadataOf(previous).resourceVersion ?? null;
      if (deepEqual(ordered(unchanged), ordered(previous)))
        return clone(previous);
    }
    this.revision += 1;
    metadata.resourceVersion = String(this.revision);
    const stored = ordered(object);
    this.store.set(
      this.key(def, stringField(metadata, 'namespace'), String(metadata.name)),
      stored,
    );
    return clone(stored);
  }

  private defaulting(previous: JsonObject | undefined) {
    return {
      previous,
      allocateClusterIP: () => {
        const n = this.nextClusterIP++;
        return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      },
      allocateNodePort: () => this.nextNodePort++,
    };
  }

  private allocatePodIP(): string {
    const n = this.nextPodIP++;
    return `10.244.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }
}

function sortKey(object: JsonObject): string {
  const metadata = metadataOf(object);
  return `${String(metadata.namespace ?? '')}/${String(metadata.name)}\u0000`;
}

function compareObjects(a: JsonObject, b: JsonObject): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka < kb) return -1;
  return ka > kb ? 1 : 0;
}
