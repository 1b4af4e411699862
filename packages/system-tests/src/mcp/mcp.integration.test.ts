import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  FREE_SANDBOX_PORTS,
  SANDBOX_CREDENTIALS,
  startSandbox,
  type Sandbox,
} from 'sandbox';
import { readTemplateFolder } from 'template-dry-run';
import { parse, stringify } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { popupSignIn } from '../__testUtils__/popupSignIn';
import { pgConnection } from '../__testUtils__/productionEnv';
import { sandboxIntegrationsConfig } from '../__testUtils__/sandboxConfig';

/*
 * The portal's MCP server (/api/mcp-actions/v1) with a real MCP client (the
 * SDK's Client over the Streamable HTTP transport, as editors connect),
 * against the real backend on PostgreSQL with the sandbox:
 *
 * - tools/list lists the tools of docs/mcp.md, every one read-only;
 * - each tool called once with good input and once with bad input, which
 *   is refused with an MCP tool error that says why;
 * - a user outside the platform team (alice, signed in with GitHub) is
 *   refused the tool that needs the platform team's permission;
 * - the scorecard tool's answer for order-service is the scorecard API's;
 * - the agent token of app-config.production.yaml: read-only tools without
 *   the scaffolder's, and nothing but the MCP server.
 */

jest.setTimeout(600_000);

const TOOLS = [
  'catalog.dry-run-register-entity',
  'catalog.get-catalog-entity',
  'catalog.query-catalog-entities',
  'scaffolder.dry-run-catalog-template',
  'scaffolder.dry-run-template',
  'scaffolder.list-templates',
  'scorecard.get-entity-scorecard',
  'scorecard.get-team-failing-checks',
  'search.query',
  'techdocs.get-techdocs-page',
];

const AGENT_TOKEN = `mcp-agent-test-${Date.now().toString(36)}`;
const GOLDEN_PATH_VALUES = {
  name: 'payment-webhook-handler',
  description: 'Receives payment provider webhooks',
  owner: 'group:default/payments-squad',
  repoUrl: 'github.com?owner=myorg&repo=payment-webhook-handler',
};
const NEW_CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: order-notifier
  description: Tells customers where their order is
spec:
  type: service
  lifecycle: experimental
  owner: group:order-squad
`;

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: any;
};

/** The agent token's entry of the production config, as production has it. */
function productionAgentAccess() {
  const production = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.production.yaml'), 'utf8'),
  );
  const entry = production.backend.auth.externalAccess.find(
    (e: { accessRestrictions?: { plugin: string }[] }) =>
      e.accessRestrictions?.some(r => r.plugin === 'mcp-actions'),
  );
  expect(entry?.options.token).toBe('${MCP_AGENT_TOKEN}');
  return entry;
}

describe('MCP server', () => {
  const databasePrefix = `portal_mcp_${Date.now().toString(36)}_`;
  let workDir: string;
  let sandbox: Sandbox;
  let backend: BackendProcess;
  let guest: string;
  let alice: string;
  const clients: McpClient[] = [];

  const api = async (p: string, token: string) => {
    const res = await fetch(`${backend.baseUrl}${p}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };

  async function connect(token: string) {
    const client = new McpClient({ name: 'portal-mcp-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${backend.baseUrl}/api/mcp-actions/v1`),
        { requestInit: { headers: { authorization: `Bearer ${token}` } } },
      ),
    );
    clients.push(client);
    return client;
  }

  const call = async (
    client: McpClient,
    name: string,
    args: Record<string, unknown>,
  ) =>
    (await client.callTool({ name, arguments: args }, undefined, {
      timeout: 180_000,
    })) as ToolResult;

  const errorText = (result: ToolResult) => {
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    return result.content.map(c => c.text).join('\n');
  };

  const ok = (result: ToolResult) => {
    if (result.isError) throw new Error(errorText(result));
    return result.structuredContent;
  };

  /** GitHub sign-in through the sandbox's OAuth App, which signs in alice. */
  async function signInWithGitHub() {
    const { page, body } = await popupSignIn({
      baseUrl: backend.baseUrl,
      provider: 'github',
      scope: 'read:user',
      env: 'development',
    });
    if (!body) throw new Error(`GitHub sign-in failed: ${page.slice(0, 500)}`);
    expect(body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: expect.not.arrayContaining([
        'group:default/platform-team',
      ]),
    });
    return body.backstageIdentity.token;
  }

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-'));
    sandbox = await startSandbox({ ports: FREE_SANDBOX_PORTS, repoRoot });
    // a catalog-info.yaml nobody registered yet
    sandbox.github.setFile(
      'myorg',
      'order-service',
      'notifier/catalog-info.yaml',
      NEW_CATALOG_INFO,
    );
    const overrides = {
      backend: {
        database: {
          client: 'pg',
          connection: pgConnection,
          prefix: databasePrefix,
        },
        auth: { externalAccess: [productionAgentAccess()] },
      },
      ...sandboxIntegrationsConfig(sandbox),
      auth: {
        providers: {
          // GitHub sign-in (alice, order-squad), beside guest (platform-team)
          github: {
            development: {
              clientId: SANDBOX_CREDENTIALS.githubOAuthClientId,
              clientSecret: SANDBOX_CREDENTIALS.githubOAuthClientSecret,
              enterpriseInstanceUrl: sandbox.github.url,
              signIn: {
                resolvers: [{ resolver: 'usernameMatchingUserEntityName' }],
              },
            },
          },
        },
      },
    };
    const configFile = path.join(workDir, 'mcp.yaml');
    fs.writeFileSync(configFile, stringify(overrides));
    backend = await startBackendProcess({
      args: ['--config', '../../app-config.yaml', '--config', configFile],
      env: { MCP_AGENT_TOKEN: AGENT_TOKEN },
    });
    guest = await readyAndSignedIn(backend);
    await waitUntil(
      'the example catalog, the template and the scorecard of order-service',
      async () => {
        for (const p of [
          '/api/catalog/entities/by-name/user/default/alice',
          '/api/catalog/entities/by-name/template/default/go-microservice-template',
          '/api/scorecard/v1/entities/component/default/order-service',
        ]) {
          if ((await api(p, guest)).status !== 200) return undefined;
        }
        return true;
      },
      { timeoutMs: 180_000, backend },
    );
    alice = await signInWithGitHub();
    // order-service's docs built, as opening them in the portal does...
    const sync = await fetch(
      `${backend.baseUrl}/api/techdocs/sync/default/component/order-service`,
      { headers: { authorization: `Bearer ${guest}` } },
    );
    const synced = await sync.text();
    if (!synced.includes('event: finish')) {
      throw new Error(`order-service's docs were not built: ${synced}`);
    }
    // ...and indexed by the next run of the TechDocs collator
    await waitUntil(
      "order-service's docs in the search index",
      async () => {
        const { body } = await api(
          '/api/search/query?term=runbook&types[0]=techdocs',
          guest,
        );
        return body.results?.some((r: any) =>
          r.document.location.startsWith(
            '/docs/default/component/order-service/',
          ),
        )
          ? true
          : undefined;
      },
      { timeoutMs: 120_000, backend },
    );
  });

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await backend?.stop();
    await sandbox?.close();
    const pg = new Client({ ...pgConnection, database: 'postgres' });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${databasePrefix}%`],
    );
    for (const { datname } of rows) {
      await pg.query(`drop database if exists "${datname}" with (force)`);
    }
    await pg.end();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('refuses a client without a token, and points it at the portal to sign in', async () => {
    const res = await fetch(`${backend.baseUrl}/api/mcp-actions/v1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/list',
      }),
    });
    expect(res.status).toBe(401);
    // OAuth discovery for MCP clients (Client ID Metadata Documents)
    const metadata = await fetch(
      `${backend.baseUrl}/.well-known/oauth-protected-resource/api/mcp-actions/v1`,
    );
    expect(await metadata.json()).toMatchObject({
      resource: `${backend.baseUrl}/api/mcp-actions/v1`,
      authorization_servers: [`${backend.baseUrl}/api/auth`],
    });
  });

  it('lists the tools, each read-only with a description and an input schema', async () => {
    const client = await connect(guest);
    expect(client.getServerVersion()?.name).toBe('myorg-developer-portal');
    expect(client.getInstructions()).toMatch(/acts as the signed-in user/);
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect({
        tool: tool.name,
        readOnly: tool.annotations?.readOnlyHint,
        destructive: tool.annotations?.destructiveHint,
        type: tool.inputSchema.type,
      }).toEqual({
        tool: tool.name,
        readOnly: true,
        destructive: false,
        type: 'object',
      });
      expect(tool.description?.length).toBeGreaterThan(60);
    }
  });

  it('catalog: finds entities by filter and by text, and gets one with its relations', async () => {
    const client = await connect(alice);
    const byFilter = ok(
      await call(client, 'catalog.query-catalog-entities', {
        query: {
          kind: 'Component',
          'relations.ownedBy': 'group:default/order-squad',
        },
        fields: ['kind', 'metadata.name'],
      }),
    );
    expect(byFilter.items.map((e: any) => e.metadata.name)).toContain(
      'order-service',
    );
    const byText = ok(
      await call(client, 'catalog.query-catalog-entities', {
        fullTextFilter: {
          term: 'customer orders',
          fields: ['metadata.description'],
        },
      }),
    );
    expect(byText.items.map((e: any) => e.metadata.name)).toContain(
      'order-service',
    );
    expect(
      errorText(
        await call(client, 'catalog.query-catalog-entities', { limit: -5 }),
      ),
    ).toMatch(
      /^InputError: Invalid input to action "catalog:query-catalog-entities".*limit/s,
    );

    const entity = ok(
      await call(client, 'catalog.get-catalog-entity', {
        kind: 'Component',
        name: 'order-service',
      }),
    );
    expect(entity.relations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'ownedBy',
          targetRef: 'group:default/order-squad',
        }),
        expect.objectContaining({
          type: 'partOf',
          targetRef: 'system:default/order-management-system',
        }),
      ]),
    );
    expect(
      errorText(await call(client, 'catalog.get-catalog-entity', {})),
    ).toMatch(/^InputError: .*"path": \[\s*"name"\s*\].*Required/s);
  });

  it('catalog: the platform team previews a registration; anyone else is refused with an MCP error', async () => {
    const locationUrl =
      'https://github.com/myorg/order-service/blob/main/notifier/catalog-info.yaml';
    const asGuest = await connect(guest);
    expect(
      ok(
        await call(asGuest, 'catalog.dry-run-register-entity', { locationUrl }),
      ),
    ).toEqual({
      locationUrl,
      alreadyRegistered: false,
      entities: [
        {
          entityRef: 'component:default/order-notifier',
          description: 'Tells customers where their order is',
          owner: 'group:order-squad',
        },
      ],
    });
    expect(
      errorText(
        await call(asGuest, 'catalog.dry-run-register-entity', {
          locationUrl: 'notifier/catalog-info.yaml',
        }),
      ),
    ).toMatch(
      /^InputError: .*must be the http\(s\) URL of a catalog-info\.yaml/s,
    );
    // nothing was registered
    expect(
      (
        await api(
          '/api/catalog/entities/by-name/component/default/order-notifier',
          guest,
        )
      ).status,
    ).toBe(404);

    // alice is not in the platform team: the same call is refused, whole
    const asAlice = await connect(alice);
    const refused = await call(asAlice, 'catalog.dry-run-register-entity', {
      locationUrl,
    });
    expect(refused.content).toEqual([
      {
        type: 'text',
        text: 'NotAllowedError: Registering catalog locations is for the platform team (permission catalog.location.create): ask them to register it, or push the catalog-info.yaml to main for discovery',
      },
    ]);
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toBeUndefined();
  });

  it('scaffolder: lists the templates with their parameters, and dry-runs one with parameters', async () => {
    const client = await connect(alice);
    const { templates } = ok(
      await call(client, 'scaffolder.list-templates', {}),
    );
    const goldenPath = templates.find(
      (t: any) => t.templateRef === 'template:default/go-microservice-template',
    );
    expect(goldenPath).toMatchObject({
      url: 'http://localhost:3000/create/templates/default/go-microservice-template',
      parameters: expect.arrayContaining([
        expect.objectContaining({
          schema: expect.objectContaining({
            required: ['name', 'description', 'owner'],
          }),
        }),
      ]),
    });
    expect(
      errorText(await call(client, 'scaffolder.list-templates', { limit: 0 })),
    ).toMatch(/^InputError: .*greater than or equal to 1.*"limit"/s);

    const run = ok(
      await call(client, 'scaffolder.dry-run-catalog-template', {
        templateRef: 'go-microservice-template',
        values: GOLDEN_PATH_VALUES,
      }),
    );
    const catalogInfo = run.files.find(
      (f: any) => f.path === 'catalog-info.yaml',
    );
    expect(catalogInfo.content).toContain('name: payment-webhook-handler');
    expect(run.steps.map((s: any) => s.action)).toContain('publish:github');
    // a dry run: nothing published
    expect(
      sandbox.github.findRepo('myorg', 'payment-webhook-handler'),
    ).toBeUndefined();
    expect(
      errorText(
        await call(client, 'scaffolder.dry-run-catalog-template', {
          templateRef: 'go-microservice-template',
          values: { ...GOLDEN_PATH_VALUES, name: 'Not A Name' },
        }),
      ),
    ).toMatch(
      /^InputError: The template's parameters were refused: .*name does not match pattern/,
    );
    expect(
      errorText(
        await call(client, 'scaffolder.dry-run-catalog-template', {
          templateRef: 'go-microservice-template',
          values: 'name=x',
        }),
      ),
    ).toMatch(/^InputError: .*values.*Expected object, received string/s);
  });

  it("scaffolder: dry-runs a template's YAML and files (upstream's tool)", async () => {
    const client = await connect(alice);
    const folder = readTemplateFolder(
      path.join(repoRoot, 'templates/go-microservice-template'),
    );
    const result = ok(
      await call(client, 'scaffolder.dry-run-template', {
        templateYaml: stringify(folder.template),
        values: GOLDEN_PATH_VALUES,
        files: folder.files.map(f => ({
          path: f.path,
          content: f.content.toString('utf8'),
        })),
      }),
    );
    expect(result).toMatchObject({
      valid: true,
      output: expect.objectContaining({ links: expect.any(Array) }),
    });
    expect(
      errorText(
        await call(client, 'scaffolder.dry-run-template', { templateYaml: 42 }),
      ),
    ).toMatch(/^InputError: .*templateYaml.*Expected string, received number/s);
  });

  it('search and TechDocs: finds a docs page and reads it', async () => {
    const client = await connect(alice);
    const { results } = ok(
      await call(client, 'search.query', {
        term: 'runbook',
        types: ['techdocs'],
      }),
    );
    const runbook = results.find(
      (r: any) =>
        r.document.location ===
        '/docs/default/component/order-service/ops/runbook/',
    );
    expect(runbook).toBeDefined();
    expect(
      errorText(
        await call(client, 'search.query', {
          term: 'runbook',
          types: ['wiki'],
        }),
      ),
    ).toMatch(/^InputError: .*types.*Invalid enum value/s);

    const page = ok(
      await call(client, 'techdocs.get-techdocs-page', {
        location: runbook.document.location,
      }),
    );
    expect(page).toMatchObject({
      entityRef: 'component:default/order-service',
      title: 'Runbook',
      url: 'http://localhost:3000/docs/default/component/order-service/ops/runbook/',
    });
    const source = fs.readFileSync(
      path.join(repoRoot, 'catalog/ecommerce/docs/ops/runbook.md'),
      'utf8',
    );
    // every heading of the page is a section, linked
    const headings = [...source.matchAll(/^#{2,3} (.+)$/gm)].map(m =>
      m[1].replace(/`/g, '').trim(),
    );
    expect(page.sections.map((s: any) => s.title)).toEqual(
      expect.arrayContaining(headings.slice(0, 3)),
    );
    expect(page.sections[0].url).toMatch(
      /^http:\/\/localhost:3000\/docs\/default\/component\/order-service\/ops\/runbook\/#/,
    );
    expect(page.text.length).toBeGreaterThan(200);
    expect(
      errorText(
        await call(client, 'techdocs.get-techdocs-page', {
          location: '/catalog/default/component/order-service',
        }),
      ),
    ).toMatch(/^InputError: .*must be a docs page/s);
  });

  it("scorecards: order-service's scorecard is the scorecard API's; a team's failing checks", async () => {
    const client = await connect(alice);
    const fromApi = async () =>
      (
        await api(
          '/api/scorecard/v1/entities/component/default/order-service',
          alice,
        )
      ).body;
    const before = await fromApi();
    const tool = ok(
      await call(client, 'scorecard.get-entity-scorecard', {
        entityRef: 'component:default/order-service',
      }),
    );
    expect(await fromApi()).toEqual(before);
    expect(tool).toEqual({
      ...before,
      url: 'http://localhost:3000/catalog/default/component/order-service',
      checks: before.checks.map((c: any) => ({
        ...c,
        ...(c.howToFix && { howToFix: `http://localhost:3000${c.howToFix}` }),
      })),
    });
    expect(before.checks.length).toBeGreaterThan(5);
    expect(
      errorText(
        await call(client, 'scorecard.get-entity-scorecard', {
          entityRef: 'component:default/',
        }),
      ),
    ).toMatch(/^InputError: .*must be an entity reference/s);

    const team = ok(
      await call(client, 'scorecard.get-team-failing-checks', {
        team: 'order-squad',
      }),
    );
    const failing = before.checks.filter(
      (c: any) => c.status === 'failed' && !c.exempt,
    );
    expect(failing.length).toBeGreaterThan(0);
    expect(
      team.entities
        .find((e: any) => e.entityRef === 'component:default/order-service')
        ?.failing.map((c: any) => c.id),
    ).toEqual(failing.map((c: any) => c.id));
    expect(
      errorText(
        await call(client, 'scorecard.get-team-failing-checks', { team: 5 }),
      ),
    ).toMatch(/^InputError: .*team.*Expected string, received number/s);
  });

  it("the agent token: read-only tools without the scaffolder's, on the MCP server only", async () => {
    const client = await connect(AGENT_TOKEN);
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual(
      TOOLS.filter(t => !t.startsWith('scaffolder.')),
    );
    const scorecard = ok(
      await call(client, 'scorecard.get-entity-scorecard', {
        entityRef: 'order-service',
      }),
    );
    expect(scorecard.entityRef).toBe('component:default/order-service');
    expect(
      errorText(
        await call(client, 'scaffolder.dry-run-catalog-template', {
          templateRef: 'go-microservice-template',
          values: GOLDEN_PATH_VALUES,
        }),
      ),
    ).toBe(
      'NotFoundError: Action "scaffolder.dry-run-catalog-template" not found',
    );
    // the token names the catalog for its tools' calls, but cannot call it
    const direct = await api('/api/catalog/entities?limit=1', AGENT_TOKEN);
    expect(direct.status).toBe(403);
    expect(direct.body.error.message).toMatch(/MCP agent token/);
  });

  it('logged no error meanwhile', () => {
    expect(backend.errorLines()).toEqual([]);
  });
});
