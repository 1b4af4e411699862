import { JsonObject, JsonValue } from './resources';

/**
 * The patch formats the API server accepts:
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
 */

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(key => key in b && deepEqual(a[key], b[key]))
    );
  }
  return false;
}

/** RFC 7386 JSON merge patch (`application/merge-patch+json`). */
export function mergePatch(
  target: JsonValue | undefined,
  patch: JsonValue,
): JsonValue {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Lists the built-in types merge by key under strategic merge patch and
 * server-side apply (`patchMergeKey` / `listMapKeys` in the API types),
 * by field name. Other lists are replaced whole.
 */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  ownerReferences: ['uid'],
  conditions: ['type'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
  resourceClaims: ['name'],
  // Container ports key on containerPort, service ports on port.
  ports: ['containerPort', 'port'],
};

/** Lists of scalars that merge as sets. */
const SET_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: JsonValue[]): string | undefined {
  const candidates = MERGE_KEYS[field];
  if (!candidates || items.length === 0) return undefined;
  return candidates.find(key =>
    items.every(item => isObject(item) && item[key] !== undefined),
  );
}

function keyOf(item: JsonValue, key: string): string {
  return isObject(item) ? JSON.stringify(item[key]) : '';
}

const DIRECTIVE = '$patch';

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for
 * built-in types: a JSON merge patch whose keyed lists (containers, env,
 * ports, ...) merge item by item, with the `$patch: delete|replace`
 * directives. `$setElementOrder` and `$retainKeys` are ignored.
 */
export function strategicMergePatch(
  target: JsonValue | undefined,
  patch: JsonValue,
  field = '',
): JsonValue | undefined {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target)) return clone(patch);
    if (SET_LISTS.has(field)) {
      return [
        ...target,
        ...patch.filter(v => !target.some(t => deepEqual(t, v))),
      ];
    }
    const key = mergeKeyFor(field, [...target, ...patch]);
    if (!key) return clone(patch);
    if (patch.some(item => isObject(item) && item[DIRECTIVE] === 'replace')) {
      return patch.filter(
        item => !(isObject(item) && item[DIRECTIVE] === 'replace'),
      );
    }
    const result = clone(target);
    for (const item of patch) {
      const index = result.findIndex(t => keyOf(t, key) === keyOf(item, key));
      if (isObject(item) && item[DIRECTIVE] === 'delete') {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) {
        result[index] = strategicMergePatch(result[index], item) ?? null;
      } else {
        result.push(strategicMergePatch(undefined, item) ?? null);
      }
    }
    return result;
  }
  if (!isObject(patch)) return clone(patch);
  if (patch[DIRECTIVE] === 'delete') return undefined;
  const replace = patch[DIRECTIVE] === 'replace';
  const result: JsonObject = isObject(target) && !replace ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === DIRECTIVE ||
      key === '$retainKeys' ||
      key.startsWith('$setElementOrder/') ||
      key.startsWith('$deleteFromPrimitiveList/')
    ) {
      continue;
    }
    if (value === null) {
      delete result[key];
    } else {
      const merged = strategicMergePatch(result[key], value, key);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    }
  }
  return result;
}

/**
 * Server-side apply (`application/apply-patch+yaml`), approximated: the
 * applied configuration is merged into the live object (keyed lists item by
 * item for built-in types, other lists replaced), then fields this field
 * manager applied last time but no longer applies are removed.
 */
export function serverSideApply(
  live: JsonObject,
  applied: JsonObject,
  previouslyApplied: JsonObject | undefined,
  keyedLists: boolean,
): JsonObject {
  const merged = applyMerge(live, applied, '', keyedLists) as JsonObject;
  if (previouslyApplied)
    prune(merged, previouslyApplied, applied, '', keyedLists);
  return merged;
}

function applyMerge(
  live: JsonValue | undefined,
  applied: JsonValue,
  field: string,
  keyedLists: boolean,
): JsonValue {
  if (Array.isArray(applied)) {
    const key =
      keyedLists && Array.isArray(live)
        ? mergeKeyFor(field, [...live, ...applied])
        : undefined;
    if (!key || !Array.isArray(live)) return clone(applied);
    const result = clone(live);
    for (const item of applied) {
      const index = result.findIndex(t => keyOf(t, key) === keyOf(item, key));
      if (index >= 0)
        result[index] = applyMerge(result[index], item, '', keyedLists);
      else result.push(clone(item));
    }
    return result;
  }
  if (!isObject(applied)) return clone(applied);
  const result: JsonObject = isObject(live) ? clone(live) : {};
  for (const [key, value] of Object.entries(applied)) {
    if (value === null) delete result[key];
    else result[key] = applyMerge(result[key], value, key, keyedLists);
  }
  return result;
}

function prune(
  merged: JsonValue,
  previous: JsonValue,
  applied: JsonValue,
  field: string,
  keyedLists: boolean,
): void {
  if (
    Array.isArray(merged) &&
    Array.isArray(previous) &&
    Array.isArray(applied)
  ) {
    const key = keyedLists
      ? mergeKeyFor(field, [...previous, ...applied])
      : undefined;
    if (!key) return;
    for (const old of previous) {
      const stillApplied = applied.find(a => keyOf(a, key) === keyOf(old, key));
      const index = merged.findIndex(m => keyOf(m, key) === keyOf(old, key));
      if (index < 0) continue;
      if (stillApplied === undefined) merged.splice(index, 1);
      else prune(merged[index], old, stillApplied, '', keyedLists);
    }
    return;
  }
  if (!isObject(merged) || !isObject(previous) || !isObject(applied)) return;
  for (const [key, old] of Object.entries(previous)) {
    if (!(key in applied)) {
      delete merged[key];
    } else if (key in merged) {
      prune(merged[key], old, applied[key], key, keyedLists);
    }
  }
}

export type JsonPatchOperation = {
  op: string;
  path: string;
  value?: JsonValue;
  from?: string;
};

/** A JSON patch that does not apply; answered as 422. */
export class JsonPatchError extends Error {}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) {
    throw new JsonPatchError(`JSON pointer must start with '/': ${path}`);
  }
  return path
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(
  doc: JsonValue,
  parts: string[],
  op: string,
  path: string,
): JsonValue {
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    let child: JsonValue | undefined;
    if (Array.isArray(current) && /^\d+$/.test(part))
      child = current[Number(part)];
    else if (isObject(current)) child = current[part];
    if (child === undefined) {
      throw new JsonPatchError(
        `${op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
    }
    current = child;
  }
  return current;
}

function read(doc: JsonValue, path: string, op: string): JsonValue {
  const parts = pointer(path);
  if (parts.length === 0) return doc;
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  let value: JsonValue | undefined;
  if (Array.isArray(parent) && /^\d+$/.test(last)) value = parent[Number(last)];
  else if (isObject(parent)) value = parent[last];
  if (value === undefined) {
    throw new JsonPatchError(
      `${op} operation does not apply: doc is missing key: ${path}: missing value`,
    );
  }
  return value;
}

function add(
  doc: JsonValue,
  path: string,
  value: JsonValue,
  op: string,
): JsonValue {
  const parts = pointer(path);
  if (parts.length === 0) return clone(value);
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!/^\d+$/.test(last) && last !== '-') {
      throw new JsonPatchError(
        `${op} operation does not apply: invalid index ${last}`,
      );
    }
    if (index > parent.length) {
      throw new JsonPatchError(
        `${op} operation does not apply: index out of bounds: ${index}`,
      );
    }
    parent.splice(index, 0, clone(value));
  } else if (isObject(parent)) {
    parent[last] = clone(value);
  } else {
    throw new JsonPatchError(
      `${op} operation does not apply: doc is missing path: "${path}": missing value`,
    );
  }
  return doc;
}

function remove(doc: JsonValue, path: string, op: string): JsonValue {
  read(doc, path, op);
  const parts = pointer(path);
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return doc;
}

/** RFC 6902 JSON patch (`application/json-patch+json`). */
export function jsonPatch(
  document: JsonValue,
  operations: JsonValue,
): JsonValue {
  if (!Array.isArray(operations)) {
    throw new JsonPatchError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = clone(document);
  for (const raw of operations) {
    if (
      !isObject(raw) ||
      typeof raw.op !== 'string' ||
      typeof raw.path !== 'string'
    ) {
      throw new JsonPatchError('Unexpected kind: unknown');
    }
    const { op, path } = raw;
    switch (op) {
      case 'add':
        doc = add(doc, path, raw.value ?? null, op);
        break;
      case 'remove':
        doc = remove(doc, path, op);
        break;
      case 'replace':
        read(doc, path, op);
        if (pointer(path).length === 0) doc = clone(raw.value ?? null);
        else doc = add(remove(doc, path, op), path, raw.value ?? null, op);
        break;
      case 'move': {
        const from = String(raw.from ?? '');
        const value = clone(read(doc, from, op));
        doc = add(remove(doc, from, op), path, value, op);
        break;
      }
      case 'copy': {
        const value = clone(read(doc, String(raw.from ?? ''), op));
        doc = add(doc, path, value, op);
        break;
      }
      case 'test':
        if (!deepEqual(read(doc, path, op), raw.value ?? null)) {
          throw new JsonPatchError(`testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
