import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { isMcpServerPath, mcpAgentGuard } from './mcpAgentGuard';

const AGENT = 'agent-token-for-tests-only';
const CI = 'ci-token-for-tests-only';

const config = new ConfigReader({
  backend: {
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: CI, subject: 'external-ci' },
          accessRestrictions: [{ plugin: 'catalog' }, { plugin: 'techdocs' }],
        },
        {
          type: 'static',
          options: { token: AGENT, subject: 'mcp-agents' },
          accessRestrictions: [
            { plugin: 'mcp-actions' },
            { plugin: 'catalog' },
            { plugin: 'search' },
          ],
        },
      ],
    },
  },
});

describe('isMcpServerPath', () => {
  it.each([
    ['/api/mcp-actions/v1', true],
    ['/api/mcp-actions', true],
    ['/api/mcp-actions/v1/catalog', true],
    ['/api/mcp-actions-x/v1', false],
    ['/api/catalog/entities', false],
    ['/api/mcp-actions/../catalog/entities', false],
    ['/api/mcp-actions/%2E%2E/catalog/entities', false],
    ['/api/mcp-actions/%E0%A4%A', false],
  ])('%s: %s', (p, expected) => {
    expect(isMcpServerPath(p)).toBe(expected);
  });
});

describe('mcpAgentGuard', () => {
  let base: string;
  let server: ReturnType<express.Express['listen']>;

  beforeAll(async () => {
    const app = express();
    app.use(mcpAgentGuard(config));
    app.use((_req, res) => {
      res.json({ reached: true });
    });
    app.use(
      MiddlewareFactory.create({
        config,
        logger: mockServices.logger.mock(),
      }).error(),
    );
    server = app.listen(0);
    await new Promise(r => server.once('listening', r));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(r => server.close(r)));

  const get = async (p: string, token?: string) => {
    const res = await fetch(`${base}${p}`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: await res.json() };
  };

  it('lets the agent token reach the MCP server', async () => {
    expect(await get('/api/mcp-actions/v1', AGENT)).toEqual({
      status: 200,
      body: { reached: true },
    });
  });

  it("refuses the agent token on the plugins it names for its tools' calls", async () => {
    for (const p of [
      '/api/catalog/entities',
      '/api/catalog/locations',
      '/api/search/query',
      '/api/catalog/.backstage/actions/v1/actions/catalog:get-catalog-entity/invoke',
    ]) {
      const { status, body } = await get(p, AGENT);
      expect({ p, status }).toEqual({ p, status: 403 });
      expect(body.error).toEqual({
        name: 'NotAllowedError',
        message:
          'This token is an MCP agent token: it is accepted on the MCP server (/api/mcp-actions/v1) only',
      });
    }
  });

  it('leaves other tokens and requests without one alone', async () => {
    expect((await get('/api/catalog/entities', CI)).status).toBe(200);
    expect((await get('/api/catalog/entities', `${AGENT}x`)).status).toBe(200);
    expect((await get('/api/catalog/entities')).status).toBe(200);
  });
});
