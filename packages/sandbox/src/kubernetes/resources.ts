/** JSON as the API server stores and serves it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** How an object's name is validated. */
export type NameRule = 'dns1123Label' | 'dns1123Subdomain' | 'dns1035Label';

/** One resource the stand-in serves, as discovery describes it. */
export type ResourceDefinition = {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /**
   * Has a `status` subresource: writes to the main resource keep the stored
   * status, writes to `/status` change only the status.
   */
  statusSubresource: boolean;
  /** The server maintains `metadata.generation`. */
  generation: boolean;
  /** A delete answers with the deleted object rather than a `Status`. */
  returnsDeletedObject: boolean;
  nameRule: NameRule;
  /**
   * A custom resource (from a CustomResourceDefinition): no strategic merge
   * patch, lists are atomic for apply, an update must carry resourceVersion.
   */
  custom: boolean;
  /** Computed and read-only (metrics.k8s.io). */
  readOnly?: boolean;
  /** Field selectors besides metadata.name and metadata.namespace. */
  fields?: string[];
};

const BUILTIN_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const CUSTOM_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  extra: Partial<ResourceDefinition> = {},
): ResourceDefinition {
  return {
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    statusSubresource: false,
    generation: false,
    returnsDeletedObject: false,
    nameRule: 'dns1123Subdomain',
    custom: false,
    ...extra,
  };
}

/** Workloads: status subresource, generation, the `all` category. */
const WORKLOAD = {
  statusSubresource: true,
  generation: true,
  categories: ['all'],
};

export const RESOURCES: ResourceDefinition[] = [
  builtin('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  builtin('', 'v1', 'Event', 'events', {
    shortNames: ['ev'],
    fields: [
      'involvedObject.apiVersion',
      'involvedObject.fieldPath',
      'involvedObject.kind',
      'involvedObject.name',
      'involvedObject.namespace',
      'involvedObject.resourceVersion',
      'involvedObject.uid',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  builtin('', 'v1', 'LimitRange', 'limitranges', { shortNames: ['limits'] }),
  builtin('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
    nameRule: 'dns1123Label',
    fields: ['status.phase'],
  }),
  builtin('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    generation: true,
    returnsDeletedObject: true,
    fields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.nominatedNodeName',
      'status.phase',
      'status.podIP',
    ],
  }),
  builtin('', 'v1', 'ResourceQuota', 'resourcequotas', {
    shortNames: ['quota'],
    statusSubresource: true,
  }),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', {
    shortNames: ['sa'],
    returnsDeletedObject: true,
  }),
  builtin('', 'v1', 'Service', 'services', {
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
    returnsDeletedObject: true,
    nameRule: 'dns1035Label',
  }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', {
    ...WORKLOAD,
    shortNames: ['ds'],
  }),
  builtin('apps', 'v1', 'Deployment', 'deployments', {
    ...WORKLOAD,
    shortNames: ['deploy'],
  }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', {
    ...WORKLOAD,
    shortNames: ['rs'],
  }),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', {
    ...WORKLOAD,
    shortNames: ['sts'],
  }),
  builtin(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    {
      ...WORKLOAD,
      shortNames: ['hpa'],
    },
  ),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', {
    ...WORKLOAD,
    shortNames: ['cj'],
  }),
  builtin('batch', 'v1', 'Job', 'jobs', {
    ...WORKLOAD,
    fields: ['status.successful'],
  }),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    statusSubresource: true,
    generation: true,
  }),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', {
    shortNames: ['pdb'],
    statusSubresource: true,
    generation: true,
  }),
  builtin('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', {
    shortNames: ['ro'],
    statusSubresource: true,
    generation: true,
    custom: true,
  }),
  builtin('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', {
    singular: '',
    readOnly: true,
  }),
];

/** Groups in the order `/apis` lists them, with their served version. */
export const GROUPS: { name: string; version: string }[] = [
  { name: 'apps', version: 'v1' },
  { name: 'autoscaling', version: 'v2' },
  { name: 'batch', version: 'v1' },
  { name: 'networking.k8s.io', version: 'v1' },
  { name: 'policy', version: 'v1' },
  { name: 'argoproj.io', version: 'v1alpha1' },
  { name: 'metrics.k8s.io', version: 'v1beta1' },
];

export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceDefinition | undefined {
  return RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

export function findKind(
  apiVersion: string,
  kind: string,
): ResourceDefinition | undefined {
  return RESOURCES.find(r => apiVersionOf(r) === apiVersion && r.kind === kind);
}

export function isServed(group: string, version: string): boolean {
  return group === ''
    ? version === 'v1'
    : GROUPS.some(g => g.name === group && g.version === version);
}

function verbsOf(def: ResourceDefinition): string[] {
  if (def.readOnly) return ['get', 'list'];
  if (def.custom) return CUSTOM_VERBS;
  if (def.plural === 'namespaces')
    return BUILTIN_VERBS.filter(v => v !== 'deletecollection');
  return BUILTIN_VERBS;
}

/** `GET /api/v1` or `GET /apis/<group>/<version>`. */
export function resourceList(group: string, version: string): JsonObject {
  const resources: JsonObject[] = [];
  for (const def of RESOURCES.filter(
    r => r.group === group && r.version === version,
  )) {
    resources.push({
      name: def.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: verbsOf(def),
      ...(def.shortNames ? { shortNames: def.shortNames } : {}),
      ...(def.categories ? { categories: def.categories } : {}),
    });
    if (def.statusSubresource) {
      resources.push({
        name: `${def.plural}/status`,
        singularName: '',
        namespaced: def.namespaced,
        kind: def.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    ...(group ? { apiVersion: 'v1' } : {}),
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

function groupEntry(name: string, version: string): JsonObject {
  const versionEntry = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [versionEntry], preferredVersion: versionEntry };
}

/** `GET /apis`. */
export function groupList(): JsonObject {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: GROUPS.map(g => groupEntry(g.name, g.version)),
  };
}

/** `GET /apis/<group>`. */
export function groupDocument(name: string): JsonObject | undefined {
  const group = GROUPS.find(g => g.name === name);
  if (!group) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    ...groupEntry(group.name, group.version),
  };
}

/** `GET /api`. */
export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}
