import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type PausableProxy = {
  port: number;
  /**
   * From now on nothing passes either way, and new connections are accepted
   * but go nowhere: what a client sees of a PostgreSQL whose processes are
   * stopped (SIGSTOP) while the kernel still holds their sockets.
   */
  pause(): void;
  /** Everything held back flows again. */
  resume(): void;
  /** Connections open through the proxy. */
  connections(): number;
  close(): Promise<void>;
};

/** A TCP proxy to `target` on 127.0.0.1 that a test can pause. */
export async function startPausableProxy(target: {
  host: string;
  port: number;
}): Promise<PausableProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let paused = false;

  const flow = ([client, upstream]: [net.Socket, net.Socket]) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const hold = ([client, upstream]: [net.Socket, net.Socket]) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };

  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const socket of pair) {
      socket.on('error', close);
      socket.on('close', close);
    }
    if (paused) hold(pair);
    else flow(pair);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    pause() {
      if (paused) return;
      paused = true;
      pairs.forEach(hold);
    },
    resume() {
      if (!paused) return;
      paused = false;
      pairs.forEach(flow);
    },
    connections: () => pairs.size,
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise(resolve => server.close(resolve));
    },
  };
}
