/**
 * The backend's URL reader runs in this test's process: resolve packages
 * with Node's export conditions, not jsdom's `browser` ones (whose build of
 * @azure/identity, which the URL reader loads, throws on construction).
 *
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { configure, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import todoPlugin, { todoEntityContent } from '../..';
import {
  orderService,
  startTodoBackend,
  unreadableService,
} from '../../__testUtils__/todoBackend';

/*
 * The TODO tab rendered for real entities, calling the real TODO backend
 * that reads order-service's repository on the sandbox's GitHub.
 */

jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 10_000 });

describe('TODO tab', () => {
  let backend: Awaited<ReturnType<typeof startTodoBackend>>;

  beforeAll(async () => {
    backend = await startTodoBackend();
  });
  afterAll(() => backend?.stop());

  const render = (entity: Entity) =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        {createExtensionTester(todoEntityContent).reactElement()}
      </EntityProvider>,
      {
        features: [todoPlugin],
        config: { backend: { baseUrl: backend.url } },
        apis: [
          mockApis.discovery({ baseUrl: backend.url }),
          mockApis.identity({ token: backend.userToken }),
          mockApis.fetch({ injectIdentityAuth: { token: backend.userToken } }),
        ],
      },
    );

  it("lists the repository's TODOs with links to their lines", async () => {
    await render(orderService());
    const link = await screen.findByRole('link', {
      name: /cmd\/server\/main\.go:12/,
    });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/myorg/order-service/tree/main/cmd/server/main.go#L12',
    );
    expect(
      screen.getByText('graceful shutdown drops in-flight orders'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('alice')).toHaveLength(2);
  });

  it('filters by author', async () => {
    await render(orderService());
    await screen.findByText('paginate the order list');
    await userEvent.type(screen.getByLabelText('Author'), 'bob');
    expect((await screen.findAllByText(/1-1 of 1/)).length).toBeGreaterThan(0);
    expect(screen.queryByText('paginate the order list')).toBeNull();
    expect(
      screen.getByText('graceful shutdown drops in-flight orders'),
    ).toBeInTheDocument();
  });

  it('shows why a repository cannot be read, not an empty table', async () => {
    await render(unreadableService());
    expect(
      await screen.findByText(/TODOs could not be read: .*no-such-repo/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('explains a source location the backend cannot read', async () => {
    await render(orderService('file:/somewhere/on/disk'));
    expect(await screen.findByText(/TODOs cannot be read/)).toBeInTheDocument();
    expect(screen.getByText(/is a file location/)).toBeInTheDocument();
  });

  it('explains a malformed source location annotation', async () => {
    await render(orderService('not-a-location'));
    expect(await screen.findByText(/TODOs cannot be read/)).toBeInTheDocument();
    expect(screen.getByText(/cannot be read: /)).toBeInTheDocument();
  });
});
