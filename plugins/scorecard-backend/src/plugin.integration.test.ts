import type { Entity } from '@backstage/catalog-model';
import { KubernetesStandIn } from 'sandbox';
import {
  HAS_OWNER_CHECK,
  OUTSIDER,
  PAGERDUTY_CHECK,
  entity,
  poll,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from './__testUtils__/scorecardTestBackend';

/*
 * The scorecard plugin in a test backend, on PostgreSQL and SQLite, with an
 * in-memory catalog and Kubernetes API stand-ins (one answers 401): the API
 * as the frontend and other tools use it, its errors, permissions,
 * exemptions that expire, history, reports, the scheduled and on-demand
 * evaluations and change detection.
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    uid: `uid-${name}`,
    etag: `etag-${name}-1`,
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': name,
      ...annotations,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

describe.each(databases.eachSupportedId())(
  'scorecard plugin on %s',
  databaseId => {
    let prod: KubernetesStandIn;
    let staging: KubernetesStandIn;
    let backend: ScorecardTestBackend;
    const api: ScorecardTestBackend['api'] = (path, init) =>
      backend.api(path, init);
    const json: ScorecardTestBackend['json'] = (path, init) =>
      backend.json(path, init);

    beforeAll(async () => {
      if (!databases.supports('POSTGRES_15')) {
        throw new Error('PostgreSQL is required (make test starts it)');
      }
      prod = await KubernetesStandIn.start();
      staging = await KubernetesStandIn.start({ unauthorized: true });
      prod.seed({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'order-service', namespace: 'order-service' },
        spec: { minAvailable: 2 },
      } as any);
      const cluster = (name: string, url: string) => ({
        name,
        url,
        authProvider: 'serviceAccount',
        serviceAccountToken: 'sandbox-k8s-token',
        skipTLSVerify: true,
      });
      backend = await startScorecardTestBackend({
        databases,
        databaseId,
        entities: [
          component('order-service', 'group:order-squad', {
            'pagerduty.com/service-id': 'PXXXXX',
          }),
          component('payment-service', 'payments-squad'),
          component('inventory-service', 'group:order-squad'),
          entity(
            'Group',
            'order-squad',
            { type: 'team', children: [] },
            { uid: 'uid-group', etag: 'g' },
          ),
        ],
        config: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  cluster('production-us', prod.url),
                  cluster('staging', staging.url),
                ],
              },
            ],
          },
        },
        scorecard: {
          checks: [
            HAS_OWNER_CHECK,
            PAGERDUTY_CHECK,
            {
              id: 'pdb-configured',
              type: 'kubernetes-pdb',
              title: 'PDB configured',
              dimension: 'Production readiness',
            },
          ],
          levels: [
            { name: 'Bronze', checks: ['has-owner'] },
            { name: 'Silver', checks: ['pagerduty-service'] },
            { name: 'Gold', checks: ['pdb-configured'] },
          ],
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await prod?.close();
      await staging?.close();
    });

    it('scores an entity with the documented shape: passed, failed and unknown with reasons', async () => {
      const { status, body } = await json(
        '/v1/entities/component/default/payment-service',
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        entityRef: 'component:default/payment-service',
        score: { passed: 1, total: 3 },
        level: 'Bronze',
      });
      expect(
        body.checks.map((c: any) => [c.id, c.status, c.passed, c.exempt]),
      ).toEqual([
        ['has-owner', 'passed', true, false],
        ['pagerduty-service', 'failed', false, false],
        ['pdb-configured', 'unknown', false, false],
      ]);
      const pdb = body.checks[2];
      expect(pdb.detail).toBe(
        'cluster staging could not be read (HTTP 401: Unauthorized); none on production-us',
      );
      expect(body.checks[1]).toMatchObject({
        title: 'Has PagerDuty service',
        dimension: 'on-call',
        howToFix: '/docs/scorecards#pagerduty',
      });
      expect(Date.parse(body.checks[0].evaluatedAt)).not.toBeNaN();

      const order = await json('/v1/entities/component/default/order-service');
      expect(order.body.score).toEqual({ passed: 3, total: 3 });
      expect(order.body.level).toBe('Gold');
    });

    it('answers 404 for an entity not in the catalog and an empty card for unscored kinds', async () => {
      const missing = await json('/v1/entities/component/default/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'No entity component:default/nope in the catalog',
      );
      // a Group is not scored; its roll-up (src/rollups) is what it owns,
      // once the startup run has scored it
      const group = await poll(
        () => json('/v1/entities/group/default/order-squad'),
        r => r.body.rollup.entities === 2,
      );
      const { rollup, ...card } = group.body;
      expect([rollup.entities, rollup.passed, rollup.total]).toEqual([2, 4, 6]);
      expect(card).toEqual({
        entityRef: 'group:default/order-squad',
        score: { passed: 0, total: 0 },
        level: null,
        checks: [],
        evaluatedAt: null,
      });
    });

    it('refuses malformed input with 400 and a message', async () => {
      const cases: [string, RequestInit, RegExp][] = [
        [
          '/v1/report?groupBy=color',
          {},
          /groupBy: must be one of owner, dimension, check/,
        ],
        ['/v1/report', {}, /groupBy/],
        [
          '/v1/entities/component/default/order-service/history?since=yesterday',
          {},
          /since: must be an ISO 8601/,
        ],
        ['/v1/entities?limit=100000', {}, /limit/],
        [
          '/v1/evaluate',
          { method: 'POST', body: '{"entityRefs": "x"}' },
          /entityRefs/,
        ],
        [
          '/v1/evaluate',
          { method: 'POST', body: '{"entityRefs": ["component:default/"]}' },
          /not an entity reference/,
        ],
        ['/v1/exemptions', { method: 'POST', body: '{not json' }, /JSON/],
        [
          '/v1/exemptions',
          {
            method: 'POST',
            body: '{"entityRef":"component:default/order-service","checkId":"runbook","reason":"r","expiresAt":"2099-01-01"}',
          },
          /reason/,
        ],
        [
          '/v1/exemptions',
          {
            method: 'POST',
            body: JSON.stringify({
              entityRef: 'component:default/order-service',
              checkId: 'nope',
              reason: 'because',
              expiresAt: new Date(Date.now() + 86400_000).toISOString(),
            }),
          },
          /Unknown check "nope"/,
        ],
        [
          '/v1/exemptions',
          {
            method: 'POST',
            body: JSON.stringify({
              entityRef: 'component:default/order-service',
              checkId: 'pagerduty-service',
              reason: 'because',
              expiresAt: '2001-01-01',
            }),
          },
          /expiresAt must be in the future/,
        ],
        [
          '/v1/exemptions',
          {
            method: 'POST',
            body: JSON.stringify({
              entityRef: 'component:default/order-service',
              checkId: 'pagerduty-service',
              reason: 'because',
              expiresAt: '2999-01-01',
            }),
          },
          /within a year/,
        ],
        [
          '/v1/exemptions',
          { method: 'DELETE', body: '{"entityRef": 1}' },
          /entityRef/,
        ],
        // text PostgreSQL cannot store (a NUL was a 500 there) or that is
        // not what it shows: refused before the database
        [
          '/v1/exemptions',
          {
            method: 'POST',
            body: JSON.stringify({
              entityRef: 'component:default/order-service',
              checkId: 'runbook',
              reason: 'wiki\u0000link',
              expiresAt: new Date(Date.now() + 86400_000).toISOString(),
            }),
          },
          /reason: must not contain control characters/,
        ],
        [
          '/v1/exemptions',
          {
            method: 'POST',
            body: JSON.stringify({
              entityRef: 'component:default/order-service',
              checkId: 'runbook',
              reason: 'half \ud800 a character',
              expiresAt: new Date(Date.now() + 86400_000).toISOString(),
            }),
          },
          /reason: must be well-formed Unicode/,
        ],
        [
          '/v1/entities?owner=group%3Adefault%2Fa%00b',
          {},
          /owner: must not contain control characters/,
        ],
        ['/v1/entities?check=run%00book', {}, /check: must not contain/],
        [
          '/v1/exemptions?entityRef=component%3Adefault%2Fa%00b',
          {},
          /entityRef: must not contain control characters/,
        ],
        [
          '/v1/exemptions?entityRef=component%3Adefault%2Forder-service&checkId=run%00book',
          { method: 'DELETE' },
          /checkId: must not contain control characters/,
        ],
        [
          '/v1/evaluate',
          {
            method: 'POST',
            body: '{"entityRefs": ["component:default/a\\u0000b"]}',
          },
          /must not contain control characters/,
        ],
      ];
      for (const [path, init, message] of cases) {
        const { status, body } = await json(path, init);
        expect({ path, status }).toEqual({ path, status: 400 });
        expect(body.error.message).toMatch(message);
      }
    });

    it('enforces permissions on exemptions and evaluations', async () => {
      const exemption = {
        entityRef: 'component:default/payment-service',
        checkId: 'pagerduty-service',
        reason: 'paged through the payments rotation',
        expiresAt: new Date(Date.now() + 86400_000).toISOString(),
      };
      for (const [path, method, body] of [
        ['/v1/exemptions', 'POST', exemption],
        ['/v1/exemptions', 'DELETE', exemption],
        ['/v1/evaluate', 'POST', {}],
      ] as const) {
        const res = await json(path, {
          method,
          body: JSON.stringify(
            method === 'DELETE'
              ? { entityRef: body.entityRef, checkId: (body as any).checkId }
              : body,
          ),
          as: OUTSIDER,
        });
        expect({ path, method, status: res.status }).toEqual({
          path,
          method,
          status: 403,
        });
      }
    });

    it('applies an exemption at once, records it in the history, and drops it when it expires', async () => {
      const ref = 'component:default/payment-service';
      await json('/v1/entities/component/default/payment-service');
      const created = await json('/v1/exemptions', {
        method: 'POST',
        body: JSON.stringify({
          entityRef: ref,
          checkId: 'pagerduty-service',
          reason: 'paged through the payments rotation',
          expiresAt: new Date(Date.now() + 3000).toISOString(),
        }),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        author: 'user:default/alice',
        entityRef: ref,
      });

      const exempt = await json(
        '/v1/entities/component/default/payment-service',
      );
      expect(exempt.body.score).toEqual({ passed: 1, total: 2 });
      const check = exempt.body.checks.find(
        (c: any) => c.id === 'pagerduty-service',
      );
      expect(check).toMatchObject({
        status: 'failed',
        exempt: true,
        exemption: { reason: 'paged through the payments rotation' },
      });
      expect(
        (await json(`/v1/exemptions?entityRef=${ref}`)).body.items,
      ).toHaveLength(1);

      await new Promise(r => setTimeout(r, 3500));
      const expired = await json(
        '/v1/entities/component/default/payment-service',
      );
      expect(expired.body.score).toEqual({ passed: 1, total: 3 });
      expect(expired.body.checks[1].exempt).toBe(false);
      expect(
        (await json(`/v1/exemptions?entityRef=${ref}`)).body.items,
      ).toHaveLength(0);

      const history = await json(
        '/v1/entities/component/default/payment-service/history',
      );
      expect(
        history.body.points.map((p: any) => `${p.passed}/${p.total}`),
      ).toEqual(['1/3', '1/2', '1/3']);
      const since = await json(
        `/v1/entities/component/default/payment-service/history?since=${encodeURIComponent(
          new Date(Date.now() + 60_000).toISOString(),
        )}`,
      );
      expect(since.body.points).toEqual([]);

      const gone = await api('/v1/exemptions', {
        method: 'DELETE',
        body: JSON.stringify({ entityRef: ref, checkId: 'pagerduty-service' }),
      });
      expect(gone.status).toBe(204);
      const again = await json('/v1/exemptions', {
        method: 'DELETE',
        body: JSON.stringify({ entityRef: ref, checkId: 'pagerduty-service' }),
      });
      expect(again.status).toBe(404);
    });

    it('runs a full evaluation on demand and reports by owner, dimension and check', async () => {
      // the startup run has left one snapshot per team; a triggered run adds one
      const trendLength = async () =>
        (await json('/v1/report?groupBy=owner')).body.rows[0]?.trend.length ??
        0;
      const before = await poll(trendLength, n => n > 0);
      const started = await api('/v1/evaluate', { method: 'POST', body: '{}' });
      expect(started.status).toBe(202);
      expect(await poll(trendLength, n => n > before)).toBe(before + 1);
      const owners = await json('/v1/report?groupBy=owner');
      expect(
        owners.body.rows.map((r: any) => [
          r.owner,
          r.entities,
          r.passed,
          r.total,
        ]),
      ).toEqual([
        ['group:default/order-squad', 2, 4, 6],
        ['group:default/payments-squad', 1, 1, 3],
      ]);
      const squad = owners.body.rows[0];
      expect(squad.levels).toEqual({ Gold: 1, Bronze: 1 });
      expect(squad.level).toBe('Bronze');
      expect(squad.trend[squad.trend.length - 1]).toMatchObject({
        passed: 4,
        total: 6,
      });

      const dims = await json('/v1/report?groupBy=dimension');
      expect(dims.body.rows).toEqual([
        {
          dimension: 'ownership',
          title: 'Ownership',
          passed: 3,
          failed: 0,
          unknown: 0,
          exempt: 0,
        },
        {
          dimension: 'on-call',
          title: 'On-Call',
          passed: 1,
          failed: 2,
          unknown: 0,
          exempt: 0,
        },
        {
          dimension: 'production-readiness',
          title: 'Production readiness',
          passed: 1,
          failed: 0,
          unknown: 2,
          exempt: 0,
        },
      ]);
      const checks = await json('/v1/report?groupBy=check');
      expect(checks.body.rows[0]).toMatchObject({
        checkId: 'pagerduty-service',
        failed: 2,
      });

      const failing = await json(
        '/v1/entities?check=pagerduty-service&status=failed',
      );
      expect(failing.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/inventory-service',
        'component:default/payment-service',
      ]);
      const byOwner = await json(
        '/v1/entities?owner=group:default/order-squad',
      );
      expect(byOwner.body.items).toHaveLength(2);
    });

    it('evaluates given entities now, and 404s refs not in the catalog', async () => {
      const res = await json('/v1/evaluate', {
        method: 'POST',
        body: JSON.stringify({
          entityRefs: ['component:default/order-service'],
        }),
      });
      expect(res.status).toBe(200);
      expect(res.body.results[0].score).toEqual({ passed: 3, total: 3 });
      const missing = await json('/v1/evaluate', {
        method: 'POST',
        body: JSON.stringify({ entityRefs: ['component:default/ghost'] }),
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'Not in the catalog: component:default/ghost',
      );
    });

    it('re-evaluates an entity whose catalog etag changed, and forgets removed ones', async () => {
      const [inventory] = (
        await backend.catalog.getEntitiesByRefs({
          entityRefs: ['component:default/inventory-service'],
        })
      ).items as Entity[];
      inventory.metadata.annotations!['pagerduty.com/service-id'] = 'PINV';
      inventory.metadata.etag = 'etag-inventory-service-2';
      const updated = await poll(
        () => json('/v1/entities?check=pagerduty-service&status=failed'),
        r => r.body.items.length === 1,
      );
      expect(updated.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/payment-service',
      ]);

      await backend.catalog.removeEntityByUid('uid-payment-service');
      const owners = await poll(
        () => json('/v1/report?groupBy=owner'),
        r => r.body.rows.length === 1,
      );
      expect(owners.body.rows.map((r: any) => r.owner)).toEqual([
        'group:default/order-squad',
      ]);
    });
  },
);
