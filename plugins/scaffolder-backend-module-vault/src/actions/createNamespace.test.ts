import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonValue } from '@backstage/types';
import { ServiceUnavailableError } from '@backstage/errors';
import { fakeVault } from './__testUtils__/fakeVault';
import { createVaultCreateNamespaceAction } from './createNamespace';

/** Checkpoints persisted across runs, as the scaffolder's task state does. */
type Input = { namespaceName: string; teamName: string };
type Output = { vaultPath: string; vaultPolicy: string };
type Context = ActionContext<Input, Output>;

function checkpointStore(): Context['checkpoint'] {
  const done = new Map<string, JsonValue | void>();
  const checkpoint = async (opts: {
    key: string;
    fn: () => Promise<JsonValue | void> | JsonValue | void;
  }) => {
    if (done.has(opts.key)) return done.get(opts.key);
    const value = await opts.fn();
    done.set(opts.key, value);
    return value;
  };
  return checkpoint as Context['checkpoint'];
}

function context(input: Input, extra: Partial<Context> = {}): Context {
  const ctx = createMockActionContext<Input, Output>({ input });
  return Object.assign(ctx, extra);
}

const input = {
  namespaceName: 'payment-webhook-handler',
  teamName: 'payments-squad',
};

describe('vault:create-namespace', () => {
  it('mounts KV v2, writes the policy and fills the outputs', async () => {
    const { vault, mounts, policies } = fakeVault();
    const ctx = context(input);
    await createVaultCreateNamespaceAction({ vault }).handler(ctx);

    expect(mounts['payment-webhook-handler/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
      description: 'Secrets for payments-squad',
    });
    expect(policies['payment-webhook-handler-rw']).toBe(
      'path "payment-webhook-handler/*" {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'vaultPath',
      'payment-webhook-handler/',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'vaultPolicy',
      'payment-webhook-handler-rw',
    );
  });

  it('in a dry run calls nothing, logs the plan and fills the outputs', async () => {
    const { vault, calls } = fakeVault();
    const info = jest.fn();
    const ctx = context(input, { isDryRun: true });
    ctx.logger.info = info;
    await createVaultCreateNamespaceAction({ vault }).handler(ctx);

    expect(calls).toEqual([]);
    expect(info).toHaveBeenCalledWith(
      expect.stringContaining(
        'Dry run: would mount a KV v2 secrets engine at payment-webhook-handler/ ("Secrets for payments-squad") and write policy payment-webhook-handler-rw',
      ),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'vaultPath',
      'payment-webhook-handler/',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'vaultPolicy',
      'payment-webhook-handler-rw',
    );
  });

  it('validates both names before calling Vault', async () => {
    const { vault, calls } = fakeVault();
    const action = createVaultCreateNamespaceAction({ vault });
    await expect(
      action.handler(
        context({ namespaceName: 'ok', teamName: 'team"} path "sys/*" {' }),
      ),
    ).rejects.toThrow(/teamName .* is not allowed: use 1 to 50 characters/);
    await expect(
      action.handler(context({ namespaceName: '../sys', teamName: 'team' })),
    ).rejects.toThrow(/namespaceName "..\/sys" is not allowed/);
    // not even in a dry run
    await expect(
      action.handler(
        context({ namespaceName: 'a*', teamName: 'team' }, { isDryRun: true }),
      ),
    ).rejects.toThrow(/is not allowed/);
    expect(calls).toEqual([]);
  });

  it('re-running after success changes nothing and succeeds', async () => {
    const fake = fakeVault();
    const action = createVaultCreateNamespaceAction({ vault: fake.vault });
    await action.handler(context(input));
    fake.calls.length = 0;

    const ctx = context(input);
    await action.handler(ctx);
    expect(fake.calls).toEqual([
      'listMounts',
      'readPolicy payment-webhook-handler-rw',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'vaultPolicy',
      'payment-webhook-handler-rw',
    );
  });

  it('a retried task resumes after the mount without repeating it', async () => {
    const fake = fakeVault();
    const checkpoint = checkpointStore();
    const action = createVaultCreateNamespaceAction({ vault: fake.vault });

    fake.vault.failPolicyWrite = new ServiceUnavailableError('Vault is sealed');
    await expect(
      action.handler(context(input, { checkpoint })),
    ).rejects.toThrow('Vault is sealed');
    expect(fake.calls).toEqual([
      'listMounts',
      'mount payment-webhook-handler/',
      'readPolicy payment-webhook-handler-rw',
      'writePolicy payment-webhook-handler-rw',
    ]);

    fake.calls.length = 0;
    delete fake.vault.failPolicyWrite;
    await action.handler(context(input, { checkpoint }));
    expect(fake.calls).toEqual([
      'readPolicy payment-webhook-handler-rw',
      'writePolicy payment-webhook-handler-rw',
    ]);
    expect(Object.keys(fake.policies)).toEqual(['payment-webhook-handler-rw']);
  });

  it('a fresh task after a failure between mount and policy completes without duplicates', async () => {
    const fake = fakeVault();
    const action = createVaultCreateNamespaceAction({ vault: fake.vault });
    fake.vault.failPolicyWrite = new ServiceUnavailableError('Vault is sealed');
    await expect(action.handler(context(input))).rejects.toThrow();
    delete fake.vault.failPolicyWrite;

    fake.calls.length = 0;
    await action.handler(context(input));
    expect(fake.calls).not.toContain('mount payment-webhook-handler/');
    expect(
      Object.keys(fake.mounts).filter(m => m.startsWith('payment')),
    ).toEqual(['payment-webhook-handler/']);
    expect(fake.policies['payment-webhook-handler-rw']).toBeDefined();
  });

  it.each([
    [
      'a KV version 1 engine',
      { type: 'kv', options: { version: '1' } },
      'A KV version 1 secrets engine',
    ],
    [
      'a KV engine without options',
      { type: 'kv', options: null },
      'A KV version 1 secrets engine',
    ],
    ['a transit engine', { type: 'transit' }, 'A transit secrets engine'],
  ])(
    'refuses to take over %s at the path',
    async (_what, existing, message) => {
      const fake = fakeVault({ 'payment-webhook-handler/': existing });
      await expect(
        createVaultCreateNamespaceAction({ vault: fake.vault }).handler(
          context(input),
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          `${message} is already mounted at payment-webhook-handler/`,
        ),
      });
      expect(fake.calls).not.toContain('mount payment-webhook-handler/');
    },
  );

  it('refuses to overwrite a policy of the same name with other rules', async () => {
    const fake = fakeVault();
    fake.policies['payment-webhook-handler-rw'] =
      'path "*" { capabilities = ["sudo"] }';
    await expect(
      createVaultCreateNamespaceAction({ vault: fake.vault }).handler(
        context(input),
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'exists with other rules; not overwriting it',
      ),
    });
    expect(fake.policies['payment-webhook-handler-rw']).toBe(
      'path "*" { capabilities = ["sudo"] }',
    );
  });

  it('describes its inputs for the template editor', () => {
    const action = createVaultCreateNamespaceAction({
      vault: fakeVault().vault,
    });
    expect(action.id).toBe('vault:create-namespace');
    expect(action.supportsDryRun).toBe(true);
    const schema = action.schema?.input as any;
    expect(schema.required).toEqual(['namespaceName', 'teamName']);
    expect(schema.properties.namespaceName.description).toContain(
      'lowercase letters',
    );
    expect(action.examples?.[0].example).toContain(
      'action: vault:create-namespace',
    );
  });
});
