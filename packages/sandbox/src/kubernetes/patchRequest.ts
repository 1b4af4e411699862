import { parse as parseYaml } from 'yaml';
import {
  clone,
  isObject,
  jsonPatch,
  JsonPatchError,
  mergePatch,
  serverSideApply,
  strategicMergePatch,
} from './patch';
import { JsonObject, JsonValue, ResourceDefinition } from './resources';
import type { Reply } from './router';
import { badRequest, conflict, failure, invalid, notFound } from './status';
import { metadataOf, ObjectStore, toJson } from './store';
import {
  checkNamespace,
  checkTypeMeta,
  createObject,
  mediaType,
  prepare,
} from './writes';

/*
 * PATCH: JSON patch, merge patch, strategic merge patch and server-side
 * apply (which creates a missing object and remembers what each field
 * manager applied); the algorithms are in patch.ts.
 */

const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export function patchObject(
  store: ObjectStore,
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
      `error decoding ${apply ? 'YAML' : 'patch'}: ${(error as Error).message}`,
    );
  }
  const key = store.key(def, namespace, name);
  const previous = store.objects.get(key);
  if (apply) {
    if (!isObject(patch)) {
      throw badRequest(
        'error decoding YAML: the applied configuration must be an object',
      );
    }
    checkTypeMeta(def, patch, true);
    const metadata = metadataOf(patch);
    if (metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(
          metadata.name ?? '',
        )}) does not match the name on the URL (${name})`,
      );
    }
    checkNamespace(def, namespace, metadata);
  }
  if (!previous) {
    if (!apply || statusOnly) throw notFound(def, name);
    const created = createObject(
      store,
      def,
      namespace,
      clone(patch as JsonObject),
      dryRun,
    );
    if (!dryRun) store.recordApplied(key, fieldManager, patch as JsonObject);
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
          store.appliedConfigurations.get(key)?.get(fieldManager),
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
    checkTypeMeta(def, result, false);
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
  const next = prepare(store, def, result, previous, statusOnly);
  const stored = dryRun ? next : store.commit(def, next, previous);
  if (apply && !dryRun)
    store.recordApplied(key, fieldManager, patch as JsonObject);
  return { code: 200, body: stored };
}
