import {
  APP_BASE_URL,
  component,
  group,
  scorecardTestDatabases,
  startScorecardBackend,
} from './__testUtils__/startScorecardBackend';

/*
 * Each example of scorecard:get-team-failing-checks, as the actions
 * registry lists it to the MCP server, invoked the way the MCP server
 * invokes it, against a catalog that has the team the examples name.
 */

jest.setTimeout(60_000);

const databases = scorecardTestDatabases();

/** What each example answers, by its title. */
const expectations: Record<string, (output: any) => void> = {
  "order-squad's failing checks": output => {
    expect(output).toMatchObject({
      team: 'group:default/order-squad',
      url: `${APP_BASE_URL}/catalog/default/group/order-squad`,
      entitiesScored: 2,
    });
    expect(
      output.entities.map((e: any) => [
        e.entityRef,
        e.failing.map((c: any) => c.id),
      ]),
    ).toEqual([
      ['component:default/order-worker', ['pagerduty-service', 'runbook']],
      ['component:default/order-service', ['runbook']],
    ]);
  },
};

describe('scorecard:get-team-failing-checks examples', () => {
  let backend: Awaited<ReturnType<typeof startScorecardBackend>>;

  beforeAll(async () => {
    backend = await startScorecardBackend(databases, [
      component('order-service', 'group:order-squad', {
        'pagerduty.com/service-id': 'PXXXXX',
      }),
      component('order-worker', 'group:default/order-squad'),
      component('payment-service', 'group:payments-squad'),
      group('order-squad'),
      group('payments-squad'),
    ]);
  });

  afterAll(() => backend?.stop());

  it('has an expectation for every example', async () => {
    const examples = await backend.examples('get-team-failing-checks');
    expect(examples.map(e => e.title)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async title => {
    const examples = await backend.examples('get-team-failing-checks');
    const example = examples.find(e => e.title === title)!;
    const { status, body } = await backend.invoke(
      'get-team-failing-checks',
      example.input,
    );
    expect(status).toBe(200);
    expectations[title](body.output);
  });
});
