import { mockCredentials } from '@backstage/backend-test-utils';
import crypto from 'node:crypto';
import {
  PLATFORM,
  TEST_PSEUDONYMISATION_SECRET,
  USER,
  adoptionTestDatabases,
  startAdoptionTestBackend,
  type AdoptionTestBackend,
} from '../__testUtils__/adoptionTestBackend';
import { toDate } from '../database/migrate';
import { DAY_MS as DAY } from '../service/time';
import { RETENTION_TASK_ID } from '.';

/*
 * The events feature in a test backend, on PostgreSQL and SQLite: what the
 * analytics implementation posts is stored under a keyed hash of the user
 * and nothing else about them, the retention task deletes what is older
 * than adoption.retention.days, and a user who opts out has their events
 * deleted and no new ones stored, whatever the secret becomes.
 */

jest.setTimeout(120_000);

const databases = adoptionTestDatabases();

const ALICE = 'user:default/alice';
const BOB = mockCredentials.user.header('user:default/bob');

/** the hash as the issue defines it, computed here independently */
const hmac = (secret: string, userRef: string) =>
  crypto.createHmac('sha256', secret).update(userRef).digest('hex');

const navigate = (occurredAt: Date, extra: object = {}) => ({
  occurredAt: occurredAt.toISOString(),
  action: 'navigate',
  subject: '/catalog/default/component/order-service',
  pluginId: 'catalog',
  extensionId: 'page:catalog/entity',
  routePath: '/catalog/:namespace/:kind/:name',
  entityRef: 'component:default/order-service',
  ...extra,
});

describe.each(databases.eachSupportedId())('events on %s', databaseId => {
  let backend: AdoptionTestBackend;
  const post = (events: unknown[], as = USER) =>
    backend.json('/v1/events', {
      method: 'POST',
      body: JSON.stringify({ events }),
      as,
    });
  const setOptOut = (optedOut: boolean, as = USER) =>
    backend.json('/v1/opt-out', {
      method: 'PUT',
      body: JSON.stringify({ optedOut }),
      as,
    });
  const rows = async (table: string) =>
    backend
      .knex(table)
      .select()
      .orderBy(table === 'adoption_events' ? 'id' : 'user_ref');

  beforeAll(async () => {
    if (!databases.supports('POSTGRES_15')) {
      throw new Error('PostgreSQL is required (make test starts it)');
    }
    backend = await startAdoptionTestBackend({
      databases,
      databaseId,
      adoption: {
        retention: {
          days: 30,
          schedule: { frequency: { hours: 2 }, timeout: { minutes: 5 } },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(async () => {
    await backend.knex('adoption_events').delete();
    await backend.knex('adoption_opt_outs').delete();
  });

  it('stores a batch of events, the user as a keyed hash', async () => {
    const at = new Date(Date.now() - 60_000);
    const res = await post([
      navigate(at),
      {
        occurredAt: at.toISOString(),
        action: 'search',
        subject: '  Payment   GATEWAY ',
        pluginId: 'search',
        searchResultCount: 0,
      },
      {
        occurredAt: at.toISOString(),
        action: 'click',
        subject: 'order-service',
        pluginId: 'catalog',
        target: '/catalog/default/component/order-service',
        entityRef: 'Component:default/Order-Service',
      },
      {
        occurredAt: at.toISOString(),
        action: 'create',
        subject: 'template:default/golden-path',
        pluginId: 'scaffolder',
        entityRef: 'template:default/golden-path',
      },
    ]);
    expect(res).toEqual({ status: 202, body: { stored: 4 } });

    const stored = await rows('adoption_events');
    const hash = hmac(TEST_PSEUDONYMISATION_SECRET, ALICE);
    expect(
      stored.map(r => ({
        ...r,
        id: undefined,
        occurred_at: toDate(r.occurred_at),
      })),
    ).toEqual([
      {
        id: undefined,
        occurred_at: at,
        user_hash: hash,
        action: 'navigate',
        subject: '/catalog/default/component/order-service',
        plugin_id: 'catalog',
        extension_id: 'page:catalog/entity',
        route_path: '/catalog/:namespace/:kind/:name',
        entity_ref: 'component:default/order-service',
        search_result_count: null,
        target: null,
      },
      {
        id: undefined,
        occurred_at: at,
        user_hash: hash,
        action: 'search',
        subject: 'payment gateway',
        plugin_id: 'search',
        extension_id: null,
        route_path: null,
        entity_ref: null,
        search_result_count: 0,
        target: null,
      },
      {
        id: undefined,
        occurred_at: at,
        user_hash: hash,
        action: 'click',
        subject: 'order-service',
        plugin_id: 'catalog',
        extension_id: null,
        route_path: null,
        entity_ref: 'component:default/order-service',
        search_result_count: null,
        target: '/catalog/default/component/order-service',
      },
      {
        id: undefined,
        occurred_at: at,
        user_hash: hash,
        action: 'create',
        subject: 'template:default/golden-path',
        plugin_id: 'scaffolder',
        extension_id: null,
        route_path: null,
        entity_ref: 'template:default/golden-path',
        search_result_count: null,
        target: null,
      },
    ]);
  });

  it('keeps no user ref with the events; the opt-outs keep only the refs of those who opted out', async () => {
    const now = new Date();
    expect((await post([navigate(now)])).status).toBe(202);
    expect((await post([navigate(now)], BOB)).status).toBe(202);
    expect((await setOptOut(true, BOB)).status).toBe(200);
    const events = await rows('adoption_events');
    expect(events).toHaveLength(1); // alice's
    const values = events.flatMap(r => Object.values(r).map(String));
    for (const name of ['alice', 'bob', 'user:default']) {
      expect(values.filter(v => v.toLowerCase().includes(name))).toEqual([]);
    }
    expect(events.map(r => r.user_hash)).toEqual([
      hmac(TEST_PSEUDONYMISATION_SECRET, ALICE),
    ]);
    expect(
      (await rows('adoption_opt_outs')).map(r => Object.keys(r).sort()),
    ).toEqual([['opted_out_at', 'user_ref']]);
    expect((await rows('adoption_opt_outs')).map(r => r.user_ref)).toEqual([
      'user:default/bob',
    ]);
  });

  it('keeps an opt-out when the secret changes', async () => {
    expect((await setOptOut(true, BOB)).status).toBe(200);
    const secret = 'a-rotated-pseudonymisation-secret-0123456789';
    const rotated = await startAdoptionTestBackend({
      databases,
      databaseId,
      knex: backend.knex,
      adoption: { pseudonymisation: { secret } },
    });
    try {
      expect(await rotated.json('/v1/opt-out', { as: BOB })).toEqual({
        status: 200,
        body: { optedOut: true },
      });
      const send = (as: string) =>
        rotated.json('/v1/events', {
          method: 'POST',
          body: JSON.stringify({ events: [navigate(new Date())] }),
          as,
        });
      expect(await send(BOB)).toEqual({ status: 202, body: { stored: 0 } });
      expect(await send(USER)).toEqual({ status: 202, body: { stored: 1 } });
    } finally {
      await rotated.stop();
    }
    expect((await rows('adoption_events')).map(r => r.user_hash)).toEqual([
      hmac(secret, ALICE),
    ]);
  });

  it('gives the same user the same id, and different users different ids', async () => {
    const now = new Date();
    await post([navigate(now)]);
    await post([navigate(now), navigate(now)]);
    await post([navigate(now)], BOB);
    const hashes = (await rows('adoption_events')).map(r => r.user_hash);
    const alice = hmac(TEST_PSEUDONYMISATION_SECRET, ALICE);
    const bob = hmac(TEST_PSEUDONYMISATION_SECRET, 'user:default/bob');
    expect(alice).not.toBe(bob);
    expect(hashes).toEqual([alice, alice, alice, bob]);
  });

  it('gives the same user another id under another secret', async () => {
    const secret = 'another-pseudonymisation-secret-9876543210';
    const other = await startAdoptionTestBackend({
      databases,
      databaseId,
      knex: backend.knex,
      adoption: { pseudonymisation: { secret } },
    });
    try {
      await post([navigate(new Date())]);
      const res = await other.json('/v1/events', {
        method: 'POST',
        body: JSON.stringify({ events: [navigate(new Date())] }),
      });
      expect(res.status).toBe(202);
    } finally {
      await other.stop();
    }
    const hashes = (await rows('adoption_events')).map(r => r.user_hash);
    expect(hashes).toEqual([
      hmac(TEST_PSEUDONYMISATION_SECRET, ALICE),
      hmac(secret, ALICE),
    ]);
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it('does not start without a usable secret', async () => {
    await expect(
      startAdoptionTestBackend({
        databases,
        databaseId,
        knex: backend.knex,
        adoption: { pseudonymisation: { secret: 'too-short' } },
      }),
    ).rejects.toThrow(
      'adoption.pseudonymisation.secret is not usable: it is shorter than 32 characters',
    );
  });

  it('dates events when they occurred, within the last 24 hours', async () => {
    const before = Date.now();
    await post([
      navigate(new Date(before - 3 * DAY)),
      navigate(new Date(before + DAY)),
    ]);
    const after = Date.now();
    const [old, future] = (await rows('adoption_events')).map(r =>
      toDate(r.occurred_at).getTime(),
    );
    expect(old).toBeGreaterThanOrEqual(before - DAY);
    expect(old).toBeLessThanOrEqual(after - DAY);
    expect(future).toBeGreaterThanOrEqual(before);
    expect(future).toBeLessThanOrEqual(after);
  });

  it('deletes events older than adoption.retention.days on schedule', async () => {
    expect(backend.tasks.get(RETENTION_TASK_ID)).toMatchObject({
      scope: 'global',
      frequency: { hours: 2 },
      timeout: { minutes: 5 },
    });
    const hash = hmac(TEST_PSEUDONYMISATION_SECRET, ALICE);
    const event = (daysAgo: number) => ({
      occurred_at: new Date(Date.now() - daysAgo * DAY),
      user_hash: hash,
      action: 'navigate',
      subject: `/${daysAgo}-days-ago`,
    });
    await backend
      .knex('adoption_events')
      .insert([event(31), event(30.01), event(29.9), event(1)]);
    await backend.runTask(RETENTION_TASK_ID);
    expect((await rows('adoption_events')).map(r => r.subject)).toEqual([
      '/29.9-days-ago',
      '/1-days-ago',
    ]);
  });

  it('deletes the events of a user who opts out, and stores none after', async () => {
    const now = new Date();
    expect(await backend.json('/v1/opt-out')).toEqual({
      status: 200,
      body: { optedOut: false },
    });
    await post([navigate(now), navigate(now)]);
    await post([navigate(now)], BOB);

    expect(await setOptOut(true)).toEqual({
      status: 200,
      body: { optedOut: true },
    });
    expect(await backend.json('/v1/opt-out')).toEqual({
      status: 200,
      body: { optedOut: true },
    });
    const bob = hmac(TEST_PSEUDONYMISATION_SECRET, 'user:default/bob');
    expect((await rows('adoption_events')).map(r => r.user_hash)).toEqual([
      bob,
    ]);

    // dropped on arrival
    expect(await post([navigate(now)])).toEqual({
      status: 202,
      body: { stored: 0 },
    });
    expect((await rows('adoption_events')).map(r => r.user_hash)).toEqual([
      bob,
    ]);

    // one stored while the opt-out was under way goes with the next run
    const alice = hmac(TEST_PSEUDONYMISATION_SECRET, ALICE);
    await backend.knex('adoption_events').insert({
      occurred_at: now,
      user_hash: alice,
      action: 'navigate',
      subject: '/',
    });
    await backend.runTask(RETENTION_TASK_ID);
    expect((await rows('adoption_events')).map(r => r.user_hash)).toEqual([
      bob,
    ]);

    // opting out twice is the same; opting in again collects again
    expect((await setOptOut(true)).status).toBe(200);
    expect(await setOptOut(false)).toEqual({
      status: 200,
      body: { optedOut: false },
    });
    expect(await post([navigate(now)])).toEqual({
      status: 202,
      body: { stored: 1 },
    });
  });

  it.each([
    [
      'no events',
      {},
      'Invalid request body: events: Invalid input: expected array, received undefined',
    ],
    [
      'no event',
      { events: [] },
      'Invalid request body: events: Too small: expected array to have >=1 items',
    ],
    [
      '101 events',
      { events: Array.from({ length: 101 }, () => navigate(new Date())) },
      'Invalid request body: events: Too big: expected array to have <=100 items',
    ],
    [
      'an unknown action',
      { events: [navigate(new Date(), { action: 'hover' })] },
      'Invalid request body: events.0.action: Invalid option: expected one of "navigate"|"search"|"click"|"create"',
    ],
    [
      'a date that is not ISO 8601',
      { events: [navigate(new Date(), { occurredAt: 'yesterday' })] },
      'Invalid request body: events.0.occurredAt: Invalid ISO datetime',
    ],
    [
      'a subject too long',
      { events: [navigate(new Date(), { subject: 'x'.repeat(513) })] },
      'Invalid request body: events.0.subject: Too big: expected string to have <=512 characters',
    ],
    [
      'a blank subject',
      { events: [navigate(new Date(), { subject: '  ' })] },
      'Invalid request body: events.0.subject: Too small: expected string to have >=1 characters',
    ],
    [
      'a control character',
      { events: [navigate(new Date(), { target: 'a\u0000b' })] },
      'Invalid request body: events.0.target: must not contain control characters',
    ],
    [
      'an entity ref without kind',
      { events: [navigate(new Date(), { entityRef: 'order-service' })] },
      'Invalid request body: events.0.entityRef: not an entity reference (kind:namespace/name)',
    ],
    [
      'a route path without /',
      { events: [navigate(new Date(), { routePath: 'catalog' })] },
      'Invalid request body: events.0.routePath: must start with /',
    ],
    [
      'a negative result count',
      { events: [navigate(new Date(), { searchResultCount: -1 })] },
      'Invalid request body: events.0.searchResultCount: Too small: expected number to be >=0',
    ],
    [
      'a user in the body',
      { events: [navigate(new Date(), { user: 'user:default/mallory' })] },
      'Invalid request body: events.0: Unrecognized key: "user"',
    ],
  ])('answers 400 naming the field for %s', async (_, body, message) => {
    const res = await backend.json('/v1/events', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ name: 'InputError', message });
    expect(await rows('adoption_events')).toEqual([]);
  });

  it('stores the valid events of a batch and says which others it refused', async () => {
    const now = new Date();
    const res = await post([
      navigate(now),
      navigate(now, { action: 'hover' }),
      navigate(now, { subject: '/docs' }),
      navigate(now, { user: 'user:default/mallory' }),
    ]);
    expect(res).toEqual({
      status: 202,
      body: {
        stored: 2,
        rejected: [
          {
            index: 1,
            message:
              'Invalid request body: events.1.action: Invalid option: expected one of "navigate"|"search"|"click"|"create"',
          },
          {
            index: 3,
            message: 'Invalid request body: events.3: Unrecognized key: "user"',
          },
        ],
      },
    });
    expect((await rows('adoption_events')).map(r => r.subject)).toEqual([
      '/catalog/default/component/order-service',
      '/docs',
    ]);
  });

  it('answers 400 for a bad opt-out body', async () => {
    const res = await backend.json('/v1/opt-out', {
      method: 'PUT',
      body: JSON.stringify({ optedOut: 'yes' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid request body: optedOut: Invalid input: expected boolean, received string',
    );
  });

  it('takes events from users only', async () => {
    const body = JSON.stringify({ events: [navigate(new Date())] });
    const asService = await backend.api('/v1/events', {
      method: 'POST',
      body,
      as: mockCredentials.service.header(),
    });
    expect(asService.status).toBe(403);
    const anonymous = await backend.api('/v1/events', {
      method: 'POST',
      body,
      as: mockCredentials.none.header(),
    });
    expect(anonymous.status).toBe(401);
    // the platform team's events count like anyone's
    expect(
      await backend.json('/v1/events', { method: 'POST', body, as: PLATFORM }),
    ).toEqual({ status: 202, body: { stored: 1 } });
    expect(await rows('adoption_events')).toHaveLength(1);
  });
});
