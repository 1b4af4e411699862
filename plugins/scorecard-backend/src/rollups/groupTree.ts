import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeRef } from '../service/ScorecardService';

/** what a Group's sub-groups are read from */
export const GROUP_TREE_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'spec.children',
  'relations',
];

/** a catalog of groups larger than this is cut off (a runaway tree) */
export const MAX_GROUPS = 10_000;

/**
 * A Group's direct sub-groups, as normalized refs: its `spec.children` and
 * the targets of its `parentOf` relations (which the catalog also derives
 * from the children's `spec.parent`).
 */
export function childGroupRefs(group: Entity): string[] {
  const namespace = group.metadata.namespace ?? 'default';
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string' || !value) return;
    try {
      const ref = parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      });
      if (ref.kind.toLocaleLowerCase('en-US') !== 'group') return;
      out.add(normalizeRef(stringifyEntityRef(ref)));
    } catch {
      // not a reference: ignored, as the catalog ignores it
    }
  };
  const children = (group.spec as { children?: unknown } | undefined)?.children;
  if (Array.isArray(children)) children.forEach(add);
  for (const relation of group.relations ?? []) {
    if (relation.type === 'parentOf') add(relation.targetRef);
  }
  return [...out];
}

/**
 * A group and every group under it (transitively), the group first; a
 * cycle in the tree ends where a group was already reached.
 */
export function descendantsOf(
  root: string,
  childrenOf: (ref: string) => string[],
): string[] {
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0 && seen.size < MAX_GROUPS) {
    for (const child of childrenOf(queue.shift()!)) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

/**
 * The owner set of a Group's roll-up: the group and its sub-groups,
 * resolved through the catalog as the caller (one request per tree level).
 */
export async function resolveOwnerSet(
  catalog: CatalogService,
  group: Entity,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const root = normalizeRef(stringifyEntityRef(group));
  const seen = new Set([root]);
  let frontier = childGroupRefs(group).filter(ref => !seen.has(ref));
  while (frontier.length > 0 && seen.size < MAX_GROUPS) {
    frontier.forEach(ref => seen.add(ref));
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: frontier, fields: GROUP_TREE_FIELDS },
      { credentials },
    );
    const next = new Set<string>();
    for (const child of items) {
      if (!child) continue; // not in the catalog, or not visible
      for (const ref of childGroupRefs(child)) {
        if (!seen.has(ref)) next.add(ref);
      }
    }
    frontier = [...next];
  }
  return [...seen];
}

/**
 * Every Group of the catalog with its owner set (the group and its
 * sub-groups): the groups are read once, as a stream.
 */
export async function allOwnerSets(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string[]>> {
  const children = new Map<string, string[]>();
  for await (const page of catalog.streamEntities(
    { filter: { kind: 'group' }, fields: GROUP_TREE_FIELDS, pageSize: 1000 },
    { credentials },
  )) {
    for (const group of page) {
      children.set(
        normalizeRef(stringifyEntityRef(group)),
        childGroupRefs(group),
      );
    }
  }
  const childrenOf = (ref: string) => children.get(ref) ?? [];
  return new Map(
    [...children.keys()].map(ref => [ref, descendantsOf(ref, childrenOf)]),
  );
}
