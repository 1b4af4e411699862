import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { configure, screen } from '@testing-library/react';
import snykPlugin, { snykEntityCard, snykEntityContent } from '../..';
import { ORG_ID, startSnykBackend } from '../../__testUtils__/snykBackend';

/*
 * The Snyk card and tab rendered for an entity, calling the real proxy
 * backend in front of the Snyk stand-in.
 */

jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 10_000 });

const orderService = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'myorg/order-service',
      ...annotations,
    },
  },
  spec: {
    type: 'service',
    owner: 'group:order-squad',
    lifecycle: 'production',
  },
});

describe('Snyk card and tab', () => {
  let backend: Awaited<ReturnType<typeof startSnykBackend>>;

  beforeAll(async () => {
    backend = await startSnykBackend();
  });
  afterAll(() => backend?.stop());
  afterEach(() => backend.snyk.clearFaults());

  const render = (
    extension: typeof snykEntityCard | typeof snykEntityContent,
    entity: Entity,
  ) =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        {createExtensionTester(
          extension as typeof snykEntityCard,
        ).reactElement()}
      </EntityProvider>,
      {
        features: [snykPlugin],
        config: { backend: { baseUrl: backend.url } },
        apis: [
          mockApis.discovery({ baseUrl: backend.url }),
          mockApis.identity({ token: backend.userToken }),
          mockApis.fetch({ injectIdentityAuth: { token: backend.userToken } }),
        ],
      },
    );

  it('counts the open issues by severity per project', async () => {
    await render(snykEntityCard, orderService({ 'snyk.io/org-id': ORG_ID }));
    expect(
      await screen.findByLabelText(
        '33 critical issues in myorg/order-service:go.mod',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('1 high issues in myorg/order-service (Snyk Code)'),
    ).toBeInTheDocument();
  });

  it('lists the issues in the tab, linked to Snyk', async () => {
    await render(snykEntityContent, orderService({ 'snyk.io/org-id': ORG_ID }));
    expect(
      await screen.findByText('Snyk: 131 open issues'),
    ).toBeInTheDocument();
    // critical first
    expect(
      screen.getByRole('link', { name: /^Vulnerable module 0\b/ }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/app\.snyk\.io\/org\/myorg\/project\/.*#issue-SNYK-GOLANG-5000$/,
      ),
    );
  });

  it("shows Snyk's refusal of the token on the card", async () => {
    backend.snyk.failNext('GET', /.*/, 401);
    await render(snykEntityCard, orderService({ 'snyk.io/org-id': ORG_ID }));
    expect(
      await screen.findByText(/Snyk could not be read: .*HTTP 401/),
    ).toBeInTheDocument();
  });

  it('explains a malformed annotation on the card', async () => {
    await render(snykEntityCard, orderService({ 'snyk.io/org-id': 'myorg' }));
    expect(
      await screen.findByText(/Snyk annotations cannot be read/),
    ).toBeInTheDocument();
    expect(screen.getByText(/"myorg" is not one/)).toBeInTheDocument();
  });
});
