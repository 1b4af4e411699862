import { createMockDirectory } from '@backstage/backend-test-utils';
import { VaultStandIn } from 'sandbox';
import {
  BackendProcess,
  readyAndSignedIn,
  startBackendProcess,
} from '../__testUtils__/backendProcess';

/*
 * vault:create-namespace in the real backend: registered with its typed
 * schema (what the template editor lists), and dry-run aware through
 * POST /api/scaffolder/v2/dry-run, with a Vault stand-in that must receive
 * nothing.
 */

jest.setTimeout(240_000);

const template = (namespaceName: string) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'vault-dry-run', title: 'Vault dry run' },
  spec: {
    owner: 'group:platform-team',
    type: 'service',
    parameters: [
      {
        title: 'Service',
        required: ['name'],
        properties: { name: { type: 'string' } },
      },
    ],
    steps: [
      {
        id: 'vault',
        name: 'Create Vault namespace',
        action: 'vault:create-namespace',
        input: { namespaceName, teamName: 'order-squad' },
      },
    ],
    output: {
      vaultPath: '${{ steps.vault.output.vaultPath }}',
      vaultPolicy: '${{ steps.vault.output.vaultPolicy }}',
    },
  },
});

describe('vault:create-namespace in the backend', () => {
  const dataDir = createMockDirectory();
  let vault: VaultStandIn;
  let backend: BackendProcess;
  let token: string;

  beforeAll(async () => {
    vault = await VaultStandIn.start();
    backend = await startBackendProcess({
      env: {
        APP_CONFIG_backend_database_connection_directory: dataDir.path,
        APP_CONFIG_vault: JSON.stringify({
          baseUrl: vault.url,
          token: 'sandbox-root-token',
        }),
      },
    });
    token = await readyAndSignedIn(backend);
  });

  afterAll(async () => {
    await backend?.stop();
    await vault?.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${backend.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });

  it('is listed with its typed input schema', async () => {
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/actions`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const actions = (await res.json()) as {
      id: string;
      schema?: { input?: any };
    }[];
    const action = actions.find(a => a.id === 'vault:create-namespace');
    expect(action?.schema?.input).toMatchObject({
      required: ['namespaceName', 'teamName'],
      properties: {
        namespaceName: { type: 'string' },
        teamName: { type: 'string' },
      },
    });
  });

  it('dry-runs without calling Vault and fills the outputs', async () => {
    const res = await post('/api/scaffolder/v2/dry-run', {
      template: template('${{ parameters.name }}'),
      values: { name: 'payment-webhook-handler' },
      secrets: {},
      directoryContents: [],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      output: Record<string, string>;
      log: { body: { message: string } }[];
    };
    expect(body.output).toEqual({
      vaultPath: 'payment-webhook-handler/',
      vaultPolicy: 'payment-webhook-handler-rw',
    });
    expect(body.log.map(l => l.body.message).join('\n')).toContain(
      'Dry run: would mount a KV v2 secrets engine at payment-webhook-handler/',
    );
    expect(vault.requests).toEqual([]);
  });

  it('refuses a hostile name in the dry run, stating the rule', async () => {
    const res = await post('/api/scaffolder/v2/dry-run', {
      template: template('x" {} path "sys/*'),
      values: { name: 'ignored' },
      secrets: {},
      directoryContents: [],
    });
    const text = await res.text();
    expect(text).toContain('is not allowed: use 1 to 50 characters');
    expect(vault.requests).toEqual([]);
  });
});
