import { Config } from '@backstage/config';
import net from 'node:net';

export type ListenAddress = { host?: string; port: number };

/**
 * Reads `backend.listen` the way the backend's HTTP server does: either
 * `{ host, port }` or a `"host:port"` / `":port"` string, port 7007 by default.
 */
export function readListenAddress(config: Config): ListenAddress {
  const listen = config.getOptional('backend.listen');
  if (typeof listen === 'string') {
    const [, host, port] = listen.match(/^(.*):(\d+)$/) ?? [];
    return { host: host || undefined, port: port ? Number(port) : 7007 };
  }
  const port = config.getOptional('backend.listen.port');
  return {
    host: config.getOptionalString('backend.listen.host') || undefined,
    port: port === undefined ? 7007 : Number(port),
  };
}

/** Resolves to undefined when the address is free, else to the error code. */
export function probeListen(
  address: ListenAddress,
): Promise<string | undefined> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code ?? error.message),
    );
    server.listen(
      { port: address.port, host: address.host, exclusive: true },
      () => server.close(() => resolve(undefined)),
    );
  });
}
