import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { permissionModulePortalPolicy } from './module';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

/*
 * The policy through the permission framework: the real permission backend
 * and catalog, users whose ownership comes from the user-info service.
 */

jest.setTimeout(60_000);

const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/order-squad'],
  'user:default/frank': ['user:default/frank', 'group:default/platform-team'],
};

describe('portal permission policy', () => {
  const dir = createMockDirectory({
    content: {
      'entities.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: order-service}
spec: {type: service, lifecycle: production, owner: group:order-squad}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: payment-service}
spec: {type: service, lifecycle: production, owner: group:payments-squad}
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: golden-path}
spec: {type: service, owner: group:order-squad, steps: []}
`,
    },
  });

  let port: number;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModulePortalPolicy,
        catalogPlugin,
        scaffolderEntityModel,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: ownership[ref] ?? [ref],
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              processingInterval: { seconds: 1 },
              locations: [
                {
                  type: 'file',
                  target: dir.resolve('entities.yaml'),
                  rules: [{ allow: ['Component', 'Template'] }],
                },
              ],
            },
          },
        }),
      ],
    });
    port = (backend.server.address() as { port: number }).port;
    stop = () => backend.stop();
    // wait for the catalog
    for (let i = 0; i < 100; i++) {
      const res = await call(
        'frank',
        'GET',
        '/api/catalog/entities/by-name/template/default/golden-path',
      );
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(() => stop());

  function call(user: string, method: string, path: string, body?: unknown) {
    return fetch(`http://localhost:${port}${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(`user:default/${user}`),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function decide(user: string, permission: object) {
    const res = await call(user, 'POST', '/api/permission/authorize', {
      items: [{ id: '1', permission }],
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { result: string }[] }).items[0]
      .result;
  }

  const basic = (name: string, action?: string) => ({
    type: 'basic',
    name,
    attributes: action ? { action } : {},
  });

  it.each([
    [
      'register a location',
      basic('catalog.location.create', 'create'),
      'DENY',
      'ALLOW',
    ],
    [
      'delete a location',
      basic('catalog.location.delete', 'delete'),
      'DENY',
      'ALLOW',
    ],
    [
      'create a scorecard exemption',
      basic('scorecard.exemption.create', 'create'),
      'DENY',
      'ALLOW',
    ],
    [
      'delete a scorecard exemption',
      basic('scorecard.exemption.delete', 'delete'),
      'DENY',
      'ALLOW',
    ],
    [
      'decide a scorecard exemption request',
      basic('scorecard.exemption.decide', 'update'),
      'DENY',
      'ALLOW',
    ],
    [
      'manage a scorecard campaign',
      basic('scorecard.campaign.manage', 'update'),
      'DENY',
      'ALLOW',
    ],
    [
      'read the portal adoption figures',
      basic('adoption.read', 'read'),
      'DENY',
      'ALLOW',
    ],
    [
      'recompute the portal adoption figures',
      basic('adoption.refresh', 'update'),
      'DENY',
      'ALLOW',
    ],
    [
      'ask for a scorecard evaluation',
      basic('scorecard.evaluate', 'update'),
      'ALLOW',
      'ALLOW',
    ],
    [
      'delete unprocessed entities',
      basic('catalog.entities.unprocessed.delete', 'delete'),
      'DENY',
      'ALLOW',
    ],
    [
      'run a template',
      basic('scaffolder.task.create', 'create'),
      'ALLOW',
      'ALLOW',
    ],
    [
      'read scaffolder actions',
      basic('scaffolder.action.execute'),
      'ALLOW',
      'ALLOW',
    ],
  ])('%s', async (_what, permission, developer, platform) => {
    expect(await decide('alice', permission)).toBe(developer);
    expect(await decide('frank', permission)).toBe(platform);
  });

  /** Evaluates permission criteria with the catalog's rules, as apply-conditions does. */
  function evaluate(
    criteria: PermissionCriteria<PermissionCondition>,
    e: Entity,
  ): boolean {
    if ('allOf' in criteria) return criteria.allOf.every(c => evaluate(c, e));
    if ('anyOf' in criteria) return criteria.anyOf.some(c => evaluate(c, e));
    if ('not' in criteria) return !evaluate(criteria.not, e);
    const rule = Object.values(permissionRules).find(
      r => r.name === criteria.rule,
    )!;
    return rule.apply(e, criteria.params as any);
  }

  async function decideOn(
    user: string,
    name: string,
    action: string,
    resourceRef: string,
  ) {
    const res = await call(user, 'POST', '/api/permission/authorize', {
      items: [
        {
          id: '1',
          permission: {
            type: 'resource',
            name,
            attributes: { action },
            resourceType: 'catalog-entity',
          },
          resourceRef,
        },
      ],
    });
    expect({
      status: res.status,
      body: res.status === 200 ? '' : await res.clone().text(),
    }).toEqual({ status: 200, body: '' });
    return ((await res.json()) as { items: { result: string }[] }).items[0]
      .result;
  }

  it('everyone reads every entity', async () => {
    for (const ref of [
      'component:default/payment-service',
      'template:default/golden-path',
    ]) {
      expect(await decideOn('alice', 'catalog.entity.read', 'read', ref)).toBe(
        'ALLOW',
      );
    }
  });

  it('a developer cannot register a location through the catalog API', async () => {
    const res = await call('alice', 'POST', '/api/catalog/locations', {
      type: 'url',
      target: 'https://github.com/myorg/x/blob/main/catalog-info.yaml',
    });
    expect(res.status).toBe(403);
    const frank = await call(
      'frank',
      'POST',
      '/api/catalog/locations?dryRun=true',
      {
        type: 'url',
        target: 'https://github.com/myorg/x/blob/main/catalog-info.yaml',
      },
    );
    expect(frank.status).not.toBe(403);
  });

  it('a developer deletes only their own non-Template entities', async () => {
    // The permission backend hands entity conditions to the catalog; here the
    // catalog's own permission rules evaluate the policy's conditional
    // decision on the entities.
    const policy = new PortalPermissionPolicy(['group:default/platform-team']);
    const user = (ref: string) => ({
      identity: {
        type: 'user' as const,
        userEntityRef: ref,
        ownershipEntityRefs: ownership[ref],
      },
      token: 'unused',
      credentials: mockCredentials.user(ref),
      info: { userEntityRef: ref, ownershipEntityRefs: ownership[ref] },
    });
    // the entities as the catalog serves them (relations stitched)
    const owned = (kind: string, name: string, owner: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name },
      spec: { owner },
      relations: [{ type: 'ownedBy', targetRef: owner }],
    });
    const entities: Record<string, Entity> = {
      'component:default/order-service': owned(
        'Component',
        'order-service',
        'group:default/order-squad',
      ),
      'component:default/payment-service': owned(
        'Component',
        'payment-service',
        'group:default/payments-squad',
      ),
      'template:default/golden-path': owned(
        'Template',
        'golden-path',
        'group:default/order-squad',
      ),
    };
    const entity = async (ref: string) => entities[ref];
    const mayDelete = async (userRef: string, entityRef: string) => {
      const decision = await policy.handle(
        { permission: catalogEntityDeletePermission },
        user(userRef),
      );
      if (decision.result !== AuthorizeResult.CONDITIONAL) {
        return decision.result === AuthorizeResult.ALLOW;
      }
      return evaluate(decision.conditions, await entity(entityRef));
    };

    expect(
      await mayDelete(
        'user:default/alice',
        'component:default/payment-service',
      ),
    ).toBe(false);
    expect(
      await mayDelete('user:default/alice', 'template:default/golden-path'),
    ).toBe(false);
    expect(
      await mayDelete('user:default/alice', 'component:default/order-service'),
    ).toBe(true);
    expect(
      await mayDelete('user:default/frank', 'template:default/golden-path'),
    ).toBe(true);
    expect(
      await mayDelete(
        'user:default/frank',
        'component:default/payment-service',
      ),
    ).toBe(true);
  });
});
