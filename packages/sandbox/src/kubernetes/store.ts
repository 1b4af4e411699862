import { randomUUID } from 'node:crypto';
import { applyDefaults, qosClass } from './defaults';
import { KubernetesObject } from './model';
import { clone, deepEqual, isObject } from './patch';
import { findKind, JsonObject, ResourceDefinition } from './resources';
import { timestamp } from './workload';

/*
 * The API server's storage: objects by group, resource, namespace and name,
 * with resourceVersions, the configurations each field manager applied,
 * cascades (a namespace's contents, owned objects) and the allocations
 * (cluster IPs, node ports, pod IPs) defaulting needs.
 */

const METADATA_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
];

export function metadataOf(object: JsonObject): JsonObject {
  if (!isObject(object.metadata)) object.metadata = {};
  return object.metadata as JsonObject;
}

export function stringField(
  object: JsonObject,
  key: string,
): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** apiVersion, kind, metadata (in the server's field order), the rest. */
function ordered(object: JsonObject): JsonObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  const meta = isObject(metadata) ? metadata : {};
  const sortedMeta: JsonObject = {};
  for (const key of METADATA_ORDER) {
    if (meta[key] !== undefined) sortedMeta[key] = meta[key];
  }
  for (const [key, value] of Object.entries(meta)) {
    if (!(key in sortedMeta)) sortedMeta[key] = value;
  }
  return { apiVersion, kind, metadata: sortedMeta, ...rest };
}

export function labelsOf(object: JsonObject): Record<string, string> {
  const labels = metadataOf(object).labels;
  return isObject(labels)
    ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]))
    : {};
}

export function withoutMetadataAndStatus(object: JsonObject): JsonObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

export function toJson(object: unknown): JsonObject {
  return JSON.parse(JSON.stringify(object)) as JsonObject;
}

export function toPublic(object: JsonObject): KubernetesObject {
  return clone(object) as unknown as KubernetesObject;
}

export function sortKey(object: JsonObject): string {
  const metadata = metadataOf(object);
  return `${String(metadata.namespace ?? '')}/${String(metadata.name)}\u0000`;
}

export function compareObjects(a: JsonObject, b: JsonObject): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka < kb) return -1;
  return ka > kb ? 1 : 0;
}

export class ObjectStore {
  readonly objects = new Map<string, JsonObject>();
  /** Per object, per field manager: the configuration it last applied. */
  readonly appliedConfigurations = new Map<string, Map<string, JsonObject>>();
  revision = 0;
  private nextClusterIP = 10;
  private nextNodePort = 30000;
  private nextPodIP = 2;

  /**
   * Stores an object directly, as if a controller had written it: no
   * validation, status kept; uid, resourceVersion, creationTimestamp,
   * generation and defaults filled in. A namespaced object's namespace
   * (default "default") is created if missing. Replaces an existing object
   * of the same name, keeping its uid.
   */
  seed(object: KubernetesObject): KubernetesObject {
    const incoming = toJson(object);
    const apiVersion = stringField(incoming, 'apiVersion') ?? '';
    const kind = stringField(incoming, 'kind') ?? '';
    const def = findKind(apiVersion, kind);
    if (!def || def.readOnly) {
      throw new Error(
        `The Kubernetes stand-in does not serve ${apiVersion} ${kind}`,
      );
    }
    const metadata = metadataOf(incoming);
    const name = stringField(metadata, 'name');
    if (!name) throw new Error('seed: metadata.name is required');
    let namespace: string | undefined;
    if (def.namespaced) {
      namespace = stringField(metadata, 'namespace') ?? 'default';
      metadata.namespace = namespace;
      if (!this.namespaceExists(namespace)) {
        this.seed({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
      }
    } else {
      delete metadata.namespace;
    }
    const key = this.key(def, namespace, name);
    const previous = this.objects.get(key);
    const previousMeta = previous ? metadataOf(previous) : {};
    applyDefaults(def, incoming, this.defaulting(previous));
    metadata.uid = metadata.uid ?? previousMeta.uid ?? randomUUID();
    metadata.creationTimestamp =
      metadata.creationTimestamp ??
      previousMeta.creationTimestamp ??
      timestamp();
    if (def.generation)
      metadata.generation = metadata.generation ?? previousMeta.generation ?? 1;
    this.initialStatus(def, incoming);
    return toPublic(this.commit(def, incoming));
  }

  key(def: ResourceDefinition, namespace: string | undefined, name: string) {
    return `${def.group}/${def.plural}/${
      def.namespaced ? namespace ?? '' : ''
    }/${name}`;
  }

  namespaceExists(name: string): boolean {
    return this.objects.has(`/namespaces//${name}`);
  }

  /** Stores the object with a new resourceVersion, unless nothing changed. */
  commit(
    def: ResourceDefinition,
    object: JsonObject,
    previous?: JsonObject,
  ): JsonObject {
    const metadata = metadataOf(object);
    if (previous) {
      const unchanged = clone(object);
      metadataOf(unchanged).resourceVersion =
        metadataOf(previous).resourceVersion ?? null;
      if (deepEqual(ordered(unchanged), ordered(previous)))
        return clone(previous);
    }
    this.revision += 1;
    metadata.resourceVersion = String(this.revision);
    const stored = ordered(object);
    this.objects.set(
      this.key(def, stringField(metadata, 'namespace'), String(metadata.name)),
      stored,
    );
    return clone(stored);
  }

  /** The status the API server gives a new object. */
  initialStatus(def: ResourceDefinition, object: JsonObject) {
    if (object.status !== undefined) return;
    if (def.kind === 'Namespace' && def.group === '') {
      object.status = { phase: 'Active' };
    } else if (def.kind === 'Pod' && def.group === '') {
      object.status = { phase: 'Pending', qosClass: qosClass(object.spec) };
    } else if (def.kind === 'Service' && def.group === '') {
      object.status = { loadBalancer: {} };
    }
  }

  recordApplied(key: string, fieldManager: string, applied: JsonObject) {
    const managers = this.appliedConfigurations.get(key) ?? new Map();
    managers.set(fieldManager, clone(applied));
    this.appliedConfigurations.set(key, managers);
  }

  /**
   * Removes an object, and what goes with it: a namespace's contents, and
   * (unless orphaned, as the garbage collector would) the objects it owns.
   */
  remove(def: ResourceDefinition, object: JsonObject, orphan: boolean) {
    const metadata = metadataOf(object);
    const key = this.key(
      def,
      stringField(metadata, 'namespace'),
      String(metadata.name),
    );
    this.objects.delete(key);
    this.appliedConfigurations.delete(key);
    this.revision += 1;
    const uid = String(metadata.uid);
    if (def.plural === 'namespaces' && def.group === '') {
      for (const [k, o] of [...this.objects]) {
        if (metadataOf(o).namespace === metadata.name) {
          this.objects.delete(k);
          this.appliedConfigurations.delete(k);
        }
      }
    }
    for (const [dependentKey, dependent] of [...this.objects]) {
      if (!this.objects.has(dependentKey)) continue;
      const dependentMeta = metadataOf(dependent);
      const references = Array.isArray(dependentMeta.ownerReferences)
        ? dependentMeta.ownerReferences
        : [];
      if (!references.some(r => isObject(r) && r.uid === uid)) continue;
      const dependentDef = findKind(
        String(dependent.apiVersion),
        String(dependent.kind),
      );
      if (!dependentDef) continue;
      if (orphan) {
        const kept = references.filter(r => !(isObject(r) && r.uid === uid));
        const updated = clone(dependent);
        if (kept.length > 0) metadataOf(updated).ownerReferences = kept;
        else delete metadataOf(updated).ownerReferences;
        this.commit(dependentDef, updated);
      } else {
        this.remove(dependentDef, dependent, false);
      }
    }
  }

  defaulting(previous: JsonObject | undefined) {
    return {
      previous,
      allocateClusterIP: () => {
        const n = this.nextClusterIP++;
        return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      },
      allocateNodePort: () => this.nextNodePort++,
    };
  }

  allocatePodIP(): string {
    const n = this.nextPodIP++;
    return `10.244.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }
}
