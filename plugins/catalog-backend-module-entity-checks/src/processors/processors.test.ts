import { Entity } from '@backstage/catalog-model';
import { EntitySizeProcessor } from './EntitySizeProcessor';
import { canNameAnEntity, OwnerExistsProcessor } from './OwnerExistsProcessor';

const component = (
  spec: Record<string, unknown>,
  namespace?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', ...(namespace && { namespace }) },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

describe('OwnerExistsProcessor', () => {
  const known = new Set([
    'group:default/team-a',
    'user:default/alice',
    'group:payments/squad',
  ]);
  const lookups: string[] = [];
  const processor = new OwnerExistsProcessor(async ref => {
    lookups.push(ref);
    return known.has(ref);
  });

  beforeEach(() => {
    lookups.length = 0;
  });

  it.each([
    ['a bare group name', 'team-a', 'group:default/team-a'],
    ['a group ref', 'group:team-a', 'group:default/team-a'],
    ['a user ref', 'user:default/alice', 'user:default/alice'],
    ['mixed case', 'Group:Default/Team-A', 'group:default/team-a'],
  ])('accepts %s', async (_what, owner, ref) => {
    const entity = component({ owner });
    await expect(processor.postProcessEntity(entity)).resolves.toBe(entity);
    expect(lookups).toEqual([ref]);
  });

  it("resolves a bare name in the entity's own namespace", async () => {
    await processor.postProcessEntity(
      component({ owner: 'squad' }, 'payments'),
    );
    expect(lookups).toEqual(['group:payments/squad']);
  });

  it('refuses an owner the catalog does not know, naming it', async () => {
    await expect(
      processor.postProcessEntity(component({ owner: 'group:tema-a' })),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        'spec.owner "group:tema-a" does not exist in the catalog (no entity group:default/tema-a). Add that Group or User to the catalog, or correct the owner.',
    });
  });

  it('lets a missing owner through during the grace period, then refuses it', async () => {
    const store = new Map<string, unknown>();
    const cache = {
      get: async (key: string) => store.get(key) as any,
      set: async (key: string, value: unknown) => {
        store.set(key, value);
      },
    };
    let now = 1_000_000;
    const graceful = new OwnerExistsProcessor(async ref => known.has(ref), {
      graceSeconds: 60,
      now: () => now,
    });
    const entity = component({ owner: 'late-team' });
    const run = () =>
      graceful.postProcessEntity(entity, undefined, undefined, cache);

    await expect(run()).resolves.toBe(entity);
    now += 59_000;
    await expect(run()).resolves.toBe(entity);
    now += 2_000;
    await expect(run()).rejects.toThrow(/does not exist in the catalog/);

    // the team arrives: accepted again, and the clock is reset
    known.add('group:default/late-team');
    await expect(run()).resolves.toBe(entity);
    expect(store.get('ownerMissingSince')).toBeNull();
    known.delete('group:default/late-team');
    await expect(run()).resolves.toBe(entity);
  });

  it('refuses an owner that is not a reference', async () => {
    await expect(
      processor.postProcessEntity(component({ owner: 'group:' })),
    ).rejects.toThrow(/is not a valid entity reference/);
  });

  it.each([
    ['a path', '../../etc/passwd'],
    ['a NUL character', 'group:default/team\u0000a'],
    ['a right-to-left override', 'team\u202Ea'],
    ['an injection string', "' OR 1=1 --"],
    ['a namespace of two dots', 'group:../team-a'],
    ['only spaces', '   '],
  ])(
    'refuses an owner with %s at once, without looking it up',
    async (_what, owner) => {
      await expect(
        processor.postProcessEntity(component({ owner })),
      ).rejects.toThrow(/is not a valid entity reference: no entity can have/);
      expect(lookups).toEqual([]);
    },
  );

  it('ignores entities without an owner', async () => {
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'g' },
      spec: { type: 'team', children: [] },
    };
    await processor.postProcessEntity(group);
    expect(lookups).toEqual([]);
  });
});

describe('canNameAnEntity', () => {
  it('takes what an entity could be named, in any case', () => {
    expect(
      canNameAnEntity({ kind: 'Group', namespace: 'Payments', name: 'Squad' }),
    ).toBe(true);
  });

  it.each([
    [
      'a kind with a hyphen',
      { kind: 'my-group', namespace: 'default', name: 'a' },
    ],
    ['a namespace with a dot', { kind: 'group', namespace: 'a.b', name: 'a' }],
    [
      'a name with a slash',
      { kind: 'group', namespace: 'default', name: 'a/b' },
    ],
    [
      'a name of 64 characters',
      { kind: 'group', namespace: 'default', name: 'a'.repeat(64) },
    ],
  ])('refuses %s', (_what, ref) => {
    expect(canNameAnEntity(ref)).toBe(false);
  });
});

describe('EntitySizeProcessor', () => {
  const processor = new EntitySizeProcessor(10_000);

  it('accepts entities up to the limit', async () => {
    const entity = component({ owner: 'a', definition: 'x'.repeat(9_000) });
    await expect(processor.postProcessEntity(entity)).resolves.toBe(entity);
  });

  it('names the part that makes an entity too large', async () => {
    await expect(
      processor.postProcessEntity(
        component({ owner: 'a', definition: 'x'.repeat(20_000) }),
      ),
    ).rejects.toThrow(
      /^component:default\/svc is 19\.7 KiB, over the catalog's limit of 9\.8 KiB \(catalog\.entityChecks\.maxEntitySizeBytes\); the largest part is spec\.definition \(19\.5 KiB\)$/,
    );
  });

  it('counts bytes, not characters', async () => {
    await expect(
      processor.postProcessEntity(
        component({ owner: 'a', definition: 'é'.repeat(6_000) }),
      ),
    ).rejects.toThrow(/over the catalog's limit/);
  });
});
