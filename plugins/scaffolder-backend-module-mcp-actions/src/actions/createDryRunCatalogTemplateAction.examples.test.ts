import { GO_MICROSERVICE_TEMPLATE } from './__testUtils__/goMicroserviceTemplate';
import {
  scaffolderTestDirectory,
  startScaffolderBackend,
} from './__testUtils__/startScaffolderBackend';

/*
 * Each example of scaffolder:dry-run-catalog-template, as the actions
 * registry lists it to the MCP server, invoked the way the MCP server
 * invokes it, with the golden path's template in the catalog.
 */

jest.setTimeout(60_000);

/** What each example answers, by its title. */
const expectations: Record<string, (output: any) => void> = {
  'A Go service from the golden path': output => {
    expect(output).toMatchObject({
      templateRef: 'template:default/go-microservice-template',
      steps: [
        {
          id: 'fetch-template',
          name: 'Fetch Template',
          action: 'fetch:template',
        },
      ],
      output: {
        links: [
          {
            title: 'Repository',
            url: 'https://github.com/myorg/payment-webhook-handler',
          },
        ],
      },
    });
    expect(output.files).toEqual([
      expect.objectContaining({
        path: 'catalog-info.yaml',
        content: expect.stringContaining(
          'name: payment-webhook-handler\n  description: Receives payment provider webhooks\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/payments-squad\n',
        ),
      }),
    ]);
  },
};

describe('scaffolder:dry-run-catalog-template examples', () => {
  const dir = scaffolderTestDirectory({
    'go-microservice-template': GO_MICROSERVICE_TEMPLATE,
  });
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderBackend(dir, ['go-microservice-template']);
  });

  afterAll(() => backend?.stop());

  it('has an expectation for every example', async () => {
    const examples = await backend.examples('dry-run-catalog-template');
    expect(examples.map(e => e.title)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async title => {
    const examples = await backend.examples('dry-run-catalog-template');
    const example = examples.find(e => e.title === title)!;
    const { status, body } = await backend.invoke(
      'dry-run-catalog-template',
      example.input,
    );
    expect(status).toBe(200);
    expectations[title](body.output);
  });
});
