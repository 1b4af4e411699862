import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { applyDefaults } from './defaults';
import { clone, deepEqual, isObject } from './patch';
import {
  apiVersionOf,
  findResource,
  JsonObject,
  JsonValue,
  ResourceDefinition,
} from './resources';
import type { Reply } from './router';
import { select } from './list';
import {
  alreadyExists,
  badRequest,
  conflict,
  failure,
  invalid,
  notFound,
  successStatus,
} from './status';
import {
  metadataOf,
  ObjectStore,
  stringField,
  toJson,
  withoutMetadataAndStatus,
} from './store';
import { validate } from './validation';
import { randomSuffix, timestamp } from './workload';

/*
 * Writes: create (JSON or YAML, `generateName`), update (optimistic
 * concurrency, the status subresource), delete (preconditions, propagation)
 * and deletecollection; what every write does to an object before it is
 * stored (server-managed metadata, defaults, generation, validation).
 */

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

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function decode(
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
  checkTypeMeta(def, object, false);
  return object;
}

/** apiVersion and kind must match the URL; absent ones are defaulted. */
export function checkTypeMeta(
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
export function checkNamespace(
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

export function create(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  body: string,
  contentType: string | undefined,
  dryRun: boolean,
): Reply {
  const object = decode(def, body, contentType);
  return createObject(store, def, namespace, object, dryRun);
}

export function createObject(
  store: ObjectStore,
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
  checkNamespace(def, namespace, metadata);
  if (
    !metadata.name &&
    typeof metadata.generateName === 'string' &&
    metadata.generateName
  ) {
    metadata.name = `${metadata.generateName}${randomSuffix(5)}`;
  }
  if (namespace !== undefined && !store.namespaceExists(namespace)) {
    throw notFound(findResource('', 'v1', 'namespaces')!, namespace);
  }
  const next = prepare(store, def, object, undefined, false);
  const name = String(metadataOf(next).name);
  if (store.objects.has(store.key(def, namespace, name))) {
    throw alreadyExists(def, name);
  }
  return { code: 201, body: dryRun ? next : store.commit(def, next) };
}

/**
 * The object to store for a write: status and server-managed metadata
 * carried over (or set, on create), defaults filled in, generation bumped
 * on a spec change, then validated.
 */
export function prepare(
  store: ObjectStore,
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
      if (previous?.status !== undefined) next.status = clone(previous.status);
      else delete next.status;
    }
  }
  next.apiVersion = apiVersionOf(def);
  next.kind = def.kind;
  applyDefaults(def, next, store.defaulting(previous));
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
    store.initialStatus(def, next);
  }
  const errors = validate(def, next);
  if (errors.length > 0) {
    throw invalid(def.group, def.kind, String(metadata.name ?? ''), errors);
  }
  return next;
}

export function update(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  name: string,
  body: string,
  contentType: string | undefined,
  statusOnly: boolean,
  dryRun: boolean,
): Reply {
  const object = decode(def, body, contentType);
  const metadata = metadataOf(object);
  if (metadata.name !== undefined && metadata.name !== name) {
    throw badRequest(
      `the name of the object (${String(
        metadata.name,
      )}) does not match the name on the URL (${name})`,
    );
  }
  metadata.name = name;
  checkNamespace(def, namespace, metadata);
  const previous = store.objects.get(store.key(def, namespace, name));
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
  const next = prepare(store, def, object, previous, statusOnly);
  return {
    code: 200,
    body: dryRun ? next : store.commit(def, next, previous),
  };
}

export function deleteObject(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  name: string,
  body: string,
  query: URLSearchParams,
  dryRun: boolean,
): Reply {
  const key = store.key(def, namespace, name);
  const previous = store.objects.get(key);
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
      )}, ResourceVersion in object meta: ${String(metadata.resourceVersion)}`,
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
  if (!dryRun) store.remove(def, previous, propagation === 'Orphan');
  if (def.returnsDeletedObject) return { code: 200, body: clone(previous) };
  return { code: 200, body: successStatus(def, name, String(metadata.uid)) };
}

export function deleteCollection(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  query: URLSearchParams,
  dryRun: boolean,
): Reply {
  const items = select(store, def, namespace, query);
  const orphan = query.get('propagationPolicy') === 'Orphan';
  if (!dryRun) for (const item of items) store.remove(def, item, orphan);
  return {
    code: 200,
    body: {
      kind: `${def.kind}List`,
      apiVersion: apiVersionOf(def),
      metadata: { resourceVersion: String(store.revision) },
      items: items.map(o => clone(o)),
    },
  };
}
