import { mockCredentials } from '@backstage/backend-test-utils';
import { mockApis } from '@backstage/frontend-test-utils';
import argoCdBackend from '@roadiehq/backstage-plugin-argo-cd-backend';
import { screen, waitFor, within } from '@testing-library/react';
import { ArgoCdStandIn } from 'sandbox';
import { ArgoCdClient } from './ArgoCdClient';
import {
  argoCdHistoryCard,
  argoCdOverviewCard,
  argoCdPage,
  argoCdPlugin,
  argoCdStatusCard,
} from './index';
import {
  orderService,
  renderEntityExtension,
  startBackend,
} from '../__testUtils__/portal';

/*
 * The Argo CD overview and history cards (Roadie's frontend, loaded by our
 * plugin with Roadie's plugin id, with our client) on order-service, through Roadie's
 * backend with argocd.appLocatorMethods as in app-config.yaml, against the
 * Argo CD stand-in.
 */

jest.setTimeout(60_000);

describe('Argo CD cards', () => {
  let argocd: ArgoCdStandIn;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let argocdConfig: object;
  let revisions: string[];

  beforeAll(async () => {
    argocd = await ArgoCdStandIn.start({ tokens: ['sandbox-argocd-token'] });
    const app = argocd.seedApplication({
      name: 'order-service',
      project: 'order-squad',
      namespace: 'order-service',
      repoURL: 'https://github.com/myorg/order-service',
      path: 'helm',
      targetRevision: 'main',
      automated: true,
      history: 3,
      labels: { 'app.kubernetes.io/name': 'order-service' },
    });
    revisions = app.status.history!.map(h => h.revision!);
    argocdConfig = {
      revisionsToLoad: 10,
      appLocatorMethods: [
        {
          type: 'config',
          instances: [
            {
              name: 'production',
              url: argocd.url,
              token: 'sandbox-argocd-token',
            },
          ],
        },
      ],
    };
    backend = await startBackend({
      features: [argoCdBackend],
      config: { argocd: argocdConfig },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await argocd?.close();
  });

  const render = (
    card: 'overviewCard' | 'historyCard' | 'status' | 'tab',
    annotations: Record<string, string> = {},
  ) => {
    const entity = orderService();
    const { 'argocd/app-name': appName, ...others } =
      entity.metadata.annotations!;
    entity.metadata.annotations = {
      ...others,
      ...(annotations['argocd/app-selector']
        ? {}
        : { 'argocd/app-name': appName }),
      ...annotations,
    };
    return renderEntityExtension(
      {
        status: argoCdStatusCard,
        overviewCard: argoCdOverviewCard,
        historyCard: argoCdHistoryCard,
        tab: argoCdPage,
      }[card],
      {
        entity,
        backendUrl: backend.url,
        features: [argoCdPlugin],
        config: { argocd: argocdConfig },
      },
    );
  };

  it('says so in a row whose commit details Argo CD cannot give', async () => {
    // first of the tests that read revisions: no other request takes it
    argocd.failNext('GET', /\/revisions\/.*\/metadata$/, 500);
    render('historyCard');
    expect(
      await screen.findByText(
        /^Commit details unavailable: failed to fetch data, status 500/,
      ),
    ).toBeInTheDocument();
    // the other rows have theirs
    await waitFor(() => expect(screen.queryByText('Loading...')).toBeNull());
  });

  it("shows argocd/app-name's application, synced and healthy, on its instance", async () => {
    render('overviewCard');
    const row = (await screen.findByText('Synced')).closest('tr')!;
    expect(within(row).getByText('order-service')).toBeInTheDocument();
    expect(within(row).getByText('production')).toBeInTheDocument();
    expect(within(row).getByText('Healthy')).toBeInTheDocument();
  });

  it('finds the applications of argocd/app-selector', async () => {
    render('overviewCard', {
      'argocd/app-selector': 'app.kubernetes.io/name=order-service',
    });
    const row = (await screen.findByText('Synced')).closest('tr')!;
    expect(within(row).getByText('order-service')).toBeInTheDocument();
  });

  it.each(['historyCard', 'tab'] as const)(
    'shows the deployment history with its revisions (%s)',
    async card => {
      render(card);
      expect(await screen.findByText('ArgoCD history')).toBeInTheDocument();
      for (const revision of revisions) {
        expect(await screen.findByText(revision)).toBeInTheDocument();
      }
      // each row's commit, from Argo CD's revision metadata
      await waitFor(() => expect(screen.queryByText('Loading...')).toBeNull());
    },
  );

  it('shows an error naming the instance when Argo CD fails', async () => {
    // the lookup of the instances, then our client's question to production
    argocd.failNext(
      'GET',
      /^\/api\/v1\/applications\/order-service$/,
      503,
      undefined,
      2,
    );
    render('overviewCard');
    expect(
      await screen.findByText(/Error occurred while fetching data/),
    ).toHaveTextContent(
      /Argo CD could not be asked for the application order-service \(production: .*503/,
    );
  });

  it('shows an error, not an empty table, for an application Argo CD does not have', async () => {
    render('overviewCard', { 'argocd/app-name': 'no-such-app' });
    expect(
      await screen.findByText(/Error occurred while fetching data/),
    ).toHaveTextContent(/no-such-app/);
  });

  describe("the status card's calls", () => {
    // Roadie's client (io-ts, fp-ts) is loaded only for the history
    const client = (inner = jest.fn()) => {
      const token = mockCredentials.user.token();
      return new ArgoCdClient({
        inner,
        discoveryApi: mockApis.discovery({ baseUrl: backend.url }),
        fetchApi: mockApis.fetch({ injectIdentityAuth: { token } }),
        instanceNames: ['production'],
        searchInstances: true,
        useNamespacedApps: false,
      });
    };

    it("find the application's instance and read it without Roadie's client", async () => {
      const inner = jest.fn();
      const api = client(inner);
      const instances = await api.serviceLocatorUrl({
        appName: 'order-service',
      });
      expect(instances).toEqual([
        expect.objectContaining({ name: 'production' }),
      ]);
      const app = await api.getAppDetails({
        url: '/argocd/api',
        appName: 'order-service',
        instance: 'production',
      });
      expect(app.metadata.name).toBe('order-service');
      expect(app.status.sync.status).toBe('Synced');
      const list = await api.getAppListDetails({
        url: '/argocd/api',
        appSelector: 'app.kubernetes.io/name=order-service',
        instance: 'production',
      });
      expect(list.items?.map(i => i.metadata.name)).toEqual(['order-service']);
      expect(inner).not.toHaveBeenCalled();
    });

    it("refuse a lookup without a name or selector, and give the backend's error", async () => {
      const api = client();
      await expect(api.serviceLocatorUrl({})).rejects.toMatchObject({
        name: 'InputError',
      });
      await expect(
        api.getAppDetails({
          url: '/argocd/api',
          appName: 'order-service',
          instance: 'no-such-instance',
        }),
      ).rejects.toMatchObject({ name: 'ResponseError' });
    });
  });

  it("sends the status card's calls to the proxy's argocd/proxy-url without instance search, as Roadie's client does", async () => {
    const urls: string[] = [];
    const api = new ArgoCdClient({
      inner: jest.fn(),
      discoveryApi: mockApis.discovery({ baseUrl: 'http://portal' }),
      fetchApi: {
        fetch: async (url: RequestInfo | URL) => {
          urls.push(String(url));
          return new Response('{"items":[]}');
        },
      },
      instanceNames: [],
      searchInstances: false,
      useNamespacedApps: true,
    });
    await api.getAppDetails({
      url: '/argocd/api',
      appName: 'order service',
      appNamespace: 'ns',
    });
    await api.getAppListDetails({ url: '/argocd/api', appSelector: 'a=b' });
    expect(urls).toEqual([
      'http://portal/api/proxy/argocd/api/applications/order%20service?appNamespace=ns',
      'http://portal/api/proxy/argocd/api/applications/selector/a%3Db',
    ]);
  });

  describe("the overview's deployment status", () => {
    it("shows argocd/app-name's application: sync, health and when, on its instance", async () => {
      render('status');
      const status = await screen.findByTestId('entity-argocd-status');
      const app = within(status).getByText('order-service on production');
      const item = within(app.closest('li')!);
      expect(item.getByText('Synced')).toBeInTheDocument();
      expect(item.getByText('Healthy')).toBeInTheDocument();
      expect(item.getByText(/^synced \S+/)).toBeInTheDocument();
    });

    it('finds the applications of argocd/app-selector', async () => {
      render('status', {
        'argocd/app-selector': 'app.kubernetes.io/name=order-service',
      });
      const status = await screen.findByTestId('entity-argocd-status');
      expect(status).toHaveTextContent(/order-service on production/);
      expect(within(status).getByText('Synced')).toBeInTheDocument();
      expect(within(status).getByText('Healthy')).toBeInTheDocument();
    });

    it('shows the error naming the instance when Argo CD fails', async () => {
      argocd.failNext(
        'GET',
        /^\/api\/v1\/applications\/order-service$/,
        503,
        undefined,
        2,
      );
      render('status');
      expect(
        await screen.findByText(/^Error: Argo CD could not be asked/, {
          selector: 'h6',
        }),
      ).toHaveTextContent(/application order-service \(production: .*503/);
      expect(screen.queryByTestId('entity-argocd-status')).toBeNull();
    });
  });
});
