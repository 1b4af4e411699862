import type { Entity } from '@backstage/catalog-model';
import crypto from 'node:crypto';
import {
  PLATFORM,
  TEST_PSEUDONYMISATION_SECRET,
  USER,
  adoptionTestDatabases,
  startAdoptionTestBackend,
  type AdoptionTestBackend,
} from '../__testUtils__/adoptionTestBackend';
import { DAY_MS as DAY } from '../service/time';

/*
 * The usage routes in a test backend, on PostgreSQL and SQLite, over
 * events written to adoption_events as the events feature writes them:
 * exact figures, the CSV of each table, the platform team only, the query
 * parameters' bounds.
 */

jest.setTimeout(120_000);

const databases = adoptionTestDatabases();

const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY);
const hash = (user: string) =>
  crypto
    .createHmac('sha256', TEST_PSEUDONYMISATION_SECRET)
    .update(`user:default/${user}`)
    .digest('hex');

/** the Monday 00:00 UTC `weeksBack` weeks before this week's */
function monday(weeksBack: number): Date {
  const d = new Date(NOW);
  d.setUTCHours(0, 0, 0, 0);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() - 1);
  d.setUTCDate(d.getUTCDate() - 7 * weeksBack);
  return d;
}

const view = (
  user: string,
  at: Date,
  pluginId: string,
  routePath: string,
  entityRef: string | null = null,
) => ({
  occurred_at: at,
  user_hash: hash(user),
  action: 'navigate',
  subject: routePath,
  plugin_id: pluginId,
  route_path: routePath,
  entity_ref: entityRef,
});

const search = (user: string, at: Date, term: string, results: number) => ({
  occurred_at: at,
  user_hash: hash(user),
  action: 'search',
  subject: term,
  plugin_id: 'search',
  search_result_count: results,
});

const ENTITY_PAGE = '/catalog/:namespace/:kind/:name';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe.each(databases.eachSupportedId())('usage on %s', databaseId => {
  let backend: AdoptionTestBackend;
  const get = (path: string, as = PLATFORM) => backend.json(path, { as });

  beforeAll(async () => {
    if (!databases.supports('POSTGRES_15')) {
      throw new Error('PostgreSQL is required (make test starts it)');
    }
    backend = await startAdoptionTestBackend({
      databases,
      databaseId,
      entities: [
        entity('Component', 'order-service'),
        entity('Component', 'payment-service'),
        entity('Component', 'legacy-billing'),
        entity('API', 'orders-api'),
        entity('Location', 'somewhere'),
      ],
    });
    const orders = 'component:default/order-service';
    const payments = 'component:default/payment-service';
    await backend.knex('adoption_events').insert([
      // two weeks back: alice
      view('alice', new Date(monday(2).getTime() + DAY), 'catalog', '/catalog'),
      // last week: alice twice, bob
      view('alice', new Date(monday(1).getTime() + DAY), 'catalog', '/catalog'),
      view(
        'alice',
        new Date(monday(1).getTime() + 2 * DAY),
        'techdocs',
        '/docs',
      ),
      view(
        'bob',
        new Date(monday(1).getTime() + 3 * DAY),
        'catalog',
        '/catalog',
      ),
      // this week (the first minute of it)
      search('carol', new Date(monday(0).getTime() + 60_000), 'kafka', 0),
      // the last days
      view('alice', ago(1), 'catalog', ENTITY_PAGE, orders),
      view('bob', ago(1), 'catalog', ENTITY_PAGE, orders),
      view('bob', ago(2), 'catalog', ENTITY_PAGE, orders),
      view('carol', ago(3), 'catalog', ENTITY_PAGE, payments),
      view('carol', ago(3), 'root', '/'),
      view(
        'alice',
        ago(4),
        'api-docs',
        '/api-docs/:namespace/:kind/:name',
        'api:default/orders-api',
      ),
      search('alice', ago(1), 'payment gateway', 0),
      search('bob', ago(2), 'payment gateway', 0),
      search('bob', ago(2.5), 'payment gateway', 0),
      search('alice', ago(1), 'order-service', 3),
      search('carol', ago(5), 'kafka', 0),
      // outside the default 30 days
      view(
        'dave',
        ago(40),
        'catalog',
        ENTITY_PAGE,
        'component:default/legacy-billing',
      ),
      search('dave', ago(40), 'legacy', 0),
    ]);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('counts weekly active users, oldest week first', async () => {
    const res = await get('/v1/usage/weekly-active-users?weeks=4');
    expect(res.status).toBe(200);
    const thisWeek = (NOW - monday(0).getTime()) / DAY; // days into it
    // the entity views and searches of the last 5 days fall in this week
    // or the last one depending on the weekday: count them here
    const recent = [
      { user: 'alice', days: 1 },
      { user: 'bob', days: 1 },
      { user: 'bob', days: 2 },
      { user: 'carol', days: 3 },
      { user: 'carol', days: 3 },
      { user: 'alice', days: 4 },
      { user: 'alice', days: 1 },
      { user: 'bob', days: 2 },
      { user: 'bob', days: 2.5 },
      { user: 'alice', days: 1 },
      { user: 'carol', days: 5 },
    ];
    const inThis = recent.filter(e => e.days < thisWeek);
    const inLast = recent.filter(e => e.days >= thisWeek);
    const users = (events: { user: string }[], more: string[]) =>
      new Set([...events.map(e => e.user), ...more]).size;
    expect(res.body.items).toEqual([
      {
        weekStart: monday(3).toISOString().slice(0, 10),
        activeUsers: 0,
        events: 0,
      },
      {
        weekStart: monday(2).toISOString().slice(0, 10),
        activeUsers: 1,
        events: 1,
      },
      {
        weekStart: monday(1).toISOString().slice(0, 10),
        activeUsers: users(inLast, ['alice', 'bob']),
        events: 3 + inLast.length,
      },
      {
        weekStart: monday(0).toISOString().slice(0, 10),
        activeUsers: users(inThis, ['carol']),
        events: 1 + inThis.length,
      },
    ]);
  });

  it('counts views per plugin and per page', async () => {
    // the views of the last weeks (/catalog, /docs) are within 30 days too
    expect((await get('/v1/usage/views/plugins?days=30')).body.items).toEqual([
      { pluginId: 'catalog', views: 7, users: 3 },
      { pluginId: 'api-docs', views: 1, users: 1 },
      { pluginId: 'root', views: 1, users: 1 },
      { pluginId: 'techdocs', views: 1, users: 1 },
    ]);
    expect(
      (await get('/v1/usage/views/plugins?days=30&limit=1')).body.items,
    ).toEqual([{ pluginId: 'catalog', views: 7, users: 3 }]);
    expect((await get('/v1/usage/views/pages')).body.items).toEqual([
      { pluginId: 'catalog', routePath: ENTITY_PAGE, views: 4, users: 3 },
      { pluginId: 'catalog', routePath: '/catalog', views: 3, users: 2 },
      { pluginId: 'root', routePath: '/', views: 1, users: 1 },
      {
        pluginId: 'api-docs',
        routePath: '/api-docs/:namespace/:kind/:name',
        views: 1,
        users: 1,
      },
      { pluginId: 'techdocs', routePath: '/docs', views: 1, users: 1 },
    ]);
    expect(
      (await get('/v1/usage/views/pages?pluginId=root')).body.items,
    ).toEqual([{ pluginId: 'root', routePath: '/', views: 1, users: 1 }]);
    // 4 days: the entity pages' views, no older week's (at least 4 days
    // and a moment ago, whatever the weekday)
    expect(
      (await get('/v1/usage/views/plugins?days=4&limit=1')).body.items,
    ).toEqual([{ pluginId: 'catalog', views: 4, users: 3 }]);
    // 60 days: dave's view of legacy-billing, the older weeks' views
    expect(
      (await get('/v1/usage/views/plugins?days=60')).body.items[0],
    ).toEqual({
      pluginId: 'catalog',
      views: 8,
      users: 4,
    });
  });

  it('lists the searches that found nothing, most searched first', async () => {
    const res = await get('/v1/usage/searches/without-result');
    expect(res.body.items).toEqual([
      {
        term: 'payment gateway',
        searches: 3,
        users: 2,
        lastSearchedAt: ago(1).toISOString(),
      },
      {
        term: 'kafka',
        searches: 2,
        users: 1,
        lastSearchedAt: new Date(monday(0).getTime() + 60_000).toISOString(),
      },
    ]);
  });

  it('lists the most and the least viewed entities', async () => {
    expect((await get('/v1/usage/entities/most-viewed')).body.items).toEqual([
      {
        entityRef: 'component:default/order-service',
        kind: 'component',
        views: 3,
        users: 2,
        lastViewedAt: ago(1).toISOString(),
      },
      {
        entityRef: 'api:default/orders-api',
        kind: 'api',
        views: 1,
        users: 1,
        lastViewedAt: ago(4).toISOString(),
      },
      {
        entityRef: 'component:default/payment-service',
        kind: 'component',
        views: 1,
        users: 1,
        lastViewedAt: ago(3).toISOString(),
      },
    ]);
    expect(
      (await get('/v1/usage/entities/most-viewed?kind=API')).body.items.map(
        (r: any) => r.entityRef,
      ),
    ).toEqual(['api:default/orders-api']);

    // the catalog's entities (no Location), never viewed in 30 days first, then
    // the fewest views, the longest unviewed
    expect((await get('/v1/usage/entities/least-viewed')).body.items).toEqual([
      {
        entityRef: 'component:default/legacy-billing',
        kind: 'component',
        views: 0,
        users: 0,
        lastViewedAt: '',
      },
      {
        entityRef: 'api:default/orders-api',
        kind: 'api',
        views: 1,
        users: 1,
        lastViewedAt: ago(4).toISOString(),
      },
      {
        entityRef: 'component:default/payment-service',
        kind: 'component',
        views: 1,
        users: 1,
        lastViewedAt: ago(3).toISOString(),
      },
      {
        entityRef: 'component:default/order-service',
        kind: 'component',
        views: 3,
        users: 2,
        lastViewedAt: ago(1).toISOString(),
      },
    ]);
    expect(
      (
        await get(
          '/v1/usage/entities/least-viewed?kind=component&limit=2&days=60',
        )
      ).body.items.map((r: any) => [r.entityRef, r.views]),
    ).toEqual([
      ['component:default/legacy-billing', 1],
      ['component:default/payment-service', 1],
    ]);
  });

  it('answers every table as CSV', async () => {
    const res = await backend.api(
      '/v1/usage/searches/without-result?format=csv',
      {
        as: PLATFORM,
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="searches-without-result.csv"',
    );
    expect(await res.text()).toBe(
      [
        'term,searches,users,lastSearchedAt',
        `payment gateway,3,2,${ago(1).toISOString()}`,
        `kafka,2,1,${new Date(monday(0).getTime() + 60_000).toISOString()}`,
      ].join('\r\n'),
    );
    const pages = await backend.api('/v1/usage/views/pages?format=csv', {
      as: PLATFORM,
    });
    expect((await pages.text()).split('\r\n')).toEqual([
      'pluginId,routePath,views,users',
      `catalog,${ENTITY_PAGE},4,3`,
      'catalog,/catalog,3,2',
      'root,/,1,1',
      'api-docs,/api-docs/:namespace/:kind/:name,1,1',
      'techdocs,/docs,1,1',
    ]);
  });

  it.each([
    '/v1/usage/weekly-active-users',
    '/v1/usage/views/plugins',
    '/v1/usage/views/pages',
    '/v1/usage/searches/without-result',
    '/v1/usage/entities/most-viewed',
    '/v1/usage/entities/least-viewed',
    '/v1/usage/entities/least-viewed?format=csv',
  ])('answers 403 to anyone but the platform team for %s', async path => {
    const res = await get(path, USER);
    expect(res).toEqual({
      status: 403,
      body: expect.objectContaining({
        error: {
          name: 'NotAllowedError',
          message: 'Not allowed: adoption.read',
        },
      }),
    });
  });

  it.each([
    [
      '/v1/usage/weekly-active-users?weeks=0',
      'weeks: Too small: expected number to be >=1',
    ],
    [
      '/v1/usage/weekly-active-users?weeks=105',
      'weeks: Too big: expected number to be <=104',
    ],
    [
      '/v1/usage/views/plugins?days=1.5',
      'days: Invalid input: expected int, received number',
    ],
    [
      '/v1/usage/views/plugins?limit=abc',
      'limit: Invalid input: expected number, received NaN',
    ],
    ['/v1/usage/views/pages?day=7', 'Unrecognized key: "day"'],
    ['/v1/usage/entities/most-viewed?kind=a:b', 'kind: must be an entity kind'],
    [
      '/v1/usage/searches/without-result?format=xml',
      'format: Invalid option: expected one of "json"|"csv"',
    ],
  ])('answers 400 naming the parameter for %s', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: `Invalid query: ${message}`,
    });
  });
});

/*
 * A catalog of more entities than the catalog answers in one page, with
 * users: least viewed reads only the entities' refs, every page of them;
 * a user's page is never told apart, neither from the refs that events
 * stored before the analytics left them out nor from the paths they send
 * now.
 */
describe.each(databases.eachSupportedId())(
  'entities of a large catalog, and users, on %s',
  databaseId => {
    let backend: AdoptionTestBackend;
    const get = (path: string) => backend.json(path, { as: PLATFORM });
    const COMPONENTS = 2345;
    const component = (i: number) =>
      `component:default/c-${String(i).padStart(4, '0')}`;
    /** a user's page as the analytics send it: the user left out */
    const userPage = (user: string, at: Date, tab = '') => ({
      ...view(user, at, 'catalog', ENTITY_PAGE),
      subject: `/catalog/:namespace/user/:name${tab}`,
    });

    beforeAll(async () => {
      backend = await startAdoptionTestBackend({
        databases,
        databaseId,
        entities: [
          ...Array.from({ length: COMPONENTS }, (_, i) =>
            entity('Component', `c-${String(i).padStart(4, '0')}`),
          ),
          entity('User', 'alice'),
          entity('User', 'bob'),
          entity('Location', 'somewhere'),
        ],
      });
      await backend.knex('adoption_events').insert([
        // c-0000 and c-0001 viewed, the others never
        view('alice', ago(1), 'catalog', ENTITY_PAGE, component(0)),
        view('alice', ago(2), 'catalog', ENTITY_PAGE, component(0)),
        view('bob', ago(3), 'catalog', ENTITY_PAGE, component(0)),
        view('bob', ago(1), 'catalog', ENTITY_PAGE, component(1)),
        // alice viewing her own profile, stored with her ref (as events
        // were before the analytics left users out), twice
        view('alice', ago(2), 'catalog', ENTITY_PAGE, 'user:default/alice'),
        view('alice', ago(1), 'catalog', ENTITY_PAGE, 'user:default/alice'),
        // bob viewing a profile and one of its tabs, as sent now
        userPage('bob', ago(1.5)),
        userPage('bob', ago(4), '/ownership'),
        // not a user's page
        view('carol', ago(1), 'techdocs', '/docs'),
      ]);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    afterEach(() => jest.restoreAllMocks());

    it('reads only the refs of the catalog, a page at a time, and keeps the answer', async () => {
      const query = jest.spyOn(backend.catalog, 'queryEntities');
      const res = await get('/v1/usage/entities/least-viewed?limit=5');
      expect(res.body.items.map((r: any) => r.entityRef)).toEqual([
        component(2),
        component(3),
        component(4),
        component(5),
        component(6),
      ]);
      // 2,348 entities: three pages, each of the refs' fields only
      expect(query).toHaveBeenCalledTimes(3);
      for (const [request] of query.mock.calls) {
        expect(request).toMatchObject({
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
          limit: 1000,
        });
      }

      // the whole ordering: never viewed by ref, then the fewest views
      const all = await get(
        '/v1/usage/entities/least-viewed?limit=1000&days=30',
      );
      expect(all.body.items).toHaveLength(1000);
      expect(all.body.items[0].entityRef).toBe(component(2));
      expect(all.body.items[999].entityRef).toBe(component(1001));
      const last = await get(
        '/v1/usage/entities/least-viewed?kind=component&limit=1000',
      );
      expect(last.body.items[999].entityRef).toBe(component(1001));
      expect(
        (await get('/v1/usage/entities/least-viewed?limit=1&days=1')).body
          .items,
      ).toEqual([
        {
          entityRef: component(0),
          kind: 'component',
          views: 0,
          users: 0,
          lastViewedAt: '',
        },
      ]);
    });

    it("counts the views of users' pages together, never whose", async () => {
      const users = {
        entityRef: '',
        kind: 'user',
        views: 4,
        users: 2,
        lastViewedAt: ago(1).toISOString(),
      };
      expect((await get('/v1/usage/entities/most-viewed')).body.items).toEqual([
        users,
        {
          entityRef: component(0),
          kind: 'component',
          views: 3,
          users: 2,
          lastViewedAt: ago(1).toISOString(),
        },
        {
          entityRef: component(1),
          kind: 'component',
          views: 1,
          users: 1,
          lastViewedAt: ago(1).toISOString(),
        },
      ]);
      expect(
        (await get('/v1/usage/entities/most-viewed?kind=User')).body.items,
      ).toEqual([users]);
      expect(
        (await get('/v1/usage/entities/most-viewed?kind=component&limit=1'))
          .body.items,
      ).toHaveLength(1);
      // the last 3 days: alice's two views of her own profile, bob's one
      expect(
        (await get('/v1/usage/entities/most-viewed?days=3&limit=1')).body.items,
      ).toEqual([
        {
          ...users,
          views: 3,
          lastViewedAt: ago(1).toISOString(),
        },
      ]);
      const csv = await backend.api(
        '/v1/usage/entities/most-viewed?format=csv',
        { as: PLATFORM },
      );
      const text = await csv.text();
      expect(text.split('\r\n')[1]).toBe(`,user,4,2,${ago(1).toISOString()}`);
      expect(text).not.toMatch(/alice|bob/);
    });

    it('lists no user among the least viewed entities', async () => {
      // alice and bob are in the catalog, bob never viewed
      expect(
        (await get('/v1/usage/entities/least-viewed?kind=user')).body.items,
      ).toEqual([]);
      const res = await get('/v1/usage/entities/least-viewed?limit=1000');
      expect(res.body.items.filter((r: any) => r.kind !== 'component')).toEqual(
        [],
      );
    });
  },
);
