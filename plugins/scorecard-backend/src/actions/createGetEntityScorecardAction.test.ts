import {
  APP_BASE_URL,
  component,
  group,
  scorecardTestDatabases,
  startScorecardBackend,
} from './__testUtils__/startScorecardBackend';
import { poll } from '../__testUtils__/scorecardTestBackend';

/*
 * scorecard:get-entity-scorecard through the actions registry's HTTP API
 * (what the MCP server calls), on SQLite: the scorecard API's answer with
 * the entity's page and absolute how-to-fix links; bad input refused with
 * a message.
 */

jest.setTimeout(60_000);

const databases = scorecardTestDatabases();

describe('scorecard:get-entity-scorecard', () => {
  let backend: Awaited<ReturnType<typeof startScorecardBackend>>;

  beforeAll(async () => {
    backend = await startScorecardBackend(databases, [
      component('order-service', 'group:order-squad', {
        'pagerduty.com/service-id': 'PXXXXX',
      }),
      component('payment-service', 'payments-squad'),
      group('order-squad'),
    ]);
  });

  afterAll(() => backend?.stop());

  it("answers the scorecard API's scorecard, with the portal's links", async () => {
    const api = await backend.api(
      '/v1/entities/component/default/payment-service',
    );
    expect(api.status).toBe(200);
    const { status, body } = await backend.invoke('get-entity-scorecard', {
      entityRef: 'component:default/payment-service',
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({
      ...api.body,
      url: `${APP_BASE_URL}/catalog/default/component/payment-service`,
      checks: api.body.checks.map((c: { howToFix?: string }) => ({
        ...c,
        ...(c.howToFix?.startsWith('/')
          ? { howToFix: `${APP_BASE_URL}${c.howToFix}` }
          : {}),
      })),
    });
    expect(
      body.output.checks.map((c: any) => [c.id, c.status, c.howToFix]),
    ).toEqual([
      ['has-owner', 'passed', undefined],
      [
        'pagerduty-service',
        'failed',
        `${APP_BASE_URL}/docs/default/component/developer-portal/scorecards/#2-on-call`,
      ],
      ['runbook', 'failed', 'https://wiki.example.com/runbooks'],
    ]);
    expect(body.output.checks[1].detail).toMatch(/pagerduty\.com\/service-id/);
  });

  it("carries a Group's roll-up as the scorecard API answers it", async () => {
    // the startup evaluation's snapshot is in the roll-up's history
    const api = await poll(
      () => backend.api('/v1/entities/group/default/order-squad'),
      r => r.body.rollup?.history.length === 1,
    );
    expect(api.status).toBe(200);
    const { status, body } = await backend.invoke('get-entity-scorecard', {
      entityRef: 'group:default/order-squad',
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({
      ...api.body,
      url: `${APP_BASE_URL}/catalog/default/group/order-squad`,
    });
    expect(body.output.checks).toEqual([]);
    expect(body.output.rollup).toEqual({
      entities: 1,
      passed: 2,
      total: 3,
      levels: { Bronze: 1, Silver: 0, none: 0 },
      failingChecks: [
        { checkId: 'runbook', title: 'Has a runbook', failing: 1 },
      ],
      children: [
        {
          entityRef: 'component:default/order-service',
          kind: 'Component',
          passed: 2,
          total: 3,
          level: 'Bronze',
        },
      ],
      childCount: 1,
      history: [{ timestamp: expect.any(String), passed: 2, total: 3 }],
    });
  });

  it('takes a name alone as a Component of the default namespace', async () => {
    const { status, body } = await backend.invoke('get-entity-scorecard', {
      entityRef: 'order-service',
    });
    expect(status).toBe(200);
    expect(body.output).toMatchObject({
      entityRef: 'component:default/order-service',
      score: { passed: 2, total: 3 },
    });
  });

  it('says what is wrong with bad input, and with an entity not in the catalog', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /entityRef.*Required/s],
      [{ entityRef: 42 }, 400, /Expected string, received number/],
      [
        { entityRef: 'component:default/' },
        400,
        /must be an entity reference such as component:default\/order-service/,
      ],
      [
        { entityRef: 'order-service', team: 'x' },
        400,
        /Unrecognized key\(s\) in object: 'team'/,
      ],
      [
        { entityRef: 'component:default/nope' },
        404,
        /No entity component:default\/nope in the catalog/,
      ],
    ];
    for (const [input, status, message] of cases) {
      const res = await backend.invoke('get-entity-scorecard', input);
      expect({ input, status: res.status }).toEqual({ input, status });
      expect(res.body.error.message).toMatch(message);
    }
  });
});
