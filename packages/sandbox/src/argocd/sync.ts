import { clone, fakeSha, rfc3339 } from './json';
import {
  ArgoCdApplication,
  ArgoCdApplicationSeed,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdCommit,
  ArgoCdInitiatedBy,
  ArgoCdOperation,
  ArgoCdOperationState,
  ArgoCdRevisionHistory,
  AUTHORS,
  DEFAULT_PROJECT,
  IN_CLUSTER,
  isMultiSource,
  kubectlName,
  sourcesOf,
} from './model';
import type { ArgoCdStore } from './store';

/*
 * Syncs and deployment history: what a sync does (at once, or after
 * `operationDurationMs`), commits that move a tracked ref (and auto-sync),
 * and applications seeded with a past of deployments.
 */

/** `source`/`revision`, or `sources`/`revisions` for a multi-source app. */
export function syncTarget(
  store: ArgoCdStore,
  spec: ArgoCdApplicationSpec,
  requested = '',
) {
  const sources = sourcesOf(spec);
  const revisions = sources.map((s, i) =>
    store.resolve(s, i === 0 ? requested : ''),
  );
  if (isMultiSource(spec)) {
    return {
      revisions,
      sourceFields: { sources: clone(sources) },
      revisionFields: { revisions },
    };
  }
  return {
    revisions,
    sourceFields: { source: clone(sources[0]) },
    revisionFields: { revision: revisions[0] },
  };
}

export function startSync(
  store: ArgoCdStore,
  app: ArgoCdApplication,
  options: {
    initiatedBy: ArgoCdInitiatedBy;
    revision?: string;
    dryRun?: boolean;
    prune?: boolean;
    strategy?: Record<string, unknown>;
  },
) {
  const compared = syncTarget(store, app.spec, options.revision);
  const dryRun = options.dryRun ?? false;
  const operation: ArgoCdOperation = {
    sync: {
      ...compared.revisionFields,
      ...(options.prune ? { prune: true } : {}),
      ...(dryRun ? { dryRun: true } : {}),
      syncStrategy: options.strategy ?? { hook: {} },
    },
    initiatedBy: options.initiatedBy,
    retry: {},
  };
  const previousHealth = app.status.health;
  const state: ArgoCdOperationState = {
    operation: clone(operation),
    phase: 'Running',
    message: 'one or more tasks are running',
    startedAt: rfc3339(),
  };
  app.operation = operation;
  app.status.operationState = state;
  if (!dryRun) app.status.health = { status: 'Progressing' };
  store.touch(app.metadata, false);
  const finish = () => {
    if (app.status.operationState !== state || state.phase !== 'Running') {
      return;
    }
    finishSync(
      store,
      app,
      state,
      compared,
      dryRun ? previousHealth : undefined,
    );
  };
  if (store.operationDurationMs > 0) {
    const timer = setTimeout(() => {
      store.timers.delete(timer);
      finish();
    }, store.operationDurationMs);
    store.timers.add(timer);
  } else {
    finish();
  }
}

/** Completes a sync; `dryRunHealth` is set for a dry run, which deploys nothing. */
function finishSync(
  store: ArgoCdStore,
  app: ArgoCdApplication,
  state: ArgoCdOperationState,
  compared: ReturnType<typeof syncTarget>,
  dryRunHealth?: ArgoCdApplication['status']['health'],
) {
  const finishedAt = rfc3339();
  const suffix = dryRunHealth ? ' (dry run)' : '';
  delete app.operation;
  state.phase = 'Succeeded';
  state.message = 'successfully synced (all tasks run)';
  state.syncResult = {
    resources: store
      .resourcesOf(app, 'Synced', 'Healthy')
      .map(({ health: _health, ...r }) => ({
        ...r,
        status: 'Synced',
        message: `${kubectlName(r)} configured${suffix}`,
        hookPhase: 'Running',
        syncPhase: 'Sync',
      })),
    ...compared.revisionFields,
    ...compared.sourceFields,
  };
  state.finishedAt = finishedAt;
  if (dryRunHealth) {
    app.status.health = dryRunHealth;
  } else {
    const history = app.status.history ?? [];
    const nextId = history.length > 0 ? history[history.length - 1].id + 1 : 0;
    history.push({
      ...compared.revisionFields,
      deployedAt: finishedAt,
      id: nextId,
      ...compared.sourceFields,
      deployStartedAt: state.startedAt,
      initiatedBy: state.operation.initiatedBy,
    });
    const limit = app.spec.revisionHistoryLimit ?? 10;
    app.status.history = history.slice(Math.max(0, history.length - limit));
    app.status.sync = {
      status: 'Synced',
      comparedTo: {
        ...compared.sourceFields,
        destination: clone(app.spec.destination),
      },
      ...compared.revisionFields,
    };
    app.status.health = { status: 'Healthy' };
    app.status.summary = {
      images: [store.imageFor(app.metadata.name, compared.revisions[0])],
    };
    for (const listener of store.deployListeners) listener(clone(app));
  }
  app.status.resources = store.resourcesOf(
    app,
    app.status.sync.status,
    app.status.health.status,
  );
  app.status.reconciledAt = finishedAt;
  store.touch(app.metadata, false);
}

/**
 * Stores an application as if it had been created and deployed
 * `history` times (one day apart, the last an hour ago), with revision
 * metadata for each deployed commit.
 */
export function seedApplication(
  store: ArgoCdStore,
  seed: ArgoCdApplicationSeed,
): ArgoCdApplication {
  const projectName = seed.project ?? DEFAULT_PROJECT;
  const server = seed.destinationServer ?? IN_CLUSTER.server;
  if (!store.projectStore.has(projectName)) {
    store.seedProject(projectName, {
      sourceRepos: [seed.repoURL],
      destinations: [{ namespace: seed.namespace, server }],
    });
  }
  const source: ArgoCdApplicationSource = {
    repoURL: seed.repoURL,
    path: seed.path,
    targetRevision: seed.targetRevision ?? 'HEAD',
  };
  const spec: ArgoCdApplicationSpec = {
    destination: { namespace: seed.namespace, server },
    project: projectName,
    source,
    ...(seed.automated
      ? { syncPolicy: { automated: { prune: true, selfHeal: true } } }
      : {}),
  };
  const metadata = store.newMetadata(seed.name);
  if (seed.labels) metadata.labels = { ...seed.labels };
  if (seed.annotations) metadata.annotations = { ...seed.annotations };
  const app: ArgoCdApplication = {
    metadata,
    spec,
    status: store.initialStatus(seed.name, spec),
  };
  const deployments = seed.history ?? 0;
  const history: ArgoCdRevisionHistory[] = [];
  const hour = 3600 * 1000;
  for (let i = 0; i < deployments; i++) {
    const revision = fakeSha();
    const deployedAt = new Date(
      Date.now() - hour - (deployments - 1 - i) * 24 * hour,
    );
    store.revisions.set(revision, {
      author: AUTHORS[i % AUTHORS.length],
      date: rfc3339(new Date(deployedAt.getTime() - 10 * 60 * 1000)),
      tags: [],
      message: `Release ${seed.name} #${i + 1}`,
    });
    history.push({
      revision,
      deployedAt: rfc3339(deployedAt),
      id: i,
      source: clone(source),
      deployStartedAt: rfc3339(new Date(deployedAt.getTime() - 30 * 1000)),
      initiatedBy: seed.automated ? { automated: true } : { username: 'admin' },
    });
  }
  const last = history[history.length - 1];
  if (last) {
    store.refs.set(
      store.refKey(source.repoURL, source.targetRevision),
      last.revision!,
    );
    app.status.history = history;
    app.status.sync.revision = last.revision;
    app.status.operationState = {
      operation: {
        sync: { revision: last.revision, syncStrategy: { hook: {} } },
        initiatedBy: last.initiatedBy,
        retry: {},
      },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      syncResult: {
        resources: store.resourcesOf(app, 'Synced', 'Healthy'),
        revision: last.revision,
        source: clone(source),
      },
      startedAt: last.deployStartedAt,
      finishedAt: last.deployedAt,
    };
    app.status.summary = {
      images: seed.images ?? [store.imageFor(seed.name, last.revision!)],
    };
  } else if (seed.images) {
    app.status.summary = { images: seed.images };
  }
  const syncStatus = seed.syncStatus ?? (last ? 'Synced' : 'OutOfSync');
  const healthStatus = seed.healthStatus ?? (last ? 'Healthy' : 'Missing');
  app.status.sync.status = syncStatus;
  app.status.health = { status: healthStatus };
  app.status.resources = store.resourcesOf(app, syncStatus, healthStatus);
  store.apps.set(seed.name, app);
  return clone(app);
}

/**
 * Moves a branch or tag of a repository to a new (fake) commit, as a
 * push would; applications with an automated sync policy that track it
 * are synced (with `autoSync`). Returns the commit.
 */
export function pushCommit(store: ArgoCdStore, commit: ArgoCdCommit): string {
  const sha = fakeSha();
  const ref = commit.targetRevision ?? 'HEAD';
  store.refs.set(store.refKey(commit.repoURL, ref), sha);
  store.revisions.set(sha, {
    author: commit.author ?? AUTHORS[0],
    date: rfc3339(),
    tags: commit.tags ?? [],
    message: commit.message ?? `Commit ${sha.slice(0, 7)}`,
  });
  if (store.autoSync) {
    for (const app of store.apps.values()) {
      const tracks = sourcesOf(app.spec).some(
        s =>
          s.repoURL === commit.repoURL && (s.targetRevision || 'HEAD') === ref,
      );
      if (tracks && app.spec.syncPolicy?.automated && !app.operation) {
        startSync(store, app, { initiatedBy: { automated: true } });
      }
    }
  }
  return sha;
}
