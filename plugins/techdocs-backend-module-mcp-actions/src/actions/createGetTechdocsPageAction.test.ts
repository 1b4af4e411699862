import {
  APP_BASE_URL,
  startTechdocsBackend,
  techdocsTestSite,
} from './__testUtils__/startTechdocsBackend';

/*
 * techdocs:get-techdocs-page through the actions registry's HTTP API (what
 * the MCP server calls) with the real TechDocs backend serving a published
 * site (local publisher) whose search index is MkDocs' own: the page's
 * text, its sections with links; a page or site that is not there and bad
 * input explained.
 */

jest.setTimeout(60_000);

describe('techdocs:get-techdocs-page', () => {
  const site = techdocsTestSite();
  let backend: Awaited<ReturnType<typeof startTechdocsBackend>>;

  beforeAll(async () => {
    backend = await startTechdocsBackend(site);
  });

  afterAll(() => backend?.stop());

  const invoke = (input: unknown) => backend.invoke(input);

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
