import githubActionsPlugin from '@backstage-community/plugin-github-actions/alpha';
import { scmAuthApiRef } from '@backstage/integration-react';
import { screen, within } from '@testing-library/react';
import { GitHubStandIn } from 'sandbox';
import { orderService, renderEntityExtension } from './__testUtils__/portal';

/*
 * The CI tab (GitHub Actions, community plugin) on order-service
 * (github.com/project-slug: myorg/order-service): the browser reads the
 * workflow runs from the GitHub API of the integration for github.com, here
 * the GitHub stand-in, with the user's GitHub token (in the app, from the
 * GitHub sign-in; here a token the stand-in knows).
 */

jest.setTimeout(60_000);

describe('CI tab (GitHub Actions)', () => {
  let github: GitHubStandIn;

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({ login: 'alice', name: 'Alice', email: 'alice@x.test' });
    github.addOrg('myorg', ['alice']);
    github.addPersonalToken('alice-token', 'alice');
    github.addRepo('myorg', 'order-service', {
      files: {
        '.github/workflows/ci.yaml':
          'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n',
      },
    });
    const hour = 3600_000;
    github.seedWorkflowRuns('myorg', 'order-service', [
      {
        message: 'Retry payment authorisation on 503',
        actor: 'alice',
        createdAt: new Date(Date.now() - 5 * hour),
        conclusion: 'failure',
      },
      {
        message: 'Fix retry budget',
        actor: 'alice',
        createdAt: new Date(Date.now() - 4 * hour),
        conclusion: 'success',
      },
    ]);
  });

  afterAll(() => github?.close());

  const render = () =>
    renderEntityExtension(
      githubActionsPlugin.getExtension('entity-content:github-actions'),
      {
        entity: orderService(),
        backendUrl: 'http://localhost:1',
        features: [githubActionsPlugin],
        mountedRoutes: { '/ci': githubActionsPlugin.routes.entityContent },
        config: {
          integrations: {
            github: [{ host: 'github.com', apiBaseUrl: github.apiBaseUrl }],
          },
        },
        apis: [
          [
            scmAuthApiRef,
            {
              getCredentials: async () => ({
                token: 'alice-token',
                headers: { Authorization: 'Bearer alice-token' },
              }),
            },
          ],
        ],
      },
    );

  it("lists the repository's workflow runs with their outcome", async () => {
    render();
    const fixed = (await screen.findByText('Fix retry budget')).closest('tr')!;
    expect(within(fixed).getByText('CI')).toBeInTheDocument();
    expect(within(fixed).getByText('Completed')).toBeInTheDocument();
    expect(within(fixed).getByText('main')).toBeInTheDocument();
    const failed = screen
      .getByText('Retry payment authorisation on 503')
      .closest('tr')!;
    expect(within(failed).getByText('Error')).toBeInTheDocument();
  });

  it('shows an error when GitHub fails', async () => {
    github.failNext('GET', /\/actions\/runs$/, 502);
    render();
    expect(await screen.findByText('Error: Bad Gateway')).toBeInTheDocument();
    expect(screen.queryByText('Fix retry budget')).toBeNull();
  });
});
