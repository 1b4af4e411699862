import {
  BASIC_CHECKS,
  entity,
  poll,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from '../__testUtils__/scorecardTestBackend';
import { startRealAuth, type RealAuth } from './__testUtils__/realAuth';

/*
 * Results pushed from CI over HTTP, on PostgreSQL and SQLite, with the
 * backend's real auth: a static token of backend.auth.externalAccess
 * pushes, a user (a signed user token) is refused. A push is stored and
 * the entity's scorecard shows it at once (the value, the evidence); every
 * bad body is a 400 naming the field and stores nothing; an old result is
 * unknown.
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const CI_TOKEN = 'ci-token-for-scorecard-tests';
const OTHER_PLUGIN_TOKEN = 'ci-token-for-the-catalog-only';
const ORDER_SERVICE = 'component:default/order-service';
const DAY_MS = 24 * 3600 * 1000;

const PUSHED_CHECKS = [
  {
    id: 'test-coverage',
    type: 'pushed-metric',
    title: 'Test coverage',
    dimension: 'Reliability',
    filter: { kind: ['Component'], type: ['service'] },
    params: {
      label: 'coverage',
      unit: '%',
      operator: '>=',
      threshold: 80,
      maxAge: { days: 7 },
    },
  },
  {
    id: 'images-signed',
    type: 'pushed-boolean',
    title: 'Images signed in CI',
    dimension: 'Security',
    filter: { kind: ['Component'] },
  },
];

describe.each(databases.eachSupportedId())(
  'pushed results on %s',
  databaseId => {
    let auth: RealAuth;
    let backend: ScorecardTestBackend;
    let alice: string;

    const push = (body: unknown, as = `Bearer ${CI_TOKEN}`) =>
      backend.json('/v1/results', {
        method: 'POST',
        body: JSON.stringify(body),
        as,
      });
    const scorecard = async () => {
      const { status, body } = await backend.json(
        '/v1/entities/component/default/order-service',
        { as: alice },
      );
      expect(status).toBe(200);
      return body;
    };
    const check = async (id: string) =>
      (await scorecard()).checks.find((c: { id: string }) => c.id === id);
    /** evaluates order-service again: the scorecard shows what is stored */
    const evaluate = async () =>
      expect(
        (
          await backend.json('/v1/evaluate', {
            method: 'POST',
            body: JSON.stringify({ entityRefs: [ORDER_SERVICE] }),
            as: alice,
          })
        ).status,
      ).toBe(200);
    /** what a push of this body is answered: status and error */
    const refusal = async (body: unknown) => {
      const res = await push(body);
      return {
        status: res.status,
        name: res.body.error?.name,
        message: res.body.error?.message,
      };
    };
    const badRequest = (message: string | RegExp) => ({
      status: 400,
      name: 'InputError',
      message:
        typeof message === 'string' ? message : expect.stringMatching(message),
    });

    beforeAll(async () => {
      auth = await startRealAuth();
      alice = auth.userHeader('user:default/alice');
      backend = await startScorecardTestBackend({
        databases,
        databaseId,
        entities: [
          entity('Component', 'order-service', {
            type: 'service',
            owner: 'group:order-squad',
          }),
          entity('Component', 'payment-service', {
            type: 'service',
            owner: 'group:payments-squad',
          }),
          entity('Component', 'marketing-site', {
            type: 'website',
            owner: 'group:order-squad',
          }),
          // leaves the catalog (renamed) in its test
          entity('Component', 'legacy-orders', {
            type: 'service',
            owner: 'group:order-squad',
          }),
          entity('Group', 'order-squad', { type: 'team' }),
        ],
        scorecard: { checks: [...BASIC_CHECKS, ...PUSHED_CHECKS] },
        config: {
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: CI_TOKEN, subject: 'external-ci' },
                  accessRestrictions: [{ plugin: 'scorecard' }],
                },
                {
                  type: 'static',
                  options: { token: OTHER_PLUGIN_TOKEN, subject: 'catalog-ci' },
                  accessRestrictions: [{ plugin: 'catalog' }],
                },
              ],
            },
          },
        },
        features: auth.features,
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await auth?.stop();
    });

    it('is unknown before anything is pushed, saying how to push', async () => {
      expect(await check('test-coverage')).toMatchObject({
        status: 'unknown',
        detail: 'no result pushed yet (POST /api/scorecard/v1/results)',
      });
      expect((await check('test-coverage')).value).toBeUndefined();
    });

    it('stores a push and answers with the new results; the scorecard shows the value and the evidence', async () => {
      const before = await scorecard();
      const res = await push({
        entityRef: 'order-service',
        results: [
          { checkId: 'test-coverage', value: 61 },
          {
            checkId: 'images-signed',
            value: false,
            message: '3 images unsigned: api, worker, cron',
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: ORDER_SERVICE,
        score: { passed: before.score.passed, total: before.score.total },
        superseded: [],
      });
      expect(
        res.body.checks.map((c: any) => [c.id, c.status, c.detail, c.value]),
      ).toEqual([
        ['test-coverage', 'failed', 'coverage 61 % < 80 %', 61],
        [
          'images-signed',
          'failed',
          '3 images unsigned: api, worker, cron',
          undefined,
        ],
      ]);
      expect(await check('test-coverage')).toMatchObject({
        status: 'failed',
        passed: false,
        detail: 'coverage 61 % < 80 %',
        value: 61,
      });

      const better = await push({
        entityRef: ORDER_SERVICE,
        results: [
          {
            checkId: 'test-coverage',
            value: 92.5,
            message: 'unit and integration tests',
          },
        ],
      });
      expect(better.status).toBe(200);
      expect(better.body.score).toEqual({
        passed: before.score.passed + 1,
        total: before.score.total,
      });
      expect(await check('test-coverage')).toMatchObject({
        status: 'passed',
        detail: 'coverage 92.5 % >= 80 % — unit and integration tests',
        value: 92.5,
      });
    });

    it('keeps a later result when an earlier one arrives after it', async () => {
      const res = await push({
        entityRef: ORDER_SERVICE,
        results: [
          {
            checkId: 'test-coverage',
            value: 10,
            observedAt: new Date(Date.now() - DAY_MS).toISOString(),
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.superseded).toEqual(['test-coverage']);
      expect(res.body.checks[0]).toMatchObject({
        status: 'passed',
        value: 92.5,
      });
    });

    it('makes a result older than maxAge unknown', async () => {
      const observedAt = new Date(Date.now() - 8 * DAY_MS);
      const res = await push({
        entityRef: 'component:default/payment-service',
        results: [
          {
            checkId: 'test-coverage',
            value: 95,
            observedAt: observedAt.toISOString(),
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.superseded).toEqual([]);
      expect(res.body.checks).toEqual([
        expect.objectContaining({
          id: 'test-coverage',
          status: 'unknown',
          detail: `last result ${observedAt.toISOString()} is older than 7 days`,
        }),
      ]);
      expect(res.body.checks[0].value).toBeUndefined();
    });

    it.each([
      [
        'an unknown check',
        { results: [{ checkId: 'nope', value: 1 }] },
        'Invalid request body: results.0.checkId: unknown check "nope"; pushed checks: test-coverage, images-signed',
      ],
      [
        'a check of a type that takes no pushed results',
        { results: [{ checkId: 'has-owner', value: true }] },
        'Invalid request body: results.0.checkId: check "has-owner" is of type entity-field, which takes no pushed results; pushed checks: test-coverage, images-signed',
      ],
      [
        'true/false for a metric',
        { results: [{ checkId: 'test-coverage', value: true }] },
        'Invalid request body: results.0.value: check "test-coverage" (pushed-metric) takes a number, not true',
      ],
      [
        'a number for pass/fail',
        {
          results: [
            { checkId: 'test-coverage', value: 85 },
            { checkId: 'images-signed', value: 1 },
          ],
        },
        'Invalid request body: results.1.value: check "images-signed" (pushed-boolean) takes true or false, not 1',
      ],
      [
        'a value that is text',
        { results: [{ checkId: 'test-coverage', value: '85' }] },
        'Invalid request body: results.0.value: must be a number or true/false',
      ],
      [
        'a check pushed twice',
        {
          results: [
            { checkId: 'test-coverage', value: 85 },
            { checkId: 'test-coverage', value: 86 },
          ],
        },
        'Invalid request body: results.1.checkId: check "test-coverage" is pushed twice',
      ],
      [
        'no result',
        { results: [] },
        'Invalid request body: results: at least one result is needed',
      ],
      [
        'too many results',
        {
          results: Array.from({ length: 101 }, (_, i) => ({
            checkId: `check-${i}`,
            value: i,
          })),
        },
        'Invalid request body: results: at most 100 results per request',
      ],
      [
        'a field nobody reads',
        { results: [{ checkId: 'test-coverage', value: 85, unit: '%' }] },
        'Invalid request body: results.0: Unrecognized key: "unit"',
      ],
      [
        'a message with a control character',
        {
          results: [
            { checkId: 'images-signed', value: false, message: 'a\u0000b' },
          ],
        },
        'Invalid request body: results.0.message: must not contain control characters',
      ],
      [
        'a date that is not one',
        {
          results: [
            { checkId: 'test-coverage', value: 85, observedAt: 'yesterday' },
          ],
        },
        'Invalid request body: results.0.observedAt: must be an ISO 8601 date or date-time',
      ],
    ])('refuses %s with a 400 naming the field', async (_, body, message) => {
      expect(await refusal({ entityRef: ORDER_SERVICE, ...body })).toEqual(
        badRequest(message),
      );
    });

    it('reads a body of 100 results with long messages (larger than the other routes take)', async () => {
      const body = {
        entityRef: ORDER_SERVICE,
        results: Array.from({ length: 100 }, (_, i) => ({
          checkId: `check-${i}`,
          value: i,
          message: 'é'.repeat(2000),
        })),
      };
      expect(JSON.stringify(body).length).toBeGreaterThan(200_000);
      const answer = await refusal(body);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(
        /^Invalid request body: results\.0\.checkId: unknown check "check-0"; pushed checks: test-coverage, images-signed; results\.1\.checkId: unknown check "check-1"/,
      );
    });

    it('refuses a result from the future, beyond five minutes of clock skew', async () => {
      expect(
        await refusal({
          entityRef: ORDER_SERVICE,
          results: [
            {
              checkId: 'test-coverage',
              value: 85,
              observedAt: '2100-01-01T00:00:00Z',
            },
          ],
        }),
      ).toEqual(
        badRequest(
          /^Invalid request body: results\.0\.observedAt: 2100-01-01T00:00:00\.000Z is in the future \(the server's time is \d{4}-\d\d-\d\dT[\d:.]+Z; clocks may differ by 5 minutes\)$/,
        ),
      );
      // within the skew: accepted
      const res = await push({
        entityRef: ORDER_SERVICE,
        results: [
          {
            checkId: 'test-coverage',
            value: 93,
            observedAt: new Date(Date.now() + 60_000).toISOString(),
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.checks[0]).toMatchObject({ value: 93 });
    });

    it('refuses entities not in the catalog, not scored, or a check that does not apply to them', async () => {
      expect(
        await refusal({
          entityRef: 'component:default/nope',
          results: [{ checkId: 'test-coverage', value: 85 }],
        }),
      ).toEqual(
        badRequest(
          'Invalid request body: entityRef: component:default/nope is not in the catalog',
        ),
      );
      expect(
        await refusal({
          entityRef: 'group:order-squad',
          results: [{ checkId: 'test-coverage', value: 85 }],
        }),
      ).toEqual(
        badRequest(
          'Invalid request body: entityRef: group:default/order-squad is not scored: entities of kind Group are not',
        ),
      );
      expect(
        await refusal({
          entityRef: 'marketing-site',
          results: [
            { checkId: 'images-signed', value: true },
            { checkId: 'test-coverage', value: 85 },
          ],
        }),
      ).toEqual(
        badRequest(
          'Invalid request body: results.1.checkId: check "test-coverage" does not apply to component:default/marketing-site (see its filter)',
        ),
      );
      expect(
        await refusal({ entityRef: 'component:default/', results: [] }),
      ).toEqual(
        badRequest(
          'Invalid request body: entityRef: not an entity reference; results: at least one result is needed',
        ),
      );
    });

    it('stores nothing of a body with one bad result', async () => {
      const before = await check('test-coverage');
      expect(before).toMatchObject({ status: 'passed', value: 93 });
      expect(
        await refusal({
          entityRef: ORDER_SERVICE,
          results: [
            { checkId: 'test-coverage', value: 12 },
            { checkId: 'images-signed', value: 'no' },
          ],
        }),
      ).toEqual(
        badRequest(
          'Invalid request body: results.1.value: must be a number or true/false',
        ),
      );
      expect(
        await refusal({
          entityRef: 'marketing-site',
          results: [
            { checkId: 'images-signed', value: false, message: 'stored?' },
            { checkId: 'test-coverage', value: 12 },
          ],
        }),
      ).toEqual(
        badRequest(
          'Invalid request body: results.1.checkId: check "test-coverage" does not apply to component:default/marketing-site (see its filter)',
        ),
      );
      await evaluate();
      expect(await check('test-coverage')).toMatchObject({
        status: before.status,
        detail: before.detail,
        value: before.value,
      });
      const site = await backend.json(
        '/v1/entities/component/default/marketing-site',
        { as: alice },
      );
      expect(
        site.body.checks.find((c: { id: string }) => c.id === 'images-signed'),
      ).toMatchObject({
        status: 'unknown',
        detail: 'no result pushed yet (POST /api/scorecard/v1/results)',
      });
    });

    it('forgets the results pushed for an entity that leaves the catalog', async () => {
      const LEGACY = 'component:default/legacy-orders';
      const stored = () =>
        backend
          .knex('scorecard_pushed_results')
          .where('entity_ref', LEGACY)
          .pluck('check_id');
      const pushed = await push({
        entityRef: LEGACY,
        results: [{ checkId: 'test-coverage', value: 70 }],
      });
      expect(pushed.status).toBe(200);
      expect(await stored()).toEqual(['test-coverage']);

      await backend.catalog.removeEntityByUid('uid-Component-legacy-orders');
      // change detection forgets it within seconds
      const gone = await poll(
        () => backend.json('/v1/entities?limit=1000', { as: alice }),
        r => !r.body.items.some((i: any) => i.entityRef === LEGACY),
      );
      expect(gone.body.items.map((i: any) => i.entityRef)).not.toContain(
        LEGACY,
      );
      expect(await stored()).toEqual([]);
      // the other entities' results are kept
      expect((await check('test-coverage')).value).toBe(93);
    });

    it('refuses users, and tokens not meant for the scorecard', async () => {
      const body = {
        entityRef: ORDER_SERVICE,
        results: [{ checkId: 'test-coverage', value: 100 }],
      };
      const asUser = await push(body, alice);
      expect(asUser.status).toBe(403);
      expect(asUser.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: "This endpoint does not allow 'user' credentials",
      });
      // the user token is a good one: it reads the scorecard
      expect((await check('test-coverage')).value).toBe(93);

      const otherPlugin = await push(body, `Bearer ${OTHER_PLUGIN_TOKEN}`);
      expect(otherPlugin.status).toBe(403);
      const wrong = await push(body, `Bearer ${CI_TOKEN}x`);
      expect(wrong.status).toBe(401);
      const none = await push(body, '');
      expect(none.status).toBe(401);
    });
  },
);
