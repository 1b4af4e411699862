import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import portalPolicy from '@internal/backstage-plugin-permission-backend-module-portal-policy';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogModuleMcpActions } from '../module';

/*
 * catalog:dry-run-register-entity through the actions registry's HTTP API
 * (what the MCP server calls), with the real catalog and the portal's
 * permission policy: the platform team sees what a catalog-info.yaml would
 * add and nothing is registered; anyone else is refused; bad input and a
 * file that cannot be read are explained.
 */

jest.setTimeout(60_000);

const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/order-squad'],
  'user:default/frank': ['user:default/frank', 'group:default/platform-team'],
};

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart-service
  title: Cart Service
  description: Keeps shopping carts
spec:
  type: service
  lifecycle: production
  owner: group:order-squad
`;

describe('catalog:dry-run-register-entity', () => {
  let files: http.Server;
  let filesUrl: string;
  let base: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    files = http.createServer((req, res) => {
      if (req.url === '/myorg/cart-service/catalog-info.yaml') {
        res.writeHead(200, { 'content-type': 'text/yaml' }).end(CATALOG_INFO);
      } else res.writeHead(404).end('Not Found');
    });
    await new Promise<void>(r => files.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(files.address() as AddressInfo).port}`;
    filesUrl = `http://${host}`;
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMcpActions,
        permissionPlugin,
        portalPolicy,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: ownership[ref] ?? [ref],
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            backend: { reading: { allow: [{ host }] } },
          },
        }),
      ],
    });
    base = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api/catalog`;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    await new Promise(r => files?.close(r));
  });

  const invoke = async (user: string, input: unknown) => {
    const res = await fetch(
      `${base}/.backstage/actions/v1/actions/catalog:dry-run-register-entity/invoke`,
      {
        method: 'POST',
        headers: {
          authorization: mockCredentials.user.header(`user:default/${user}`),
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
      },
    );
    return { status: res.status, body: await res.json() };
  };

  it('shows the platform team what the file would add, and registers nothing', async () => {
    const locationUrl = `${filesUrl}/myorg/cart-service/catalog-info.yaml`;
    const { status, body } = await invoke('frank', { locationUrl });
    expect(status).toBe(200);
    expect(body.output).toEqual({
      locationUrl,
      alreadyRegistered: false,
      entities: [
        {
          entityRef: 'component:default/cart-service',
          title: 'Cart Service',
          description: 'Keeps shopping carts',
          owner: 'group:order-squad',
        },
      ],
    });
    const locations = await fetch(`${base}/locations`, {
      headers: {
        authorization: mockCredentials.user.header('user:default/frank'),
      },
    });
    expect(
      ((await locations.json()) as { data: { target: string } }[]).map(
        l => l.data.target,
      ),
    ).not.toContain(locationUrl);
  });

  it('refuses anyone outside the platform team, saying why', async () => {
    const { status, body } = await invoke('alice', {
      locationUrl: `${filesUrl}/myorg/cart-service/catalog-info.yaml`,
    });
    expect(status).toBe(403);
    expect(body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /^Registering catalog locations is for the platform team \(permission catalog\.location\.create\)/,
      ),
    });
  });

  it('says what is wrong with bad input, and with a file it cannot read', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /locationUrl.*Required/s],
      [
        { locationUrl: 'catalog-info.yaml' },
        400,
        /must be the http\(s\) URL of a catalog-info\.yaml/,
      ],
      [
        { locationUrl: 'file:///etc/passwd' },
        400,
        /must be the http\(s\) URL of a catalog-info\.yaml/,
      ],
      [
        { locationUrl: `${filesUrl}/myorg/nothing/catalog-info.yaml` },
        400,
        /Unable to read url, no matching files found for http:\/\/127\.0\.0\.1:\d+\/myorg\/nothing\/catalog-info\.yaml/,
      ],
    ];
    for (const [input, status, message] of cases) {
      const res = await invoke('frank', input);
      expect({ input, status: res.status }).toEqual({ input, status });
      expect(res.body.error.message).toMatch(message);
    }
  });
});
