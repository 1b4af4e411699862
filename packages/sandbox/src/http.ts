import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A stand-in's HTTP server, listening on loopback. */
export type RunningServer = {
  url: string;
  port: number;
  close(): Promise<void>;
};

export async function listen(
  app: express.Express,
  port = 0,
): Promise<RunningServer> {
  const server = http.createServer(app);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
