import { VaultStandIn } from './VaultStandIn';

describe('VaultStandIn KV version 2', () => {
  let vault: VaultStandIn;

  beforeEach(async () => {
    vault = await VaultStandIn.start();
    vault.putSecret('order-service', 'production/database', { user: 'a' });
    vault.putSecret('order-service', 'production/messaging/sqs', { q: 'b' });
  });

  afterEach(() => vault.close());

  async function call(
    path: string,
    init: { method?: string; body?: unknown; token?: string } = {},
  ) {
    const res = await fetch(`${vault.url}/v1/${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-vault-token': init.token ?? 'sandbox-root-token' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: await res.json() };
  }

  it('mounts the engine it writes to as kv version 2', async () => {
    const mounts = await call('sys/mounts');
    expect(mounts.body.data['order-service/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
    });
  });

  it('lists keys and folders below a path', async () => {
    const list = await call('order-service/metadata/production?list=true');
    expect(list.body.data).toEqual({ keys: ['database', 'messaging/'] });
    const nested = await call(
      'order-service/metadata/production/messaging/?list=true',
    );
    expect(nested.body.data).toEqual({ keys: ['sqs'] });
    expect(await call('order-service/metadata/nothing?list=true')).toEqual({
      status: 404,
      body: { errors: [] },
    });
  });

  it('reads and writes secrets with versions', async () => {
    const written = await call('order-service/data/production/database', {
      method: 'POST',
      body: { data: { user: 'b' } },
    });
    expect(written.body.data.version).toBe(2);
    const read = await call('order-service/data/production/database');
    expect(read.body.data.data).toEqual({ user: 'b' });
    expect(read.body.data.metadata.version).toBe(2);
    expect((await call('order-service/data/nope')).status).toBe(404);
  });

  it('refuses tokens without a grant and honours injected failures', async () => {
    expect(
      await call('order-service/metadata/production?list=true', {
        token: 'wrong',
      }),
    ).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    vault.failNext('GET', /^order-service\/metadata/, 500, ['internal error']);
    expect(await call('order-service/metadata/production?list=true')).toEqual({
      status: 500,
      body: { errors: ['internal error'] },
    });
  });

  it('fails as the control API asks (any method, a path source, a message) until clearFaults', async () => {
    vault.failNext('*', '^order-service/data/', 503, 'Vault is sealed', 5);
    expect(await call('order-service/data/production/database')).toEqual({
      status: 503,
      body: { errors: ['Vault is sealed'] },
    });
    expect(
      await call('order-service/data/production/database', {
        method: 'POST',
        body: { data: { user: 'b' } },
      }),
    ).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });

    // three failures are still queued, and every answer would wait 10 s
    vault.setLatency(10_000);
    vault.clearFaults();
    const read = await call('order-service/data/production/database');
    expect([read.status, read.body.data.data]).toEqual([200, { user: 'a' }]);
  });
});
