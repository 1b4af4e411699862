import { mockCredentials } from '@backstage/backend-test-utils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCatalogBackend } from './__testUtils__/startCatalogBackend';

/*
 * catalog:dry-run-register-entity through the actions registry's HTTP API
 * (what the MCP server calls), with the real catalog and the portal's
 * permission policy: the platform team sees what a catalog-info.yaml would
 * add and nothing is registered; anyone else is refused; bad input and a
 * file that cannot be read are explained.
 */

jest.setTimeout(60_000);

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
  let backend: Awaited<ReturnType<typeof startCatalogBackend>>;

  beforeAll(async () => {
    files = http.createServer((req, res) => {
      if (req.url === '/myorg/cart-service/catalog-info.yaml') {
        res.writeHead(200, { 'content-type': 'text/yaml' }).end(CATALOG_INFO);
      } else res.writeHead(404).end('Not Found');
    });
    await new Promise<void>(r => files.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(files.address() as AddressInfo).port}`;
    filesUrl = `http://${host}`;
    backend = await startCatalogBackend({
      backend: { reading: { allow: [{ host }] } },
    });
    base = backend.base;
  });

  afterAll(async () => {
    await backend?.stop();
    await new Promise(r => files?.close(r));
  });

  const invoke = (user: string, input: unknown) => backend.invoke(user, input);

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
