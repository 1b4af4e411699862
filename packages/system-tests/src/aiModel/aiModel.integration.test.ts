import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import aiModelModule from '@backstage/plugin-catalog-backend-module-ai-model';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';

/*
 * The AI model in the catalog (@backstage/plugin-catalog-backend-module-ai-model):
 * entities of the shape of upstream's example catalog (backstage/backstage
 * packages/catalog-model/examples: ai-resources/ and
 * apis/backstage-mcp-server-api.yaml), written for MyOrg in fixtures/, pass
 * the real backend's catalog processing (POST /api/catalog/validate-entity
 * runs every processor, ours included); broken ones are refused with a
 * message naming the field. The same catalog without the module refuses
 * them all, so the module is what makes the difference. And the portal's
 * MCP server entity points at the path the backend serves MCP on.
 */

jest.setTimeout(300_000);

const fixturesDir = path.join(__dirname, 'fixtures');
const readFixtures = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .map(file => [file, parse(fs.readFileSync(path.join(dir, file), 'utf8'))]);
const accepted = readFixtures(fixturesDir);
const refused: Record<string, RegExp> = {
  'rule-without-rationale.yaml': /must have required property 'rationale'/,
  'skill-allowed-tools-list.yaml': /\/spec\/allowedTools must be string/,
  'mcp-server-without-remotes.yaml': /must have required property 'remotes'/,
};

/** validate-entity's answer: 200, or 400 with the processing errors. */
async function validate(
  baseUrl: string,
  authorization: string,
  entity: unknown,
): Promise<{ status: number; errors: string[] }> {
  const res = await fetch(`${baseUrl}/api/catalog/validate-entity`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({
      entity,
      location:
        'url:https://github.com/myorg/agent-tools/blob/main/catalog-info.yaml',
    }),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  return {
    status: res.status,
    errors: (body.errors ?? []).map((e: { message: string }) => e.message),
  };
}

it('has the five upstream shapes among its fixtures', () => {
  expect(accepted.map(([, e]) => `${e.kind}:${e.spec.type}`).sort()).toEqual([
    'API:mcp-server',
    'AiResource:marketplace',
    'AiResource:plugin',
    'AiResource:rule',
    'AiResource:skill',
  ]);
  expect(fs.readdirSync(path.join(fixturesDir, 'refused')).sort()).toEqual(
    Object.keys(refused).sort(),
  );
});

describe('the portal backend', () => {
  const dataDir = createMockDirectory();
  let backend: BackendProcess;
  let authorization: string;

  beforeAll(async () => {
    backend = await startBackendProcess({
      env: {
        APP_CONFIG_backend_database_connection_directory:
          dataDir.resolve('sqlite'),
      },
    });
    authorization = `Bearer ${await readyAndSignedIn(backend)}`;
    // the fixtures' owners exist (the owner check runs on validation too)
    await waitUntil(
      'the example teams in the catalog',
      async () => {
        const res = await fetch(
          `${backend.baseUrl}/api/catalog/entities/by-refs`,
          {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              entityRefs: [
                'group:default/order-squad',
                'group:default/payments-squad',
                'group:default/platform-team',
              ],
            }),
          },
        );
        const { items } = (await res.json()) as { items: unknown[] };
        return items.every(Boolean) ? true : undefined;
      },
      { timeoutMs: 120_000, backend },
    );
  });

  afterAll(() => backend?.stop());

  it.each(accepted)('accepts %s', async (_file, entity) => {
    await expect(
      validate(backend.baseUrl, authorization, entity),
    ).resolves.toEqual({ status: 200, errors: [] });
  });

  it.each(Object.entries(refused))(
    'refuses %s, naming the field',
    async (file, message) => {
      const entity = parse(
        fs.readFileSync(path.join(fixturesDir, 'refused', file), 'utf8'),
      );
      const result = await validate(backend.baseUrl, authorization, entity);
      expect(result.status).toBe(400);
      expect(result.errors.join('\n')).toMatch(message);
    },
  );

  it("serves MCP where the portal's MCP server entity says", async () => {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/api/default/developer-portal-mcp`,
      { headers: { authorization } },
    );
    expect(res.status).toBe(200);
    const entity = (await res.json()) as {
      spec: { remotes: { type: string; url: string }[] };
    };
    expect(entity.spec.remotes.map(r => r.type)).toEqual(['streamable-http']);
    const { pathname } = new URL(entity.spec.remotes[0].url);

    const initialize = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-03-26',
            capabilities: {},
            clientInfo: { name: 'portal-test', version: '1.0.0' },
          },
        }),
      });
    const served = await initialize(`${backend.baseUrl}${pathname}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('"serverInfo"');
    // the path of upstream's example entity is not where this plugin serves
    const elsewhere = await initialize(`${backend.baseUrl}/api/mcp/v1`);
    expect(elsewhere.status).toBe(404);
  });
});

describe('the catalog with and without the ai-model module', () => {
  async function startCatalog(withModule: boolean) {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        ...(withModule ? [aiModelModule] : []),
        mockServices.rootConfig.factory({ data: { catalog: {} } }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    return { backend, baseUrl: `http://localhost:${port}` };
  }

  it('refuses every fixture without the module and accepts them with it', async () => {
    const without = await startCatalog(false);
    try {
      for (const [file, entity] of accepted) {
        const result = await validate(
          without.baseUrl,
          mockCredentials.user.header(),
          entity,
        );
        expect({ file, status: result.status }).toEqual({ file, status: 400 });
        expect(result.errors.join('\n')).toMatch(
          entity.kind === 'AiResource'
            ? /No processor recognized the entity airesource:default\/[a-z-]+ as valid/
            : /\/spec must have required property 'definition'/,
        );
      }
    } finally {
      await without.backend.stop();
    }

    const withModule = await startCatalog(true);
    try {
      for (const [file, entity] of accepted) {
        const result = await validate(
          withModule.baseUrl,
          mockCredentials.user.header(),
          entity,
        );
        expect({ file, ...result }).toEqual({ file, status: 200, errors: [] });
      }
    } finally {
      await withModule.backend.stop();
    }
  });
});
