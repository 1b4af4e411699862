import type { ArgoCdStore } from './store';
import { GRPC, GrpcError, invalidArgument } from './grpc';
import { clone, isObject } from './json';
import {
  ArgoCdApplicationDestination,
  ArgoCdApplicationSpec,
  ArgoCdProject,
  ArgoCdProjectDestination,
  DEFAULT_PROJECT,
  sourcesOf,
} from './model';

/*
 * Validation, as Argo CD's `validateAndNormalizeApp`: an application's
 * project, sources and destination against what its project permits.
 */

export const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Go's `filepath.Match`-like glob with `*` (Argo CD's `glob.Match`). */
function globMatch(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '') return false;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

export function validateApp(
  store: ArgoCdStore,
  name: string,
  rawSpec: unknown,
): ArgoCdApplicationSpec {
  if (name === '') {
    throw new GrpcError(GRPC.Unknown, 'resource name may not be empty');
  }
  const spec = (
    isObject(rawSpec) ? clone(rawSpec) : {}
  ) as ArgoCdApplicationSpec;
  if (!spec.project) spec.project = DEFAULT_PROJECT;
  if (!isObject(spec.destination)) spec.destination = {};
  if (isObject(spec.syncPolicy) && Object.keys(spec.syncPolicy).length === 0) {
    delete spec.syncPolicy;
  }
  const project = store.projectStore.get(spec.project);
  if (!project) {
    throw invalidArgument(
      `application references project ${spec.project} which does not exist`,
    );
  }
  const destination = spec.destination;
  const destinationError = (message: string) =>
    invalidArgument(
      `application destination spec for ${name} is invalid: ${message}`,
    );
  if (destination.name && destination.server) {
    throw destinationError(
      `application destination can't have both name and server defined: ${destination.name} ${destination.server}`,
    );
  }
  if (
    destination.name &&
    !store.clusters.some(c => c.name === destination.name)
  ) {
    throw destinationError(
      `unable to find destination server: there are no clusters with this name: ${destination.name}`,
    );
  }
  if (!destination.name && !destination.server) {
    throw destinationError('Destination server missing from app spec');
  }

  const conditions: string[] = [];
  const sources = sourcesOf(spec);
  if (
    sources.length === 0 ||
    sources.some(s => !s.repoURL || (!s.path && !s.chart && !s.ref))
  ) {
    conditions.push(
      'spec.source.repoURL and either spec.source.path, spec.source.chart, or spec.source.ref are required',
    );
  } else {
    for (const source of sources) {
      if (!sourcePermitted(project, source.repoURL)) {
        conditions.push(
          `application repo ${source.repoURL} is not permitted in project '${spec.project}'`,
        );
      }
    }
    const resolved = resolveDestination(store, destination);
    if (!destinationPermitted(store, project, resolved)) {
      conditions.push(
        `application destination server '${resolved.server}' and namespace '${
          resolved.namespace ?? ''
        }' do not match any of the allowed destinations in project '${
          spec.project
        }'`,
      );
    }
    if (
      destination.server &&
      !store.clusters.some(c => c.server === destination.server)
    ) {
      conditions.push(
        `cluster '${destination.server}' has not been configured`,
      );
    }
  }
  if (conditions.length > 0) {
    throw invalidArgument(
      `application spec for ${name} is invalid: ${conditions
        .map(c => `InvalidSpecError: ${c}`)
        .join(';')}`,
    );
  }
  return spec;
}

export function sourcePermitted(
  project: ArgoCdProject,
  repoURL: string,
): boolean {
  const patterns = project.spec.sourceRepos ?? [];
  const allowed = patterns.some(
    p => !p.startsWith('!') && globMatch(p, repoURL),
  );
  const denied = patterns.some(
    p => p.startsWith('!') && globMatch(p.slice(1), repoURL),
  );
  return allowed && !denied;
}

export function resolveDestination(
  store: ArgoCdStore,
  destination: ArgoCdApplicationDestination,
): ArgoCdApplicationDestination {
  if (destination.server || !destination.name) return destination;
  const cluster = store.clusters.find(c => c.name === destination.name);
  return { ...destination, server: cluster?.server };
}

export function destinationPermitted(
  store: ArgoCdStore,
  project: ArgoCdProject,
  destination: ArgoCdApplicationDestination,
): boolean {
  const cluster = store.clusters.find(c => c.server === destination.server);
  const name = destination.name ?? cluster?.name ?? '';
  return (project.spec.destinations ?? []).some(
    (item: ArgoCdProjectDestination) =>
      ((destination.server !== undefined &&
        globMatch(item.server, destination.server)) ||
        (name !== '' && globMatch(item.name, name))) &&
      globMatch(item.namespace, destination.namespace ?? ''),
  );
}
