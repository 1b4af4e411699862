import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import path from 'node:path';
import {
  FREE_SANDBOX_PORTS,
  SANDBOX_CREDENTIALS,
  Sandbox,
  startSandbox,
} from 'sandbox';

/*
 * The real TODO backend (@backstage-community/plugin-todo-backend) reading
 * the sandbox's GitHub (seeded as in development: order-service's Go
 * source), configured as app-config.yaml configures the GitHub integration.
 */

export const orderService = (sourceLocation?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'file:/portal/catalog/all.yaml',
      'backstage.io/source-location':
        sourceLocation ??
        'url:https://github.com/myorg/order-service/tree/main/',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:order-squad',
    lifecycle: 'production',
  },
});

export const unreadableService = (): Entity => ({
  ...orderService('url:https://github.com/myorg/no-such-repo/tree/main/'),
  metadata: {
    ...orderService().metadata,
    name: 'unreadable-service',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/myorg/no-such-repo/tree/main/',
    },
  },
});

export async function startTodoBackend() {
  const sandbox: Sandbox = await startSandbox({
    ports: FREE_SANDBOX_PORTS,
    repoRoot: path.resolve(__dirname, '../../../..'),
  });
  const backend = await startTestBackend({
    features: [
      import('@backstage-community/plugin-todo-backend'),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: `${sandbox.github.url}/api/v3`,
                token: SANDBOX_CREDENTIALS.githubToken,
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [orderService(), unreadableService()],
      }),
    ],
  });
  return {
    sandbox,
    url: `http://localhost:${backend.server.port()}`,
    userToken: mockCredentials.user.token(),
    async stop() {
      await backend.stop();
      await sandbox.close();
    },
  };
}
