import { GRPC, GrpcError, invalidArgument, notFound } from './grpc';
import {
  clone,
  isObject,
  parseJsonObject,
  sameJson,
  setOrDelete,
  specIsDifferent,
  stringMap,
} from './json';
import { ArgoCdProject, DEFAULT_PROJECT, sourcesOf } from './model';
import type { RouteContext } from './router';
import type { ArgoCdStore } from './store';
import {
  destinationPermitted,
  DNS_SUBDOMAIN,
  DNS_SUBDOMAIN_MESSAGE,
  resolveDestination,
  sourcePermitted,
} from './validation';

/* Projects: list, get, create (idempotent, `upsert`), update, delete. */

export function listProjects(store: ArgoCdStore) {
  return {
    metadata: { resourceVersion: String(store.resourceVersion) },
    items: store.projects(),
  };
}

export function getProject(store: ArgoCdStore, name: string): ArgoCdProject {
  const project = store.projectStore.get(name);
  if (!project) throw notFound('appprojects', name);
  return clone(project);
}

export function createProject(
  store: ArgoCdStore,
  ctx: RouteContext,
): ArgoCdProject {
  const body = parseJsonObject(ctx.rawBody);
  if (!isObject(body.project)) {
    throw invalidArgument("missing payload 'project' in request");
  }
  const incoming = body.project;
  const metadata = isObject(incoming.metadata) ? incoming.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const spec = isObject(incoming.spec)
    ? (clone(incoming.spec) as ArgoCdProject['spec'])
    : {};
  const upsert = body.upsert === true || ctx.query.upsert?.[0] === 'true';
  validateProjectName(name);
  const existing = store.projectStore.get(name);
  if (existing) {
    if (upsert) {
      existing.spec = spec;
      store.touch(existing.metadata, true);
      return clone(existing);
    }
    if (!sameJson(existing.spec, spec)) {
      throw invalidArgument(specIsDifferent('project', existing.spec, spec));
    }
    return clone(existing);
  }
  const project: ArgoCdProject = {
    metadata: store.newMetadata(name, metadata),
    spec,
    status: {},
  };
  store.projectStore.set(name, project);
  return clone(project);
}

function validateProjectName(name: string) {
  if (name === '') {
    throw invalidArgument(
      'AppProject.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  }
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    throw invalidArgument(
      `AppProject.argoproj.io "${name}" is invalid: metadata.name: Invalid value: "${name}": ${DNS_SUBDOMAIN_MESSAGE}`,
    );
  }
}

export function updateProject(
  store: ArgoCdStore,
  ctx: RouteContext,
): ArgoCdProject {
  const body = parseJsonObject(ctx.rawBody);
  if (!isObject(body.project)) {
    throw invalidArgument("missing payload 'project' in request");
  }
  const name = ctx.params.name;
  const incoming = body.project;
  const metadata = isObject(incoming.metadata) ? incoming.metadata : {};
  const spec = isObject(incoming.spec)
    ? (clone(incoming.spec) as ArgoCdProject['spec'])
    : {};
  const existing = store.projectStore.get(name);
  if (!existing) throw notFound('appprojects', name);
  const version = metadata.resourceVersion;
  if (version === undefined || version === '') {
    throw invalidArgument(
      `appprojects.argoproj.io "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
    );
  }
  if (String(version) !== existing.metadata.resourceVersion) {
    throw new GrpcError(
      GRPC.Aborted,
      `Operation cannot be fulfilled on appprojects.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  }
  // Argo CD refuses an update that would invalidate applications.
  const proposed: ArgoCdProject = { ...existing, spec };
  let invalidSources = 0;
  let invalidDestinations = 0;
  for (const app of store.apps.values()) {
    if (app.spec.project !== name) continue;
    const sources = sourcesOf(app.spec);
    if (
      sources.every(s => sourcePermitted(existing, s.repoURL)) &&
      !sources.every(s => sourcePermitted(proposed, s.repoURL))
    ) {
      invalidSources += 1;
    }
    const destination = resolveDestination(store, app.spec.destination);
    if (
      destinationPermitted(store, existing, destination) &&
      !destinationPermitted(store, proposed, destination)
    ) {
      invalidDestinations += 1;
    }
  }
  const parts: string[] = [];
  if (invalidSources > 0) {
    parts.push(`${invalidSources} applications source became invalid`);
  }
  if (invalidDestinations > 0) {
    parts.push(
      `${invalidDestinations} applications destination became invalid`,
    );
  }
  if (parts.length > 0) {
    throw invalidArgument(
      `as a result of project update ${parts.join(' and ')}`,
    );
  }
  const specChanged = !sameJson(existing.spec, spec);
  existing.spec = spec;
  const labels = stringMap(metadata.labels);
  const annotations = stringMap(metadata.annotations);
  setOrDelete(existing.metadata, 'labels', labels);
  setOrDelete(existing.metadata, 'annotations', annotations);
  setOrDelete(
    existing.metadata,
    'finalizers',
    Array.isArray(metadata.finalizers)
      ? metadata.finalizers.map(String)
      : undefined,
  );
  store.touch(existing.metadata, specChanged);
  return clone(existing);
}

export function deleteProject(store: ArgoCdStore, name: string) {
  if (name === DEFAULT_PROJECT) {
    throw invalidArgument(
      `name '${DEFAULT_PROJECT}' is reserved and cannot be deleted`,
    );
  }
  if (!store.projectStore.has(name)) throw notFound('appprojects', name);
  const referencing = [...store.apps.values()].filter(
    a => a.spec.project === name,
  ).length;
  if (referencing > 0) {
    throw invalidArgument(
      `project is referenced by ${referencing} applications`,
    );
  }
  store.projectStore.delete(name);
  return {};
}
