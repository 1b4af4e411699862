import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModuleFilePlaceholders } from './module';

// The real catalog plugin ingests a real file location, with and without this
// module: the definition is read only with it.
describe('catalogModuleFilePlaceholders', () => {
  const mockDir = createMockDirectory({
    content: {
      'catalog/apis/order.openapi.yaml':
        'openapi: 3.0.3\ninfo: {title: Orders, version: 2.0.0}\npaths: {}\n',
      'catalog/entities.yaml': `
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: order-api}
spec:
  type: openapi
  lifecycle: production
  owner: team-a
  definition:
    $text: ./apis/order.openapi.yaml
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: inline-api}
spec: {type: openapi, lifecycle: production, owner: team-a, definition: 'openapi: 3.0.3'}
`,
    },
  });

  async function ingest(withModule: boolean) {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        ...(withModule ? [catalogModuleFilePlaceholders] : []),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['API', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: mockDir.resolve('catalog/entities.yaml'),
                },
              ],
              processingInterval: { seconds: 1 },
              filePlaceholders: {
                allowedDirectories: [mockDir.resolve('catalog')],
              },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    const get = (name: string) =>
      fetch(
        `http://localhost:${port}/api/catalog/entities/by-name/api/default/${name}`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
    try {
      // inline-api has no placeholder: once it is there, the file was processed.
      await waitFor(async () => (await get('inline-api')).status === 200);
      await new Promise(r => setTimeout(r, 2000));
      const res = await get('order-api');
      return res.status === 200
        ? ((await res.json()) as { spec: { definition: string } })
        : res.status;
    } finally {
      await backend.stop();
    }
  }

  it('puts the file content into the entity', async () => {
    const entity = await ingest(true);
    expect(entity).toMatchObject({
      spec: { definition: expect.stringContaining('title: Orders') },
    });
  }, 30_000);

  it('without it, the built-in processor refuses the relative path', async () => {
    expect(await ingest(false)).toBe(404);
  }, 30_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for the catalog');
}
