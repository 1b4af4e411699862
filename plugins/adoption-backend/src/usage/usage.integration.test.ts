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

/*
 * The usage routes in a test backend, on PostgreSQL and SQLite, over
 * events written to adoption_events as the events feature writes them:
 * exact figures, the CSV of each table, the platform team only, the query
 * parameters' bounds.
 */

jest.setTimeout(120_000);

const databases = adoptionTestDatabases();

const DAY = 24 * 60 * 60 * 1000;
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
