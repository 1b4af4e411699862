import fs from 'node:fs';
import net from 'node:net';
import { freePort } from './freePort';

const ephemeralStart = Number(
  fs
    .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .trim()
    .split(/\s+/)[0],
);
const block = (port: number) => Math.floor((port - 20000) / 1000);

async function withWorkerId<T>(id: string, fn: () => Promise<T>) {
  const saved = process.env.JEST_WORKER_ID;
  process.env.JEST_WORKER_ID = id;
  try {
    return await fn();
  } finally {
    process.env.JEST_WORKER_ID = saved;
  }
}

describe('freePort', () => {
  it('gives ports below the ephemeral range, a block per Jest worker', async () => {
    const one = await withWorkerId('1', freePort);
    const two = await withWorkerId('2', freePort);
    for (const port of [one, two]) {
      expect(port).toBeGreaterThanOrEqual(20000);
      expect(port).toBeLessThan(ephemeralStart);
    }
    expect(block(one)).toBe(1);
    expect(block(two)).toBe(2);
  });

  it('never gives the same port twice, and skips one in use', async () => {
    const first = await freePort();
    const start = 20000 + block(first) * 1000;
    const following = start + ((first - start + 1) % 1000);
    const taken = net.createServer();
    await new Promise<void>(r => taken.listen(following, '::', r));
    try {
      const second = await freePort();
      expect(block(second)).toBe(block(first));
      expect(second).not.toBe(first);
      expect(second).not.toBe(following);
    } finally {
      await new Promise(r => taken.close(r));
    }
  });
});
