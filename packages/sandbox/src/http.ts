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

/** A failure queued with `failNext`. */
export type InjectedFailure = {
  method: string;
  path: RegExp;
  status: number;
  message?: string;
  times: number;
};

/**
 * Fault injection, the same in every stand-in: `failNext` queues failures
 * matched by method (or `*`) and path, `setLatency` delays every answer. Each
 * stand-in answers a due failure with its product's error body.
 */
export abstract class FaultInjectingStandIn {
  private readonly failures: InjectedFailure[] = [];
  private latencyMs = 0;

  /** Delays every answer; pair with a client timeout to test timeouts. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * The next `times` requests with this method (or `*`) whose path matches
   * (a regular expression, or its source) fail with this status and the
   * product's error body for it (its message overridable).
   */
  failNext(
    method: string,
    path: RegExp | string,
    status: number,
    message?: string,
    times = 1,
  ): void {
    this.failures.push({
      method: method.toUpperCase(),
      path: typeof path === 'string' ? new RegExp(path) : path,
      status,
      message,
      times,
    });
  }

  /** Drops the queued failures and the latency: normal answers again. */
  clearFaults(): void {
    this.failures.length = 0;
    this.latencyMs = 0;
  }

  /** waits the configured latency */
  protected async injectedLatency(): Promise<void> {
    if (this.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.latencyMs));
    }
  }

  /** the failure due for this request (counted), or undefined */
  protected takeInjectedFailure(
    method: string,
    path: string,
  ): InjectedFailure | undefined {
    const due = this.failures.find(
      f => (f.method === '*' || f.method === method) && f.path.test(path),
    );
    if (!due) return undefined;
    due.times -= 1;
    if (due.times <= 0) this.failures.splice(this.failures.indexOf(due), 1);
    return due;
  }
}
