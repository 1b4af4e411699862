import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  allOwnerSets,
  childGroupRefs,
  descendantsOf,
  resolveOwnerSet,
} from './groupTree';

const group = (
  name: string,
  spec: Record<string, unknown> = {},
  extra: Partial<Entity> = {},
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace },
  spec: { type: 'team', ...spec },
  ...extra,
});

describe('childGroupRefs', () => {
  it('reads spec.children and parentOf relations, normalized, groups only', () => {
    expect(
      childGroupRefs(
        group(
          'Engineering',
          {
            children: [
              'Order-Squad',
              'group:ops/sre',
              'user:default/alice',
              '',
              42,
              'bad:ref:x:y',
            ],
          },
          {
            relations: [
              { type: 'parentOf', targetRef: 'group:default/payments-squad' },
              { type: 'childOf', targetRef: 'group:default/company' },
              { type: 'parentOf', targetRef: 'group:default/order-squad' },
            ],
          },
          'tech',
        ),
      ),
    ).toEqual([
      'group:tech/order-squad',
      'group:ops/sre',
      'group:default/payments-squad',
      'group:default/order-squad',
    ]);
  });

  it('has none for a leaf group', () => {
    expect(childGroupRefs(group('leaf'))).toEqual([]);
  });
});

describe('descendantsOf', () => {
  it('walks the tree breadth first and stops at cycles', () => {
    const tree: Record<string, string[]> = {
      a: ['b', 'c'],
      b: ['d', 'a'],
      c: ['d'],
      d: ['b'],
    };
    expect(descendantsOf('a', ref => tree[ref] ?? [])).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(descendantsOf('c', ref => tree[ref] ?? [])).toEqual([
      'c',
      'd',
      'b',
      'a',
    ]);
    expect(descendantsOf('x', ref => tree[ref] ?? [])).toEqual(['x']);
  });
});

describe('through the catalog', () => {
  const entities = [
    group('engineering', { children: ['order-squad'] }),
    group('order-squad', { children: ['order-backend'] }),
    group('order-backend', { children: ['engineering'] }), // a cycle
    group(
      'payments-squad',
      {},
      {
        relations: [
          { type: 'parentOf', targetRef: 'group:default/payments-ops' },
        ],
      },
    ),
    group('payments-ops', { children: ['ghost'] }), // not in the catalog
  ];
  const credentials = mockCredentials.user();

  it('resolves a group and its sub-groups as the caller, cycle-safe', async () => {
    const catalog = catalogServiceMock({ entities });
    expect(await resolveOwnerSet(catalog, entities[0], credentials)).toEqual([
      'group:default/engineering',
      'group:default/order-squad',
      'group:default/order-backend',
    ]);
    expect(await resolveOwnerSet(catalog, entities[3], credentials)).toEqual([
      'group:default/payments-squad',
      'group:default/payments-ops',
      'group:default/ghost',
    ]);
  });

  it("reads every group's owner set from one stream", async () => {
    const catalog = catalogServiceMock({ entities });
    const sets = await allOwnerSets(catalog, credentials);
    expect(Object.fromEntries(sets)).toEqual({
      'group:default/engineering': [
        'group:default/engineering',
        'group:default/order-squad',
        'group:default/order-backend',
      ],
      'group:default/order-squad': [
        'group:default/order-squad',
        'group:default/order-backend',
        'group:default/engineering',
      ],
      'group:default/order-backend': [
        'group:default/order-backend',
        'group:default/engineering',
        'group:default/order-squad',
      ],
      'group:default/payments-squad': [
        'group:default/payments-squad',
        'group:default/payments-ops',
        'group:default/ghost',
      ],
      'group:default/payments-ops': [
        'group:default/payments-ops',
        'group:default/ghost',
      ],
    });
  });
});
