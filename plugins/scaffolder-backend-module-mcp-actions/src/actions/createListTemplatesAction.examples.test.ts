import { GO_MICROSERVICE_TEMPLATE } from './__testUtils__/goMicroserviceTemplate';
import {
  APP_BASE_URL,
  scaffolderTestDirectory,
  startScaffolderBackend,
} from './__testUtils__/startScaffolderBackend';

/*
 * Each example of scaffolder:list-templates, as the actions registry lists
 * it to the MCP server, invoked the way the MCP server invokes it, with the
 * golden path's template and another in the catalog.
 */

jest.setTimeout(60_000);

/** What each example answers, by its title. */
const expectations: Record<string, (output: any) => void> = {
  'Every template': output => {
    expect(output.totalItems).toBe(2);
    expect(output.templates.map((t: any) => t.templateRef)).toEqual([
      'template:default/go-microservice-template',
      'template:default/node-library',
    ]);
  },
  'Templates about Go': output => {
    expect(output.totalItems).toBe(1);
    expect(output.templates).toEqual([
      expect.objectContaining({
        templateRef: 'template:default/go-microservice-template',
        title: 'Go Microservice',
        tags: ['go', 'microservice', 'golden-path'],
        url: `${APP_BASE_URL}/create/templates/default/go-microservice-template`,
      }),
    ]);
    expect(
      output.templates[0].parameters.map((p: any) => p.schema.required),
    ).toEqual([['name', 'description', 'owner'], ['repoUrl']]);
  },
};

describe('scaffolder:list-templates examples', () => {
  const dir = scaffolderTestDirectory({
    'go-microservice-template': GO_MICROSERVICE_TEMPLATE,
  });
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderBackend(dir, [
      'node-library',
      'go-microservice-template',
    ]);
  });

  afterAll(() => backend?.stop());

  it('has an expectation for every example', async () => {
    const examples = await backend.examples('list-templates');
    expect(examples.map(e => e.title)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async title => {
    const examples = await backend.examples('list-templates');
    const example = examples.find(e => e.title === title)!;
    const { status, body } = await backend.invoke(
      'list-templates',
      example.input,
    );
    expect(status).toBe(200);
    expectations[title](body.output);
  });
});
