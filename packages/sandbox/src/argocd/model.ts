/** Argo CD's resources as its REST API serves them (no apiVersion/kind). */

export type ArgoCdObjectMeta = {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  [key: string]: unknown;
};

export type ArgoCdApplicationSource = {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  ref?: string;
  helm?: Record<string, unknown>;
  kustomize?: Record<string, unknown>;
  [key: string]: unknown;
};

export type ArgoCdApplicationDestination = {
  server?: string;
  name?: string;
  namespace?: string;
};

export type ArgoCdSyncPolicy = {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean };
  syncOptions?: string[];
  retry?: Record<string, unknown>;
  [key: string]: unknown;
};

export type ArgoCdApplicationSpec = {
  project: string;
  source?: ArgoCdApplicationSource;
  sources?: ArgoCdApplicationSource[];
  destination: ArgoCdApplicationDestination;
  syncPolicy?: ArgoCdSyncPolicy;
  revisionHistoryLimit?: number;
  [key: string]: unknown;
};

/** Who started an operation: a user, or the automated sync policy. */
export type ArgoCdInitiatedBy = { username?: string; automated?: boolean };

/** One deployment in `status.history`. */
export type ArgoCdRevisionHistory = {
  id: number;
  revision?: string;
  revisions?: string[];
  deployedAt: string;
  deployStartedAt: string;
  source?: ArgoCdApplicationSource;
  sources?: ArgoCdApplicationSource[];
  initiatedBy: ArgoCdInitiatedBy;
};

export type ArgoCdOperation = {
  sync: Record<string, unknown>;
  initiatedBy: ArgoCdInitiatedBy;
  retry: Record<string, unknown>;
};

export type ArgoCdOperationState = {
  operation: ArgoCdOperation;
  /** Running, Terminating, Succeeded, Failed or Error. */
  phase: string;
  message: string;
  syncResult?: Record<string, unknown>;
  startedAt: string;
  finishedAt?: string;
};

export type ArgoCdResourceStatus = {
  group?: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: string;
  health?: { status: string };
};

export type ArgoCdApplicationStatus = {
  resources: ArgoCdResourceStatus[];
  sync: {
    /** Synced, OutOfSync or Unknown. */
    status: string;
    comparedTo: Record<string, unknown>;
    revision?: string;
    revisions?: string[];
  };
  /** Healthy, Progressing, Degraded, Suspended, Missing or Unknown. */
  health: { status: string; message?: string };
  history?: ArgoCdRevisionHistory[];
  reconciledAt: string;
  operationState?: ArgoCdOperationState;
  sourceType: string;
  sourceTypes?: string[];
  summary: { images?: string[]; externalURLs?: string[] };
  controllerNamespace: string;
  [key: string]: unknown;
};

/** An Argo CD Application as `GET /api/v1/applications/{name}` returns it. */
export type ArgoCdApplication = {
  metadata: ArgoCdObjectMeta;
  spec: ArgoCdApplicationSpec;
  status: ArgoCdApplicationStatus;
  /** Present while an operation (a sync) is running. */
  operation?: ArgoCdOperation;
};

export type ArgoCdProjectDestination = {
  server?: string;
  name?: string;
  namespace?: string;
};

/** An Argo CD AppProject as `GET /api/v1/projects/{name}` returns it. */
export type ArgoCdProject = {
  metadata: ArgoCdObjectMeta;
  spec: {
    sourceRepos?: string[];
    destinations?: ArgoCdProjectDestination[];
    description?: string;
    [key: string]: unknown;
  };
  status: Record<string, unknown>;
};

/** What `GET .../revisions/{revision}/metadata` answers for a commit. */
export type ArgoCdRevisionMetadata = {
  author: string;
  date: string;
  tags: string[];
  message: string;
};

/** Seeds an application as if it had existed, and been deployed, for a while. */
export type ArgoCdApplicationSeed = {
  name: string;
  /** Default `default`; created (allowing the repo and namespace) if missing. */
  project?: string;
  /** The destination namespace (`spec.destination.namespace`). */
  namespace: string;
  repoURL: string;
  path: string;
  /** Default `HEAD`. */
  targetRevision?: string;
  /** Default `https://kubernetes.default.svc`. */
  destinationServer?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Give the app `spec.syncPolicy.automated`. Default false. */
  automated?: boolean;
  /** How many past deployments `status.history` shows; default 0. */
  history?: number;
  /** Default `Synced` with history, else `OutOfSync`. */
  syncStatus?: string;
  /** Default `Healthy` with history, else `Missing`. */
  healthStatus?: string;
  /** `status.summary.images`; default one image tagged with the deployed commit. */
  images?: string[];
};

export type ArgoCdCommit = {
  repoURL: string;
  /** The branch or tag that moves to the new commit; default `HEAD`. */
  targetRevision?: string;
  author?: string;
  message?: string;
  tags?: string[];
};

/** A request the stand-in received. */
export type ArgoCdRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body?: string;
};

export function sourcesOf(
  spec: ArgoCdApplicationSpec,
): ArgoCdApplicationSource[] {
  if (Array.isArray(spec.sources) && spec.sources.length > 0) {
    return spec.sources;
  }
  return spec.source ? [spec.source] : [];
}

export function sourceType(
  source: ArgoCdApplicationSource | undefined,
): string {
  if (!source) return 'Directory';
  if (source.chart !== undefined || source.helm !== undefined) return 'Helm';
  if (source.kustomize !== undefined) return 'Kustomize';
  return 'Directory';
}

export function isMultiSource(spec: ArgoCdApplicationSpec): boolean {
  return Array.isArray(spec.sources) && spec.sources.length > 0;
}

/** How kubectl names a resource: `service/x`, `deployment.apps/x`. */
export function kubectlName(resource: ArgoCdResourceStatus): string {
  const kind = resource.kind.toLowerCase();
  const prefix = resource.group ? `${kind}.${resource.group}` : kind;
  return `${prefix}/${resource.name}`;
}

export function normalizeRepo(repoURL: string): string {
  return repoURL
    .trim()
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
}

export type Cluster = { name: string; server: string };

export const IN_CLUSTER: Cluster = {
  name: 'in-cluster',
  server: 'https://kubernetes.default.svc',
};
export const DEFAULT_PROJECT = 'default';
export const SHA = /^[0-9a-f]{40}$/;
export const TRUNCATED_SHA = /^[0-9a-f]{7,40}$/;
export const AUTHORS = [
  'Ada Lovelace <ada@example.com>',
  'Grace Hopper <grace@example.com>',
  'Linus Torvalds <linus@example.com>',
];
