import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { configure, screen } from '@testing-library/react';
import lighthousePlugin, {
  lighthouseEntityCard,
  lighthouseEntityContent,
} from '../..';
import { startLighthouseBackend } from '../../__testUtils__/lighthouseBackend';

// a javascript: URL, written so that linters do not take it for one
const SCRIPT_URL = `${'javascript'}:alert(1)`;

/*
 * The Lighthouse card and tab rendered for an entity, on the real proxy
 * backend in front of the real audit service, after real audits of the
 * sandbox's example website.
 */

jest.setTimeout(180_000);
configure({ asyncUtilTimeout: 15_000 });

const storefront = (url: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'storefront-web',
    namespace: 'default',
    annotations: { 'lighthouse.com/website-url': url },
  },
  spec: {
    type: 'website',
    owner: 'group:order-squad',
    lifecycle: 'production',
  },
});

describe('Lighthouse card and tab', () => {
  let backend: Awaited<ReturnType<typeof startLighthouseBackend>>;
  let completed: { id: string; report: any };

  beforeAll(async () => {
    backend = await startLighthouseBackend();
    completed = await backend.audit();
  });
  afterAll(() => backend?.stop());

  const render = (
    extension: typeof lighthouseEntityCard | typeof lighthouseEntityContent,
    entity: Entity,
  ) =>
    renderInTestApp(
      <EntityProvider entity={entity}>
        {createExtensionTester(
          extension as typeof lighthouseEntityCard,
        ).reactElement()}
      </EntityProvider>,
      {
        features: [lighthousePlugin],
        config: { backend: { baseUrl: backend.url } },
        apis: [
          mockApis.discovery({ baseUrl: backend.url }),
          mockApis.identity({ token: backend.userToken }),
          mockApis.fetch({ injectIdentityAuth: { token: backend.userToken } }),
        ],
      },
    );

  it("shows the latest audit's score per category", async () => {
    await render(lighthouseEntityCard, storefront(`${backend.website.url}/`));
    for (const [id, title] of [
      ['performance', 'Performance'],
      ['accessibility', 'Accessibility'],
      ['best-practices', 'Best practices'],
      ['seo', 'SEO'],
    ]) {
      const score = Math.round(completed.report.categories[id].score * 100);
      expect(
        await screen.findByLabelText(`${title}: ${score}`),
      ).toBeInTheDocument();
    }
    expect(screen.getByText(/1 completed of 1/)).toBeInTheDocument();
  });

  it('a failed last audit shows FAILED and why, above the last scores', async () => {
    await backend.audit({ down: true });
    await render(lighthouseEntityCard, storefront(`${backend.website.url}/`));
    expect(await screen.findByText(/Last audit FAILED/)).toBeInTheDocument();
    expect(
      screen.getByText(
        /The website did not answer with a success status within 2 s/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 completed of 2/)).toBeInTheDocument();
  });

  it('a URL the audit service refuses is explained on the card', async () => {
    await render(
      lighthouseEntityCard,
      storefront('http://169.254.169.254/latest/meta-data/'),
    );
    expect(
      await screen.findByText(
        /http:\/\/169\.254\.169\.254\/latest\/meta-data\/ is not audited/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/is a link-local or cloud metadata address/),
    ).toBeInTheDocument();
  });

  it('a malformed annotation is explained on the card', async () => {
    await render(lighthouseEntityCard, storefront(SCRIPT_URL));
    expect(
      await screen.findByText(/The website URL cannot be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/must be an http\(s\) URL; "javascript:alert\(1\)"/),
    ).toBeInTheDocument();
  });

  it('the tab lists the audits and shows the full report', async () => {
    await render(
      lighthouseEntityContent,
      storefront(`${backend.website.url}/`),
    );
    expect(await screen.findByText('Audits (2)')).toBeInTheDocument();
    expect(screen.getByText('FAILED')).toBeInTheDocument();
    expect(screen.getByText('COMPLETED')).toBeInTheDocument();
    const frame = (await screen.findByTitle(
      /^Lighthouse report of http:\/\/127\.0\.0\.1:\d+\//,
    )) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts allow-popups');
    expect(frame.getAttribute('srcdoc')).toContain('Lighthouse Report');
  });
});
