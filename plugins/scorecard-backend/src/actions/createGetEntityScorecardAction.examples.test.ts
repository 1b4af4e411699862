import {
  APP_BASE_URL,
  component,
  group,
  scorecardTestDatabases,
  startScorecardBackend,
} from './__testUtils__/startScorecardBackend';

/*
 * Each example of scorecard:get-entity-scorecard, as the actions registry
 * lists it to the MCP server, invoked the way the MCP server invokes it,
 * against a catalog that has the entities the examples name.
 */

jest.setTimeout(60_000);

const databases = scorecardTestDatabases();

/** What each example answers, by its title. */
const expectations: Record<string, (output: any) => void> = {
  'The scorecard of order-service': output => {
    expect(output).toMatchObject({
      entityRef: 'component:default/order-service',
      url: `${APP_BASE_URL}/catalog/default/component/order-service`,
      score: { passed: 2, total: 3 },
    });
    expect(output.checks.map((c: any) => [c.id, c.status])).toEqual([
      ['has-owner', 'passed'],
      ['pagerduty-service', 'passed'],
      ['runbook', 'failed'],
    ]);
  },
  "The roll-up of order-squad: what the team's entities score": output => {
    expect(output).toMatchObject({
      entityRef: 'group:default/order-squad',
      url: `${APP_BASE_URL}/catalog/default/group/order-squad`,
      checks: [],
    });
    // the whole roll-up: createGetEntityScorecardAction.test.ts
    expect(output.rollup).toMatchObject({
      entities: 1,
      passed: 2,
      total: 3,
      failingChecks: [{ checkId: 'runbook', failing: 1 }],
      childCount: 1,
    });
  },
};

describe('scorecard:get-entity-scorecard examples', () => {
  let backend: Awaited<ReturnType<typeof startScorecardBackend>>;

  beforeAll(async () => {
    backend = await startScorecardBackend(databases, [
      component('order-service', 'group:order-squad', {
        'pagerduty.com/service-id': 'PXXXXX',
      }),
      group('order-squad'),
    ]);
  });

  afterAll(() => backend?.stop());

  it('has an expectation for every example', async () => {
    const examples = await backend.examples('get-entity-scorecard');
    expect(examples.map(e => e.title)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async title => {
    const examples = await backend.examples('get-entity-scorecard');
    const example = examples.find(e => e.title === title)!;
    const { status, body } = await backend.invoke(
      'get-entity-scorecard',
      example.input,
    );
    expect(status).toBe(200);
    expectations[title](body.output);
  });
});
