import type { Entity } from '@backstage/catalog-model';
import {
  OUTSIDER,
  entity,
  poll,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from '../__testUtils__/scorecardTestBackend';

/*
 * Campaigns over HTTP, on PostgreSQL and SQLite: one of the config and one
 * created through the API, their progress by team and entity, the entity
 * card's line, the burn-down after full evaluations, an archive with its
 * figures frozen; who may manage them; input errors, conflicts, unknown ids.
 *
 * The checks are the test backend's BASIC_CHECKS (has-owner,
 * pagerduty-service, techdocs), which apply to every scored entity.
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const PAGERDUTY = { 'pagerduty.com/service-id': 'PXXXXX' };
const TECHDOCS = { 'backstage.io/techdocs-ref': 'dir:.' };
const ORDERS = 'group:default/order-squad';
const PAYMENTS = 'group:default/payments-squad';
const DAY_MS = 24 * 3600 * 1000;

/** the config campaign: on-call and docs for every service */
const ON_CALL = {
  id: 'on-call',
  title: 'On-call ready',
  description: 'Every service is paged and documented.',
  checks: ['pagerduty-service', 'techdocs'],
  scope: { kind: ['Component'], type: ['service'] },
  startDate: '2026-01-01',
  targetDate: '2099-12-31',
  reminderDays: 30,
};

/** the API campaign: docs for everything the order squad owns */
const DOCS = {
  id: 'docs',
  title: 'Docs everywhere',
  checks: ['techdocs'],
  scope: { owner: ['group:order-squad'] },
  startDate: '2026-01-01',
  targetDate: '2099-12-31',
};

describe.each(databases.eachSupportedId())('campaigns on %s', databaseId => {
  let backend: ScorecardTestBackend;

  beforeAll(async () => {
    backend = await startScorecardTestBackend({
      databases,
      databaseId,
      entities: [
        // done: both checks pass
        entity(
          'Component',
          'order-service',
          { type: 'service', owner: 'group:order-squad' },
          { annotations: { ...PAGERDUTY, ...TECHDOCS } },
        ),
        // techdocs left
        entity(
          'Component',
          'order-worker',
          { type: 'service', owner: 'group:order-squad' },
          { annotations: PAGERDUTY },
        ),
        // both left
        entity('Component', 'payment-service', {
          type: 'service',
          owner: 'payments-squad',
        }),
        // not a service: in the docs campaign only
        entity(
          'Component',
          'order-site',
          { type: 'website', owner: 'group:order-squad' },
          { annotations: TECHDOCS },
        ),
        entity('System', 'orders', { owner: 'group:order-squad' }),
      ],
      scorecard: { campaigns: [ON_CALL] },
    });
  });

  afterAll(() => backend?.stop());

  const send = (method: string, path: string, body?: unknown, as?: string) =>
    backend.json(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      as,
    });

  /**
   * Changes an entity of the in-memory catalog (a new etag) and waits until
   * change detection has stored its new score, so that the full evaluation
   * started next finds it unchanged (a change detection run within a full
   * run would store the entity outside that run).
   */
  const changeEntity = async (
    ref: string,
    annotations: object,
    score: { passed: number; total: number },
  ) => {
    const [e] = (await backend.catalog.getEntitiesByRefs({ entityRefs: [ref] }))
      .items as Entity[];
    e.metadata.annotations = { ...annotations } as Record<string, string>;
    e.metadata.etag = `${e.metadata.etag}-changed`;
    const stored = await poll(
      () => backend.json('/v1/entities'),
      r =>
        r.body.items.some(
          (i: any) =>
            i.entityRef === ref &&
            i.passed === score.passed &&
            i.total === score.total,
        ),
    );
    expect(
      stored.body.items.find((i: any) => i.entityRef === ref),
    ).toMatchObject(score);
  };

  /** starts a full evaluation and waits for the campaign's next point */
  const fullEvaluation = async (campaignId: string, points: number) => {
    const started = await send('POST', '/v1/evaluate', {});
    expect(started.status).toBe(202);
    return poll(
      () => backend.json(`/v1/campaigns/${campaignId}`),
      r => r.body.burndown.length >= points,
    );
  };

  it('answers the config campaign with its progress by team and entity, and its burn-down after the startup evaluation', async () => {
    const detail = await poll(
      () => backend.json('/v1/campaigns/on-call'),
      r => r.body.burndown?.length === 1,
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual({
      ...ON_CALL,
      scope: { kind: ['component'], type: ['service'] },
      source: 'config',
      status: 'active',
      progress: { entities: 3, done: 1 },
      teams: [
        { owner: ORDERS, entities: 2, done: 1 },
        { owner: PAYMENTS, entities: 1, done: 0 },
      ],
      entities: [
        {
          entityRef: 'component:default/order-worker',
          owner: ORDERS,
          done: false,
          remaining: ['techdocs'],
        },
        {
          entityRef: 'component:default/payment-service',
          owner: PAYMENTS,
          done: false,
          remaining: ['pagerduty-service', 'techdocs'],
        },
        {
          entityRef: 'component:default/order-service',
          owner: ORDERS,
          done: true,
          remaining: [],
        },
      ],
      burndown: [{ timestamp: expect.any(String), entities: 3, remaining: 2 }],
    });
  });

  it('lets the platform team create, change and delete API campaigns; others get 403', async () => {
    const denied = await send('POST', '/v1/campaigns', DOCS, OUTSIDER);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Not allowed: scorecard.campaign.manage',
    );

    const created = await send('POST', '/v1/campaigns', DOCS);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...DOCS,
      description: '',
      scope: { owner: [ORDERS] },
      reminderDays: 14,
      source: 'api',
      status: 'active',
      // order-service and order-site have TechDocs; order-worker and the
      // orders System do not
      progress: { entities: 4, done: 2 },
    });
    const again = await send('POST', '/v1/campaigns', DOCS);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'A campaign docs exists; change it with PUT /v1/campaigns/docs',
    );

    const detail = await backend.json('/v1/campaigns/docs');
    expect(detail.body.teams).toEqual([
      { owner: ORDERS, entities: 4, done: 2 },
    ]);
    expect(
      detail.body.entities.map((e: any) => [e.entityRef, e.remaining]),
    ).toEqual([
      ['component:default/order-worker', ['techdocs']],
      ['system:default/orders', ['techdocs']],
      ['component:default/order-service', []],
      ['component:default/order-site', []],
    ]);

    const list = await backend.json('/v1/campaigns');
    expect(
      list.body.items.map((c: any) => [c.id, c.source, c.status, c.progress]),
    ).toEqual([
      ['docs', 'api', 'active', { entities: 4, done: 2 }],
      ['on-call', 'config', 'active', { entities: 3, done: 1 }],
    ]);

    const { id: _id, ...docs } = DOCS;
    const narrowed = { ...docs, scope: { kind: ['Component'] } };
    expect(
      (await send('PUT', '/v1/campaigns/docs', narrowed, OUTSIDER)).status,
    ).toBe(403);
    const changed = await send('PUT', '/v1/campaigns/docs', narrowed);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      scope: { kind: ['component'] },
      // the orders System is out; order-service and order-site are done
      progress: { entities: 4, done: 2 },
    });

    expect(
      (await send('DELETE', '/v1/campaigns/docs', undefined, OUTSIDER)).status,
    ).toBe(403);
    expect(
      (await backend.api('/v1/campaigns/docs', { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await backend.json('/v1/campaigns/docs')).status).toBe(404);
  });

  it('keeps config campaigns read-only through the API', async () => {
    const { id: _id, ...onCall } = ON_CALL;
    const put = await send('PUT', '/v1/campaigns/on-call', onCall);
    expect(put.status).toBe(409);
    expect(put.body.error.message).toBe(
      'Campaign on-call is defined in app-config.yaml (scorecard.campaigns): change it there, in Git',
    );
    expect((await send('DELETE', '/v1/campaigns/on-call')).status).toBe(409);
    expect((await send('POST', '/v1/campaigns', ON_CALL)).status).toBe(409);
  });

  it.each([
    [
      'an unknown check',
      { ...DOCS, checks: ['techdocs', 'sbom'] },
      'Invalid campaign: checks.1: unknown check "sbom"; configured checks: has-owner, pagerduty-service, techdocs',
    ],
    [
      'a target date before the start',
      { ...DOCS, startDate: '2027-06-01', targetDate: '2027-05-31' },
      'Invalid campaign: targetDate: must not be before startDate (2027-06-01)',
    ],
    [
      'a bad id',
      { ...DOCS, id: 'Docs!' },
      'Invalid campaign: id: lowercase letters, digits and hyphens',
    ],
    [
      'a scope owner that is not a group',
      { ...DOCS, scope: { owner: ['order-squad'] } },
      'Invalid campaign: scope.owner.0: must be a group or user reference (group:default/payments)',
    ],
    [
      'an unknown field',
      { ...DOCS, team: 'order-squad' },
      'Invalid campaign: Unrecognized key: "team"',
    ],
  ])('answers 400 naming the field for %s', async (_what, body, message) => {
    const res = await send('POST', '/v1/campaigns', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('answers 400 for a bad id in the path and 404 for an unknown one', async () => {
    const bad = await backend.json('/v1/campaigns/Not_An_Id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid campaign: id: lowercase letters, digits and hyphens',
    );
    const unknown = await backend.json('/v1/campaigns/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No campaign nope');
    const { id: _id, ...docs } = DOCS;
    expect((await send('PUT', '/v1/campaigns/nope', docs)).status).toBe(404);
    expect((await send('DELETE', '/v1/campaigns/nope')).status).toBe(404);
  });

  it("answers an entity's campaigns for its card", async () => {
    const res = await backend.json(
      '/v1/entities/component/default/payment-service/campaigns',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: 'on-call',
          title: 'On-call ready',
          targetDate: '2099-12-31',
          status: 'active',
          checks: 2,
          passed: 0,
          done: false,
        },
      ],
    });
    const site = await backend.json(
      '/v1/entities/component/default/order-site/campaigns',
    );
    expect(site.body).toEqual({ items: [] });
  });

  it('adds a burn-down point when a full evaluation changes the figures', async () => {
    const before = await poll(
      () => backend.json('/v1/campaigns/on-call'),
      r => r.body.burndown?.length >= 1,
    );
    expect(before.body.burndown).toHaveLength(1);
    await changeEntity(
      'component:default/order-worker',
      { ...PAGERDUTY, ...TECHDOCS },
      { passed: 3, total: 3 },
    );
    const after = await fullEvaluation('on-call', 2);
    expect(after.body.progress).toEqual({ entities: 3, done: 2 });
    expect(
      after.body.burndown.map((p: any) => [p.entities, p.remaining]),
    ).toEqual([
      [3, 2],
      [3, 1],
    ]);
    expect(Date.parse(after.body.burndown[1].timestamp)).toBeGreaterThan(
      Date.parse(after.body.burndown[0].timestamp),
    );
  });

  it('archives a campaign once its target date has passed, its figures frozen', async () => {
    const created = await send('POST', '/v1/campaigns', {
      ...DOCS,
      id: 'payments-docs',
      scope: { owner: [PAYMENTS] },
    });
    expect(created.body.progress).toEqual({ entities: 1, done: 0 });

    // the platform team moves the target date to yesterday
    const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    const { id: _id, ...docs } = DOCS;
    const archived = await send('PUT', '/v1/campaigns/payments-docs', {
      ...docs,
      scope: { owner: [PAYMENTS] },
      targetDate: yesterday,
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({
      status: 'archived',
      archivedAt: expect.any(String),
      progress: { entities: 1, done: 0 },
    });
    const frozen = await backend.json('/v1/campaigns/payments-docs');
    expect(frozen.body).toMatchObject({
      status: 'archived',
      progress: { entities: 1, done: 0 },
      teams: [{ owner: PAYMENTS, entities: 1, done: 0 }],
      entities: [
        {
          entityRef: 'component:default/payment-service',
          done: false,
          remaining: ['techdocs'],
        },
      ],
      // the archive's point
      burndown: [
        {
          timestamp: archived.body.archivedAt,
          entities: 1,
          remaining: 1,
        },
      ],
    });

    // the payment service gets its docs (and PagerDuty): after the next full
    // evaluation on-call moves, the archived figures do not
    await changeEntity(
      'component:default/payment-service',
      { ...PAGERDUTY, ...TECHDOCS },
      { passed: 3, total: 3 },
    );
    const onCall = await fullEvaluation('on-call', 3);
    expect(onCall.body.progress).toEqual({ entities: 3, done: 3 });
    expect(await backend.json('/v1/campaigns/payments-docs')).toEqual(frozen);
    // and it is not on the entity's card any more
    const card = await backend.json(
      '/v1/entities/component/default/payment-service/campaigns',
    );
    expect(card.body.items.map((c: any) => c.id)).toEqual(['on-call']);
  });
});
