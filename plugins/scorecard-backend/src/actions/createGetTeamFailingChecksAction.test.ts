import {
  APP_BASE_URL,
  component,
  group,
  scorecardTestDatabases,
  startScorecardBackend,
} from './__testUtils__/startScorecardBackend';

/*
 * scorecard:get-team-failing-checks through the actions registry's HTTP API
 * (what the MCP server calls), on SQLite, after the startup evaluation: the
 * team's entities with what they fail, exempted checks left out, other
 * teams' entities never included; bad input refused with a message.
 */

jest.setTimeout(60_000);

const databases = scorecardTestDatabases();

describe('scorecard:get-team-failing-checks', () => {
  let backend: Awaited<ReturnType<typeof startScorecardBackend>>;

  beforeAll(async () => {
    backend = await startScorecardBackend(
      databases,
      [
        // fails runbook only
        component('order-service', 'group:order-squad', {
          'pagerduty.com/service-id': 'PXXXXX',
        }),
        // fails pagerduty-service and runbook
        component('order-worker', 'group:default/order-squad'),
        // passes everything
        component('cart-service', 'order-squad', {
          'pagerduty.com/service-id': 'PCART',
          'myorg.com/runbook': 'https://wiki.example.com/cart',
        }),
        // another team's
        component('payment-service', 'group:payments-squad'),
        group('order-squad'),
        group('payments-squad'),
      ],
      {
        // runbook is configured after pagerduty-service but needed first
        levels: [
          { name: 'Bronze', checks: ['has-owner', 'runbook'] },
          { name: 'Silver', checks: ['pagerduty-service'] },
        ],
      },
    );
  });

  afterAll(() => backend?.stop());

  it("lists the team's entities that fail checks, worst first, each entity's in the order to fix them, with evidence and links", async () => {
    const { status, body } = await backend.invoke('get-team-failing-checks', {
      team: 'order-squad',
    });
    expect(status).toBe(200);
    expect(body.output).toMatchObject({
      team: 'group:default/order-squad',
      url: `${APP_BASE_URL}/catalog/default/group/order-squad`,
      entitiesScored: 3,
    });
    expect(
      body.output.entities.map((e: any) => [
        e.entityRef,
        e.url,
        e.failing.map((c: any) => c.id),
        e.unknown,
      ]),
    ).toEqual([
      [
        'component:default/order-worker',
        `${APP_BASE_URL}/catalog/default/component/order-worker`,
        ['runbook', 'pagerduty-service'],
        [],
      ],
      [
        'component:default/order-service',
        `${APP_BASE_URL}/catalog/default/component/order-service`,
        ['runbook'],
        [],
      ],
    ]);
    expect(body.output.entities[0].failing[0]).toEqual({
      id: 'runbook',
      title: 'Has a runbook',
      dimension: 'documentation',
      detail: expect.stringMatching(/myorg\.com\/runbook/),
      howToFix: 'https://wiki.example.com/runbooks',
      blocksLevel: 'Bronze',
    });
    expect(body.output.entities[0].failing[1]).toEqual({
      id: 'pagerduty-service',
      title: 'Has PagerDuty service',
      dimension: 'on-call',
      detail: expect.stringMatching(/pagerduty\.com\/service-id/),
      howToFix: `${APP_BASE_URL}/docs/default/component/developer-portal/scorecards/#2-on-call`,
      blocksLevel: 'Silver',
    });
  });

  it('leaves out a check covered by an exemption', async () => {
    const exemption = await backend.api('/v1/exemptions', {
      method: 'POST',
      body: JSON.stringify({
        entityRef: 'component:default/order-service',
        checkId: 'runbook',
        reason: 'the runbook is in the docs until the wiki moves',
        expiresAt: new Date(Date.now() + 86400_000).toISOString(),
      }),
    });
    expect(exemption.status).toBe(201);
    const { body } = await backend.invoke('get-team-failing-checks', {
      team: 'group:default/order-squad',
    });
    expect(body.output.entities.map((e: any) => e.entityRef)).toEqual([
      'component:default/order-worker',
    ]);
  });

  it('says what is wrong with bad input, and with a team not in the catalog', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /team.*Required/s],
      [{ team: ['order-squad'] }, 400, /Expected string, received array/],
      [{ team: 'group:default/' }, 400, /must be a group reference/],
      [
        { team: 'component:default/order-service' },
        400,
        /component:default\/order-service is no team/,
      ],
      [{ team: 'no-such-team' }, 404, /No group:default\/no-such-team/],
    ];
    for (const [input, status, message] of cases) {
      const res = await backend.invoke('get-team-failing-checks', input);
      expect({ input, status: res.status }).toEqual({ input, status });
      expect(res.body.error.message).toMatch(message);
    }
  });
});
