import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import portalPolicy from '@internal/backstage-plugin-permission-backend-module-portal-policy';
import type { AddressInfo } from 'node:net';
import { catalogModuleMcpActions } from '../../module';

/**
 * The real catalog with this module and the portal's permission policy in
 * a test backend; alice is in order-squad, frank in the platform team. The
 * action is called through the actions registry's HTTP API, as the MCP
 * server calls it.
 */

const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/order-squad'],
  'user:default/frank': ['user:default/frank', 'group:default/platform-team'],
};

/** `config`: what the catalog reads files with (backend.reading, integrations) */
export async function startCatalogBackend(config: JsonObject) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleMcpActions,
      permissionPlugin,
      portalPolicy,
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
        data: { permission: { enabled: true }, ...config },
      }),
    ],
  });
  const base = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }/api/catalog`;
  const headers = (user: string) => ({
    authorization: mockCredentials.user.header(`user:default/${user}`),
    'content-type': 'application/json',
  });

  return {
    /** the catalog's API */
    base,
    /** the action, invoked as `user` the way the MCP server's actions service does */
    invoke: async (user: string, input: unknown) => {
      const res = await fetch(
        `${base}/.backstage/actions/v1/actions/catalog:dry-run-register-entity/invoke`,
        { method: 'POST', headers: headers(user), body: JSON.stringify(input) },
      );
      return { status: res.status, body: await res.json() };
    },
    /** the action's examples, as the actions registry lists them */
    examples: async () => {
      const res = await fetch(`${base}/.backstage/actions/v1/actions`, {
        headers: headers('frank'),
      });
      const { actions } = (await res.json()) as {
        actions: { id: string; examples?: unknown[] }[];
      };
      const listed = actions.find(
        a => a.id === 'catalog:dry-run-register-entity',
      );
      if (!listed) {
        throw new Error('catalog:dry-run-register-entity is not listed');
      }
      return listed.examples as { title: string; input: unknown }[];
    },
    stop: () => backend.stop(),
  };
}
