import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { targetPaths } from '@backstage/cli-common';
import {
  ExtensionDefinition,
  FrontendFeature,
  RouteRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { configure } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/*
 * What the entity-page integration tests share: the real backend plugins
 * (startTestBackend) configured against the sandbox's stand-ins, and the
 * real frontend extensions rendered for the example catalog's entities,
 * calling that backend as a signed-in user.
 */

// A backend and a stand-in answer each render, on a busy two-core machine:
// wait for them longer than Testing Library's default second.
configure({ asyncUtilTimeout: 10_000 });

/** An entity of the example catalog (catalog/), as the portal ingests it. */
export function catalogEntity(file: string, name: string): Entity {
  const docs = parseAllDocuments(
    fs.readFileSync(path.join(targetPaths.rootDir, 'catalog', file), 'utf8'),
  ).map(d => d.toJS() as Entity);
  const entity = docs.find(d => d?.metadata?.name === name);
  if (!entity) throw new Error(`no entity ${name} in catalog/${file}`);
  return {
    ...entity,
    metadata: { namespace: 'default', ...entity.metadata },
  };
}

export const orderService = () =>
  catalogEntity('ecommerce/order-management-system.yaml', 'order-service');

/** The backend plugins under test, with config and the catalog's entities. */
export async function startBackend(options: {
  features: Parameters<typeof startTestBackend>[0]['features'];
  config: JsonObject;
  entities?: Entity[];
}) {
  const backend = await startTestBackend({
    features: [
      ...(options.features ?? []),
      mockServices.rootConfig.factory({ data: options.config }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
    ],
  });
  return {
    url: `http://localhost:${backend.server.port()}`,
    stop: () => backend.stop(),
  };
}

/**
 * Renders a frontend extension (an entity card or content) for an entity, in
 * a test app with the given plugins installed (their API extensions build
 * the real clients), calling `backendUrl` as a signed-in user.
 */
export function renderEntityExtension(
  extension: ExtensionDefinition,
  options: {
    entity: Entity;
    backendUrl: string;
    features: FrontendFeature[];
    config?: JsonObject;
    apis?: readonly any[];
    /** route refs the extension links to, by path */
    mountedRoutes?: Record<string, RouteRef>;
  },
) {
  const token = mockCredentials.user.token();
  const element = createExtensionTester(extension).reactElement();
  return renderInTestApp(
    <EntityProvider entity={options.entity}>{element}</EntityProvider>,
    {
      features: options.features,
      mountedRoutes: options.mountedRoutes,
      config: {
        backend: { baseUrl: options.backendUrl },
        ...options.config,
      },
      apis: [
        mockApis.discovery({ baseUrl: options.backendUrl }),
        mockApis.identity({ token }),
        mockApis.fetch({ injectIdentityAuth: { token } }),
        ...(options.apis ?? []),
      ],
    },
  );
}
