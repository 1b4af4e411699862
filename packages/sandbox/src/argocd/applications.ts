import {
  GRPC,
  GrpcError,
  invalidArgument,
  notFound,
  permissionDenied,
} from './grpc';
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
import {
  clone,
  isObject,
  parseJsonObject,
  rfc3339,
  sameJson,
  setOrDelete,
  stringMap,
} from './json';
import {
  ArgoCdApplication,
  ArgoCdApplicationSpec,
  normalizeRepo,
  sourcesOf,
  TRUNCATED_SHA,
} from './model';
import type { Query, RouteContext } from './router';
import type { ArgoCdStore } from './store';
import { startSync } from './sync';
import {
  DNS_SUBDOMAIN,
  DNS_SUBDOMAIN_MESSAGE,
  validateApp,
} from './validation';

/*
 * Applications: list (selectors and filters), get (Argo CD's RBAC-aware
 * lookup), create, update, update spec, delete (cascading, finalizers),
 * sync, terminate operation and revision metadata.
 */

export function listApps(store: ArgoCdStore, ctx: RouteContext) {
  let requirements: ReturnType<typeof parseLabelSelector>;
  try {
    requirements = parseLabelSelector(ctx.query.selector?.[0] ?? '');
  } catch (error) {
    if (!(error instanceof LabelSelectorError)) throw error;
    throw new GrpcError(
      GRPC.Unknown,
      `error parsing the selector: ${error.message}`,
    );
  }
  const appNamespace = ctx.query.appNamespace?.[0] ?? '';
  const projects = [
    ...(ctx.query.project ?? []),
    ...(ctx.query.projects ?? []),
  ];
  const name = ctx.query.name?.[0];
  const repo = ctx.query.repo?.[0];
  const items = store
    .applications()
    .filter(
      app =>
        (appNamespace === '' || appNamespace === store.namespace) &&
        matchesLabelSelector(requirements, app.metadata.labels ?? {}) &&
        (projects.length === 0 || projects.includes(app.spec.project)) &&
        (name === undefined || app.metadata.name === name) &&
        (repo === undefined ||
          sourcesOf(app.spec).some(
            s => normalizeRepo(s.repoURL) === normalizeRepo(repo),
          )),
    );
  return {
    metadata: { resourceVersion: String(store.resourceVersion) },
    items,
  };
}

/** Argo CD's `getAppEnforceRBAC`: the app, or the error it answers. */
function stored(
  store: ArgoCdStore,
  name: string,
  query: Query,
): ArgoCdApplication {
  const projects = [...(query.project ?? []), ...(query.projects ?? [])];
  if (projects.length > 1) {
    throw invalidArgument(
      'multiple projects specified - the get endpoint accepts either zero or one project',
    );
  }
  const project = projects[0] ?? '';
  const appNamespace = query.appNamespace?.[0] || store.namespace;
  const app =
    appNamespace === store.namespace ? store.apps.get(name) : undefined;
  if (!app) {
    if (project !== '' || store.missingApplicationStatus === 404) {
      throw notFound('applications', name);
    }
    throw permissionDenied();
  }
  if (project !== '' && app.spec.project !== project) {
    throw notFound('applications', name);
  }
  return app;
}

export function findApp(
  store: ArgoCdStore,
  name: string,
  query: Query,
): ArgoCdApplication {
  return clone(stored(store, name, query));
}

export function createApp(
  store: ArgoCdStore,
  ctx: RouteContext,
): ArgoCdApplication {
  const body = parseJsonObject(ctx.rawBody);
  const upsert = ctx.query.upsert?.[0] === 'true';
  const metadata = isObject(body.metadata) ? body.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const spec = validateApp(store, name, body.spec);
  const appNamespace =
    typeof metadata.namespace === 'string' && metadata.namespace !== ''
      ? metadata.namespace
      : store.namespace;
  if (appNamespace !== store.namespace) {
    throw new GrpcError(
      GRPC.Unknown,
      `namespace '${appNamespace}' is not permitted`,
    );
  }
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    throw invalidArgument(
      `error creating application: Application.argoproj.io "${name}" is invalid: metadata.name: Invalid value: "${name}": ${DNS_SUBDOMAIN_MESSAGE}`,
    );
  }
  const labels = stringMap(metadata.labels);
  const annotations = stringMap(metadata.annotations);
  const finalizers = Array.isArray(metadata.finalizers)
    ? metadata.finalizers.map(String)
    : undefined;
  const existing = store.apps.get(name);
  if (existing) {
    const equal =
      sameJson(existing.spec, spec) &&
      sameJson(existing.metadata.labels, labels) &&
      sameJson(existing.metadata.annotations, annotations) &&
      sameJson(existing.metadata.finalizers, finalizers);
    if (equal) return clone(existing);
    if (!upsert) {
      throw invalidArgument(
        'existing application spec is different, use upsert flag to force update',
      );
    }
    existing.metadata.labels = { ...existing.metadata.labels, ...labels };
    existing.metadata.annotations = {
      ...existing.metadata.annotations,
      ...annotations,
    };
    setOrDelete(existing.metadata, 'finalizers', finalizers);
    store.replaceSpec(existing, spec);
    return clone(existing);
  }
  const meta = store.newMetadata(name, metadata);
  const app: ArgoCdApplication = {
    metadata: meta,
    spec,
    status: store.initialStatus(name, spec),
  };
  store.apps.set(name, app);
  if (store.autoSync && spec.syncPolicy?.automated) {
    startSync(store, app, { initiatedBy: { automated: true } });
  }
  return clone(app);
}

export function updateApp(
  store: ArgoCdStore,
  ctx: RouteContext,
): ArgoCdApplication {
  const body = parseJsonObject(ctx.rawBody);
  const name = ctx.params.name;
  const app = stored(store, name, ctx.query);
  const metadata = isObject(body.metadata) ? body.metadata : {};
  const spec = validateApp(store, name, body.spec);
  setOrDelete(app.metadata, 'labels', stringMap(metadata.labels));
  setOrDelete(app.metadata, 'annotations', stringMap(metadata.annotations));
  setOrDelete(
    app.metadata,
    'finalizers',
    Array.isArray(metadata.finalizers)
      ? metadata.finalizers.map(String)
      : undefined,
  );
  store.replaceSpec(app, spec);
  return clone(app);
}

export function updateAppSpec(
  store: ArgoCdStore,
  ctx: RouteContext,
): ArgoCdApplicationSpec {
  const body = parseJsonObject(ctx.rawBody);
  const name = ctx.params.name;
  const app = stored(store, name, ctx.query);
  const spec = validateApp(store, name, body);
  store.replaceSpec(app, spec);
  return clone(app.spec);
}

export function deleteApp(store: ArgoCdStore, ctx: RouteContext) {
  const name = ctx.params.name;
  const app = stored(store, name, ctx.query);
  const cascade = ctx.query.cascade?.[0] !== 'false';
  const policy = ctx.query.propagationPolicy?.[0] ?? '';
  if (!cascade && policy) {
    throw invalidArgument(
      'cannot set propagation policy when cascading is disabled',
    );
  }
  const finalizers: Record<string, string> = {
    '': 'resources-finalizer.argocd.argoproj.io',
    foreground: 'resources-finalizer.argocd.argoproj.io',
    background: 'resources-finalizer.argocd.argoproj.io/background',
  };
  if (cascade && finalizers[policy] === undefined) {
    throw invalidArgument(`invalid propagation policy: ${policy}`);
  }
  const kept = (app.metadata.finalizers ?? []).filter(
    f => !f.startsWith('resources-finalizer.argocd.argoproj.io'),
  );
  const withFinalizer = cascade ? [...kept, finalizers[policy]] : kept;
  setOrDelete(app.metadata, 'finalizers', withFinalizer);
  if (!cascade || store.cascadeDeletionMs <= 0) {
    store.apps.delete(name);
    return {};
  }
  if (app.metadata.deletionTimestamp === undefined) {
    app.metadata.deletionTimestamp = rfc3339();
    app.metadata.deletionGracePeriodSeconds = 0;
    store.touch(app.metadata, false);
    const timer = setTimeout(() => {
      store.timers.delete(timer);
      if (store.apps.get(name) === app) store.apps.delete(name);
    }, store.cascadeDeletionMs);
    store.timers.add(timer);
  }
  return {};
}

export function syncApp(
  store: ArgoCdStore,
  ctx: RouteContext,
): ArgoCdApplication {
  const body = parseJsonObject(ctx.rawBody);
  const app = stored(store, ctx.params.name, ctx.query);
  if (app.operation) {
    throw new GrpcError(
      GRPC.FailedPrecondition,
      'another operation is already in progress',
    );
  }
  const revision = typeof body.revision === 'string' ? body.revision : '';
  const dryRun = body.dryRun === true;
  const source = sourcesOf(app.spec)[0];
  if (
    revision !== '' &&
    app.spec.syncPolicy?.automated &&
    !dryRun &&
    (source?.targetRevision || 'HEAD') !== revision
  ) {
    throw new GrpcError(
      GRPC.FailedPrecondition,
      `Cannot sync to ${revision}: auto-sync currently set to ${
        source?.targetRevision ?? ''
      }`,
    );
  }
  startSync(store, app, {
    initiatedBy: { username: ctx.user },
    revision,
    dryRun,
    prune: body.prune === true,
    strategy: isObject(body.strategy) ? body.strategy : undefined,
  });
  return clone(app);
}

export function terminateOperation(store: ArgoCdStore, ctx: RouteContext) {
  const app = stored(store, ctx.params.name, ctx.query);
  if (!app.operation || !app.status.operationState) {
    throw invalidArgument(
      'Unable to terminate operation. No operation is in progress',
    );
  }
  // The controller stops the sync and marks the operation failed.
  const state = app.status.operationState;
  delete app.operation;
  state.phase = 'Failed';
  state.message = 'Operation terminated';
  state.finishedAt = rfc3339();
  app.status.health = { status: 'Degraded' };
  store.touch(app.metadata, false);
  return {};
}

export function revisionMetadata(store: ArgoCdStore, ctx: RouteContext) {
  stored(store, ctx.params.name, ctx.query);
  const revision = ctx.params.revision;
  if (!TRUNCATED_SHA.test(revision)) {
    throw new GrpcError(
      GRPC.Unknown,
      `error getting revision metadata: revision ${revision} must be resolved`,
    );
  }
  const full = [...store.revisions.keys()].find(sha =>
    sha.startsWith(revision),
  );
  if (!full) {
    throw new GrpcError(
      GRPC.Unknown,
      `error getting revision metadata: rpc error: code = Unknown desc = unable to resolve git revision ${revision}: object not found`,
    );
  }
  const metadata = store.revisions.get(full)!;
  return {
    author: metadata.author,
    date: metadata.date,
    ...(metadata.tags.length > 0 ? { tags: metadata.tags } : {}),
    message: metadata.message,
  };
}
