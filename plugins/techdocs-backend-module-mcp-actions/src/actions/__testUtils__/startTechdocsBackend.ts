import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import type { AddressInfo } from 'node:net';
import { techdocsModuleMcpActions } from '../../module';

/**
 * The real TechDocs backend with this module in a test backend, serving a
 * published site (local publisher) of order-service whose search index is
 * MkDocs' own; cart-service's docs are not published. The action is called
 * through the actions registry's HTTP API, as the MCP server calls it.
 */

export const APP_BASE_URL = 'https://portal.example.com';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'order-squad' },
});

// what MkDocs' search plugin writes: each page whole, then its sections
const SEARCH_INDEX = {
  config: { lang: ['en'], separator: '[\\s\\-]+' },
  docs: [
    {
      location: '',
      title: 'Order Service',
      text: 'Order Service ¶ The Order Service takes orders.',
    },
    {
      location: 'ops/runbook/',
      title: 'Runbook',
      text: 'Runbook ¶ What to do when orders fail. Rollback ¶ Roll back with argocd app rollback order-service.',
    },
    {
      location: 'ops/runbook/#runbook',
      title: 'Runbook',
      text: 'What to do when orders fail.',
    },
    {
      location: 'ops/runbook/#rollback',
      title: 'Rollback',
      text: 'Roll back with argocd app rollback order-service.',
    },
  ],
};

/** The published sites; call inside a describe (it is removed after). */
export function techdocsTestSite() {
  return createMockDirectory({
    content: {
      'default/component/order-service': {
        'index.html': '<html></html>',
        'techdocs_metadata.json': JSON.stringify({
          site_name: 'Order Service',
          files: ['index.html', 'search/search_index.json'],
        }),
        'search/search_index.json': JSON.stringify(SEARCH_INDEX),
      },
    },
  });
}

export async function startTechdocsBackend(
  site: ReturnType<typeof createMockDirectory>,
) {
  const backend = await startTestBackend({
    features: [
      techdocsPlugin,
      techdocsModuleMcpActions,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () =>
          catalogServiceMock({
            entities: [component('order-service'), component('cart-service')],
          }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: APP_BASE_URL },
          techdocs: {
            builder: 'external',
            publisher: {
              type: 'local',
              local: { publishDirectory: site.path },
            },
          },
        },
      }),
    ],
  });
  const base = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }/api/techdocs`;
  const headers = {
    authorization: mockCredentials.user.header('user:default/alice'),
    'content-type': 'application/json',
  };
  return {
    /** the action, invoked the way the MCP server's actions service does */
    invoke: async (input: unknown) => {
      const res = await fetch(
        `${base}/.backstage/actions/v1/actions/techdocs:get-techdocs-page/invoke`,
        { method: 'POST', headers, body: JSON.stringify(input) },
      );
      return { status: res.status, body: await res.json() };
    },
    /** the action's examples, as the actions registry lists them */
    examples: async () => {
      const res = await fetch(`${base}/.backstage/actions/v1/actions`, {
        headers,
      });
      const { actions } = (await res.json()) as {
        actions: { id: string; examples?: unknown[] }[];
      };
      const listed = actions.find(a => a.id === 'techdocs:get-techdocs-page');
      if (!listed) throw new Error('techdocs:get-techdocs-page is not listed');
      return listed.examples as { title: string; input: unknown }[];
    },
    stop: () => backend.stop(),
  };
}
