import type { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  BASIC_CHECKS,
  entity,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from '../__testUtils__/scorecardTestBackend';
import {
  startRealAuth,
  type RealAuth,
} from '../pushedResults/__testUtils__/realAuth';

/*
 * Two replicas of the plugin on one database (PostgreSQL and SQLite) and
 * one cache, as production's replicas share Redis: an entity's scorecard
 * that one replica cached is the other's answer, and every change made
 * through either is the other's next answer.
 *
 * What proves an answer came from the cache: a marker written straight into
 * the database (a check's detail), behind the plugin's back, so no write
 * path invalidates anything. An answer without the marker was cached; an
 * answer with it was computed from the database after the change.
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const REF = 'component:default/order-service';
const PATH = '/v1/entities/component/default/order-service';
const CI_TOKEN = 'ci-token-for-cache-tests';
const LATER = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 1 },
};

describe.each(databases.eachSupportedId())(
  'the scorecard cache of two replicas on %s',
  databaseId => {
    let auth: RealAuth;
    let alice: string;
    let cache: CacheService;
    let a: ScorecardTestBackend;
    let b: ScorecardTestBackend;
    let orderService: Entity;
    let markers = 0;

    const card = async (replica: ScorecardTestBackend) => {
      const { status, body } = await replica.json(PATH, { as: alice });
      expect(status).toBe(200);
      return body;
    };
    const check = (body: any, id: string) =>
      body.checks.find((c: { id: string }) => c.id === id);
    const ownerDetail = (body: any) => check(body, 'has-owner').detail;

    /**
     * Marks the stored has-owner result behind the plugin's back, then
     * checks that both replicas still answer without the marker: from the
     * cache. Returns the marker.
     */
    const expectCachedOnBoth = async () => {
      await card(a); // cached, if the last answer was not
      const marker = `marker ${++markers}`;
      await a
        .knex('scorecard_check_results')
        .where({ entity_ref: REF, check_id: 'has-owner' })
        .update({ detail: marker });
      for (const replica of [a, b]) {
        expect(ownerDetail(await card(replica))).not.toBe(marker);
      }
      return marker;
    };
    const exemption = (expiresInMs: number) =>
      a.json('/v1/exemptions', {
        method: 'POST',
        as: alice,
        body: JSON.stringify({
          entityRef: REF,
          checkId: 'pagerduty-service',
          reason: 'paged through the platform rotation',
          expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
        }),
      });

    beforeAll(async () => {
      auth = await startRealAuth();
      alice = auth.userHeader('user:default/alice');
      cache = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
        'scorecard',
      );
      orderService = entity('Component', 'order-service', {
        type: 'service',
        owner: 'group:order-squad',
      });
      const options = {
        databases,
        databaseId,
        entities: [orderService],
        cache,
        features: auth.features,
        scorecard: {
          checks: [
            ...BASIC_CHECKS,
            {
              id: 'images-signed',
              type: 'pushed-boolean',
              title: 'Images signed in CI',
              dimension: 'Security',
            },
          ],
          schedule: LATER,
          changeDetection: LATER,
        },
        config: {
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: CI_TOKEN, subject: 'external-ci' },
                  accessRestrictions: [{ plugin: 'scorecard' }],
                },
              ],
            },
          },
        },
      };
      a = await startScorecardTestBackend(options);
      b = await startScorecardTestBackend({ ...options, knex: a.knex });
    });

    afterAll(async () => {
      await Promise.all([a, b].map(r => r?.stop()));
      await auth?.stop();
    });

    it("serves one replica's cached answer from the other", async () => {
      const first = await card(a); // evaluated on the spot: not cached
      expect(check(first, 'has-owner').status).toBe('passed');
      await expectCachedOnBoth();
    });

    it('an exemption created through one replica is in the other one’s next answer', async () => {
      const marker = await expectCachedOnBoth();
      expect(check(await card(b), 'pagerduty-service').exempt).toBe(false);
      expect((await exemption(86400_000)).status).toBe(201);
      const next = await card(b);
      expect(check(next, 'pagerduty-service')).toMatchObject({
        exempt: true,
        exemption: { reason: 'paged through the platform rotation' },
      });
      expect(ownerDetail(next)).toBe(marker); // computed from the database
    });

    it('an exemption deleted through one replica is gone from the other one’s next answer', async () => {
      const marker = await expectCachedOnBoth();
      const res = await a.api('/v1/exemptions', {
        method: 'DELETE',
        as: alice,
        body: JSON.stringify({ entityRef: REF, checkId: 'pagerduty-service' }),
      });
      expect(res.status).toBe(204);
      const next = await card(b);
      expect(check(next, 'pagerduty-service').exempt).toBe(false);
      expect(ownerDetail(next)).toBe(marker);
    });

    it('an exemption that expires is gone from the next answer, with no write at all', async () => {
      expect((await exemption(2_500)).status).toBe(201);
      expect(check(await card(b), 'pagerduty-service').exempt).toBe(true);
      const marker = await expectCachedOnBoth();
      await new Promise(r => setTimeout(r, 3_000));
      const next = await card(b);
      expect(check(next, 'pagerduty-service').exempt).toBe(false);
      expect(ownerDetail(next)).toBe(marker);
    });

    it('a result pushed through one replica is in the other one’s next answer', async () => {
      await expectCachedOnBoth();
      expect(check(await card(b), 'images-signed').status).toBe('unknown');
      const pushed = await a.json('/v1/results', {
        method: 'POST',
        as: `Bearer ${CI_TOKEN}`,
        body: JSON.stringify({
          entityRef: REF,
          results: [
            { checkId: 'images-signed', value: false, message: '2 unsigned' },
          ],
        }),
      });
      expect(pushed.status).toBe(200);
      expect(check(await card(b), 'images-signed')).toMatchObject({
        status: 'failed',
        detail: '2 unsigned',
      });
    });

    it('an evaluation through one replica is in the other one’s next answer', async () => {
      await expectCachedOnBoth();
      const before = (await card(b)).evaluatedAt;
      await new Promise(r => setTimeout(r, 20));
      const res = await a.json('/v1/evaluate', {
        method: 'POST',
        as: alice,
        body: JSON.stringify({ entityRefs: [REF] }),
      });
      expect(res.status).toBe(200);
      const next = await card(b);
      expect(next.evaluatedAt).not.toBe(before);
      expect(next.evaluatedAt).toBe(res.body.results[0].evaluatedAt);
    });

    it('an entity changed in the catalog (a new etag) is evaluated again, not answered from the cache', async () => {
      await expectCachedOnBoth();
      expect(check(await card(b), 'pagerduty-service').status).toBe('failed');
      orderService.metadata.annotations = {
        'pagerduty.com/service-id': 'PORDER',
      };
      orderService.metadata.etag = 'etag-order-service-2';
      expect(check(await card(b), 'pagerduty-service').status).toBe('passed');
      expect(check(await card(a), 'pagerduty-service').status).toBe('passed');
    });
  },
);
