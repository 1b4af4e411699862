import {
  APP_BASE_URL,
  startTechdocsBackend,
  techdocsTestSite,
} from './__testUtils__/startTechdocsBackend';

/*
 * Each example of techdocs:get-techdocs-page, as the actions registry lists
 * it to the MCP server, invoked the way the MCP server invokes it, against
 * the published docs of the entity the examples name.
 */

jest.setTimeout(60_000);

/** What each example answers, by its title. */
const expectations: Record<string, (output: any) => void> = {
  "order-service's runbook": output => {
    expect(output).toMatchObject({
      entityRef: 'component:default/order-service',
      title: 'Runbook',
      url: `${APP_BASE_URL}/docs/default/component/order-service/ops/runbook/`,
      text: expect.stringContaining('What to do when orders fail.'),
    });
    expect(output.sections.map((s: any) => s.title)).toEqual([
      'Runbook',
      'Rollback',
    ]);
  },
};

describe('techdocs:get-techdocs-page examples', () => {
  const site = techdocsTestSite();
  let backend: Awaited<ReturnType<typeof startTechdocsBackend>>;

  beforeAll(async () => {
    backend = await startTechdocsBackend(site);
  });

  afterAll(() => backend?.stop());

  it('has an expectation for every example', async () => {
    const examples = await backend.examples();
    expect(examples.map(e => e.title)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async title => {
    const examples = await backend.examples();
    const example = examples.find(e => e.title === title)!;
    const { status, body } = await backend.invoke(example.input);
    expect(status).toBe(200);
    expectations[title](body.output);
  });
});
