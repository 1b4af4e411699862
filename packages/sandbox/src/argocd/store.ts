import { randomUUID } from 'node:crypto';
import { clone, fakeSha, rfc3339, sameJson, stringMap } from './json';
import {
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdObjectMeta,
  ArgoCdProject,
  ArgoCdResourceStatus,
  ArgoCdRevisionMetadata,
  AUTHORS,
  Cluster,
  DEFAULT_PROJECT,
  isMultiSource,
  normalizeRepo,
  SHA,
  sourcesOf,
  sourceType,
} from './model';
import { startSync, syncTarget } from './sync';

/*
 * The Argo CD stand-in's state: projects, applications, sessions, the
 * commits each repository's refs point at, and what a change of an
 * application does to its status.
 */

/** How the stand-in behaves (see `ArgoCdStandInOptions`). */
export type ArgoCdSettings = {
  users: Record<string, string>;
  tokens: string[];
  autoSync: boolean;
  namespace: string;
  clusters: Cluster[];
  operationDurationMs: number;
  missingApplicationStatus: 403 | 404;
  cascadeDeletionMs: number;
};

export class ArgoCdStore {
  readonly apps = new Map<string, ArgoCdApplication>();
  readonly projectStore = new Map<string, ArgoCdProject>();
  readonly sessions = new Map<string, { user: string }>();
  readonly refs = new Map<string, string>();
  readonly revisions = new Map<string, ArgoCdRevisionMetadata>();
  readonly timers = new Set<NodeJS.Timeout>();
  readonly deployListeners: ((app: ArgoCdApplication) => void)[] = [];
  resourceVersion = 1000;
  readonly users: Record<string, string>;
  readonly tokens: string[];
  readonly autoSync: boolean;
  /** The control plane's namespace. */
  readonly namespace: string;
  readonly clusters: Cluster[];
  readonly operationDurationMs: number;
  readonly missingApplicationStatus: 403 | 404;
  readonly cascadeDeletionMs: number;

  constructor(settings: ArgoCdSettings) {
    this.users = settings.users;
    this.tokens = settings.tokens;
    this.autoSync = settings.autoSync;
    this.namespace = settings.namespace;
    this.clusters = settings.clusters;
    this.operationDurationMs = settings.operationDurationMs;
    this.missingApplicationStatus = settings.missingApplicationStatus;
    this.cascadeDeletionMs = settings.cascadeDeletionMs;
    this.projectStore.set(DEFAULT_PROJECT, {
      metadata: this.newMetadata(DEFAULT_PROJECT),
      spec: {
        sourceRepos: ['*'],
        destinations: [{ namespace: '*', server: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
      status: {},
    });
  }

  /** The applications, sorted by name. */
  applications(): ArgoCdApplication[] {
    return [...this.apps.values()]
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(clone);
  }

  /** The projects (including `default`), sorted by name. */
  projects(): ArgoCdProject[] {
    return [...this.projectStore.values()]
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(clone);
  }

  /** Creates or replaces a project directly, without validation. */
  seedProject(
    name: string,
    spec: ArgoCdProject['spec'] = {
      sourceRepos: ['*'],
      destinations: [{ namespace: '*', server: '*' }],
    },
  ): ArgoCdProject {
    const previous = this.projectStore.get(name);
    const project: ArgoCdProject = {
      metadata: previous
        ? { ...previous.metadata, resourceVersion: this.nextVersion() }
        : this.newMetadata(name),
      spec: clone(spec),
      status: {},
    };
    this.projectStore.set(name, project);
    return clone(project);
  }

  nextVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  newMetadata(
    name: string,
    incoming: Record<string, unknown> = {},
  ): ArgoCdObjectMeta {
    const metadata: ArgoCdObjectMeta = {
      name,
      namespace: this.namespace,
      uid: randomUUID(),
      resourceVersion: this.nextVersion(),
      generation: 1,
      creationTimestamp: rfc3339(),
    };
    const labels = stringMap(incoming.labels);
    const annotations = stringMap(incoming.annotations);
    if (labels && Object.keys(labels).length > 0) metadata.labels = labels;
    if (annotations && Object.keys(annotations).length > 0) {
      metadata.annotations = annotations;
    }
    if (Array.isArray(incoming.finalizers) && incoming.finalizers.length > 0) {
      metadata.finalizers = incoming.finalizers.map(String);
    }
    return metadata;
  }

  touch(metadata: ArgoCdObjectMeta, specChanged: boolean) {
    metadata.resourceVersion = this.nextVersion();
    if (specChanged) metadata.generation += 1;
  }

  refKey(repoURL: string, ref: string | undefined): string {
    return `${normalizeRepo(repoURL)}@${ref || 'HEAD'}`;
  }

  /** The commit a ref points at, creating the repo's first commit if needed. */
  resolve(source: ArgoCdApplicationSource, requested = ''): string {
    const ref = requested || source.targetRevision || 'HEAD';
    if (source.chart !== undefined) return ref;
    if (SHA.test(ref)) {
      if (!this.revisions.has(ref)) {
        this.revisions.set(ref, {
          author: AUTHORS[0],
          date: rfc3339(),
          tags: [],
          message: `Commit ${ref.slice(0, 7)}`,
        });
      }
      return ref;
    }
    const key = this.refKey(source.repoURL, ref);
    let sha = this.refs.get(key);
    if (!sha) {
      sha = fakeSha();
      this.refs.set(key, sha);
      this.revisions.set(sha, {
        author: AUTHORS[0],
        date: rfc3339(),
        tags: ref.startsWith('v') ? [ref] : [],
        message: `Initial commit of ${
          source.path ?? source.chart ?? 'the app'
        }`,
      });
    }
    return sha;
  }

  imageFor(name: string, revision: string): string {
    return `registry.example.com/${name}:${revision.slice(0, 7)}`;
  }

  resourcesOf(
    app: Pick<ArgoCdApplication, 'metadata' | 'spec'>,
    syncStatus: string,
    healthStatus: string,
  ): ArgoCdResourceStatus[] {
    const namespace = app.spec.destination.namespace;
    const health = { status: healthStatus };
    return [
      {
        version: 'v1',
        kind: 'Service',
        ...(namespace ? { namespace } : {}),
        name: app.metadata.name,
        status: syncStatus,
        health,
      },
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        ...(namespace ? { namespace } : {}),
        name: app.metadata.name,
        status: syncStatus,
        health,
      },
    ];
  }

  /** The status after the controller's first reconciliation of a new app. */
  initialStatus(
    name: string,
    spec: ArgoCdApplicationSpec,
  ): ArgoCdApplication['status'] {
    const sources = sourcesOf(spec);
    const compared = syncTarget(this, spec);
    return {
      resources: this.resourcesOf(
        { metadata: { name } as ArgoCdObjectMeta, spec },
        'OutOfSync',
        'Missing',
      ),
      sync: {
        status: 'OutOfSync',
        comparedTo: {
          ...compared.sourceFields,
          destination: clone(spec.destination),
        },
        ...compared.revisionFields,
      },
      health: { status: 'Missing' },
      reconciledAt: rfc3339(),
      sourceType: sourceType(sources[0]),
      ...(isMultiSource(spec) ? { sourceTypes: sources.map(sourceType) } : {}),
      summary: {},
      controllerNamespace: this.namespace,
    };
  }

  replaceSpec(app: ArgoCdApplication, spec: ArgoCdApplicationSpec) {
    const changed = !sameJson(app.spec, spec);
    const sourceChanged =
      !sameJson(sourcesOf(app.spec), sourcesOf(spec)) ||
      !sameJson(app.spec.destination, spec.destination);
    app.spec = spec;
    this.touch(app.metadata, changed);
    if (!sourceChanged) return;
    const compared = syncTarget(this, spec);
    app.status.sync = {
      status: 'OutOfSync',
      comparedTo: {
        ...compared.sourceFields,
        destination: clone(spec.destination),
      },
      ...compared.revisionFields,
    };
    app.status.resources = this.resourcesOf(
      app,
      'OutOfSync',
      app.status.health.status,
    );
    app.status.reconciledAt = rfc3339();
    if (this.autoSync && spec.syncPolicy?.automated && !app.operation) {
      startSync(this, app, { initiatedBy: { automated: true } });
    }
  }
}
