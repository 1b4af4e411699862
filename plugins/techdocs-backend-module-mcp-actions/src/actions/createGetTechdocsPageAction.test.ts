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
import { techdocsModuleMcpActions } from '../module';

/*
 * techdocs:get-techdocs-page through the actions registry's HTTP API (what
 * the MCP server calls) with the real TechDocs backend serving a published
 * site (local publisher) whose search index is MkDocs' own: the page's
 * text, its sections with links; a page or site that is not there and bad
 * input explained.
 */

jest.setTimeout(60_000);

const APP_BASE_URL = 'https://portal.example.com';

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

describe('techdocs:get-techdocs-page', () => {
  const site = createMockDirectory({
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
  let base: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
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
    base = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api/techdocs`;
    stop = () => backend.stop();
  });

  afterAll(() => stop?.());

  const invoke = async (input: unknown) => {
    const res = await fetch(
      `${base}/.backstage/actions/v1/actions/techdocs:get-techdocs-page/invoke`,
      {
        method: 'POST',
        headers: {
          authorization: mockCredentials.user.header('user:default/alice'),
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
      },
    );
    return { status: res.status, body: await res.json() };
  };

  it("answers a search result's page with its text and sections", async () => {
    const { status, body } = await invoke({
      location: '/docs/default/component/order-service/ops/runbook/',
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({
      entityRef: 'component:default/order-service',
      title: 'Runbook',
      url: `${APP_BASE_URL}/docs/default/component/order-service/ops/runbook/`,
      text: 'Runbook What to do when orders fail. Rollback Roll back with argocd app rollback order-service.',
      sections: [
        {
          title: 'Runbook',
          url: `${APP_BASE_URL}/docs/default/component/order-service/ops/runbook/#runbook`,
          text: 'What to do when orders fail.',
        },
        {
          title: 'Rollback',
          url: `${APP_BASE_URL}/docs/default/component/order-service/ops/runbook/#rollback`,
          text: 'Roll back with argocd app rollback order-service.',
        },
      ],
    });
  });

  it("takes the page's URL, and the site's address as its home page", async () => {
    const byUrl = await invoke({
      location: `${APP_BASE_URL}/docs/default/component/order-service/ops/runbook#rollback`,
    });
    expect(byUrl.body.output.title).toBe('Runbook');
    const home = await invoke({
      location: '/docs/default/component/order-service',
    });
    expect(home.body.output).toMatchObject({
      title: 'Order Service',
      url: `${APP_BASE_URL}/docs/default/component/order-service/`,
      text: 'Order Service The Order Service takes orders.',
      sections: [],
    });
  });

  it('says what is missing: a page, a site, an entity', async () => {
    const cases: [string, RegExp][] = [
      [
        '/docs/default/component/order-service/ops/alerting/',
        /^No page ops\/alerting\/ in the docs of component:default\/order-service; its pages: \(home\), ops\/runbook\/$/,
      ],
      [
        '/docs/default/component/cart-service/',
        /^The docs of component:default\/cart-service have not been built or published yet: opening https:\/\/portal\.example\.com\/docs\/default\/component\/cart-service\/ in the portal/,
      ],
      [
        '/docs/default/component/nope/',
        /^No component:default\/nope in the catalog$/,
      ],
    ];
    for (const [location, message] of cases) {
      const res = await invoke({ location });
      expect({ location, status: res.status }).toEqual({
        location,
        status: 404,
      });
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('says what is wrong with bad input', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /location.*Required/s],
      [
        { location: '/catalog/default/component/order-service' },
        /must be a docs page: \/docs\/<namespace>\/<kind>\/<name>\/<page path>/,
      ],
      [{ location: 'x', page: 2 }, /Unrecognized key\(s\) in object: 'page'/],
    ];
    for (const [input, message] of cases) {
      const res = await invoke(input);
      expect({ input, status: res.status }).toEqual({ input, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
  });
});
