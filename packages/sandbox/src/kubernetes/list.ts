import {
  JsonObject,
  apiVersionOf,
  findKind,
  findResource,
  ResourceDefinition,
} from './resources';
import { clone, isObject } from './patch';
import type { Reply } from './router';
import {
  FieldRequirement,
  LabelRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import { badRequest, failure, methodNotAllowed, notFound } from './status';
import {
  compareObjects,
  labelsOf,
  metadataOf,
  ObjectStore,
  sortKey,
} from './store';
import { podMetrics, timestamp } from './workload';

/*
 * Reads: get, list (label and field selectors, `limit`/`continue`; watch
 * is refused) and the metrics API's pods, computed from running pods.
 */

export function getObject(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  name: string,
) {
  const stored = store.objects.get(store.key(def, namespace, name));
  if (!stored) throw notFound(def, name);
  return clone(stored);
}

export function selectors(
  def: ResourceDefinition,
  query: URLSearchParams,
): { labels: LabelRequirement[]; fields: FieldRequirement[] } {
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    const supported = [
      'metadata.name',
      'metadata.namespace',
      ...(def.fields ?? []),
    ];
    const unsupported = fields.find(f => !supported.includes(f.field));
    if (unsupported) {
      throw badRequest(`field label not supported: ${unsupported.field}`);
    }
    return { labels, fields };
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

export function select(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  query: URLSearchParams,
): JsonObject[] {
  const { labels, fields } = selectors(def, query);
  return [...store.objects.values()]
    .filter(
      o =>
        findKind(String(o.apiVersion), String(o.kind)) === def &&
        (namespace === undefined || metadataOf(o).namespace === namespace) &&
        matchesLabels(labels, labelsOf(o)) &&
        matchesFields(fields, o),
    )
    .sort(compareObjects);
}

export function list(
  store: ObjectStore,
  def: ResourceDefinition,
  namespace: string | undefined,
  query: URLSearchParams,
): Reply {
  if (['true', '1'].includes(query.get('watch') ?? '')) {
    throw failure(
      405,
      'the Kubernetes stand-in does not support watch requests',
      {},
      'MethodNotAllowed',
    );
  }
  let items = select(store, def, namespace, query);
  const listMeta: JsonObject = { resourceVersion: String(store.revision) };
  const token = query.get('continue');
  if (token) {
    let start: string;
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
      start = String(decoded.start);
    } catch {
      throw badRequest(`invalid continue token: ${token}`);
    }
    items = items.filter(o => sortKey(o) > start);
  }
  const limit = Number(query.get('limit') ?? 0);
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    listMeta.continue = Buffer.from(
      JSON.stringify({
        v: 'meta.k8s.io/v1',
        rv: store.revision,
        start: sortKey(items[items.length - 1]),
      }),
    ).toString('base64url');
    listMeta.remainingItemCount = remaining;
  }
  return {
    code: 200,
    body: {
      kind: `${def.kind}List`,
      apiVersion: apiVersionOf(def),
      metadata: listMeta,
      // Built-in lists leave out each item's apiVersion and kind.
      items: items.map(o => {
        if (def.custom) return clone(o);
        const { apiVersion: _a, kind: _k, ...item } = clone(o);
        return item;
      }),
    },
  };
}

export function metricsRequest(
  store: ObjectStore,
  method: string,
  namespace: string | undefined,
  name: string | undefined,
  query: URLSearchParams,
): Reply {
  if (method !== 'GET') throw methodNotAllowed();
  const pods = findResource('', 'v1', 'pods')!;
  const at = timestamp();
  const running = select(store, pods, namespace, query).filter(
    p => isObject(p.status) && p.status.phase === 'Running',
  );
  if (name !== undefined) {
    const pod = running.find(p => metadataOf(p).name === name);
    if (!pod) {
      throw failure(404, `podmetrics.metrics.k8s.io "${name}" not found`, {
        name,
        group: 'metrics.k8s.io',
        kind: 'pods',
      });
    }
    return {
      code: 200,
      body: {
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        ...podMetrics(pod, at),
      },
    };
  }
  return {
    code: 200,
    body: {
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {},
      items: running.map(p => podMetrics(p, at)),
    },
  };
}
