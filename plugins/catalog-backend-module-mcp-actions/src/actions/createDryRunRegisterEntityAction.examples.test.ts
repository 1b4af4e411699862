import { GitHubStandIn } from 'sandbox';
import { startCatalogBackend } from './__testUtils__/startCatalogBackend';

/*
 * Each example of catalog:dry-run-register-entity, as the actions registry
 * lists it to the MCP server, invoked by the platform team the way the MCP
 * server invokes it; github.com is the GitHub stand-in of packages/sandbox
 * (the integration's API base URL), holding the repositories the examples
 * name.
 */

jest.setTimeout(60_000);

const catalogInfo = (
  name: string,
  owner: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: Takes orders
spec:
  type: service
  lifecycle: production
  owner: ${owner}
`;

/** What each example answers, by its title. */
const expectations: Record<string, (output: any) => void> = {
  "Preview order-service's catalog-info.yaml": output => {
    expect(output).toEqual({
      locationUrl:
        'https://github.com/myorg/order-service/blob/main/catalog-info.yaml',
      alreadyRegistered: false,
      entities: [
        {
          entityRef: 'component:default/order-service',
          description: 'Takes orders',
          owner: 'group:order-squad',
        },
      ],
    });
  },
};

describe('catalog:dry-run-register-entity examples', () => {
  let github: GitHubStandIn;
  let backend: Awaited<ReturnType<typeof startCatalogBackend>>;

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'portal-bot', name: 'Portal Bot' });
    github.addOrg('myorg', ['portal-bot']);
    github.addPersonalToken('portal-bot-token', 'portal-bot');
    github.addRepo('myorg', 'order-service', {
      files: {
        'catalog-info.yaml': catalogInfo('order-service', 'group:order-squad'),
      },
    });
    backend = await startCatalogBackend({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.apiBaseUrl,
            token: 'portal-bot-token',
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  it('has an expectation for every example', async () => {
    const examples = await backend.examples();
    expect(examples.map(e => e.title)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async title => {
    const examples = await backend.examples();
    const example = examples.find(e => e.title === title)!;
    const { status, body } = await backend.invoke('frank', example.input);
    expect(status).toBe(200);
    expectations[title](body.output);
  });
});
