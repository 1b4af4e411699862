import express from 'express';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import type { StandInTls } from './tls';

/** A stand-in's HTTP(S) server, listening on loopback. */
export type RunningServer = {
  /** `http://127.0.0.1:<port>`, or `https://` when serving TLS */
  url: string;
  port: number;
  close(): Promise<void>;
};

/** Serves `app` on loopback: HTTPS with `tls`, else plain HTTP. */
export async function listen(
  app: express.Express,
  port = 0,
  tls?: StandInTls,
): Promise<RunningServer> {
  const server = tls
    ? https.createServer({ cert: tls.cert, key: tls.key }, app)
    : http.createServer(app);
  // Clients in the same process (seeding, tests) may block the event loop
  // with synchronous git work for seconds, then reuse a kept-alive
  // connection that Node's default 5 s timeout has just closed
  // (ECONNRESET). Real systems keep connections longer; close() drops them.
  server.keepAliveTimeout = 60_000;
  const sockets = new Set<Socket>();
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
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A request's URL, as stand-ins route and record it. */
export type RequestUrl = {
  url: URL;
  /** The path, percent-decoded (as sent when it does not decode). */
  path: string;
  /** Every value of each query parameter, in order. */
  query: Record<string, string[]>;
  /** The query as request logs show it: a value, or the list of several. */
  loggedQuery: Record<string, string | string[]>;
};

export function requestUrl(req: express.Request): RequestUrl {
  const url = new URL(req.originalUrl, 'http://stand-in');
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // keep the raw path
  }
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    (query[key] ??= []).push(value);
  }
  const loggedQuery = Object.fromEntries(
    Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
  );
  return { url, path, query, loggedQuery };
}

/**
 * A failure queued with `failNext`; `message` is what the stand-in's error
 * body says instead of its default (a string, or the product's own shape,
 * e.g. Vault's list of errors).
 */
export type InjectedFailure<TMessage = string> = {
  method: string;
  path: RegExp;
  status: number;
  message?: TMessage;
  times: number;
};

/**
 * Fault injection as the control API (runner/control.ts) and tests outside
 * the stand-in's own type see it.
 */
export interface FaultInjection {
  failNext(
    method: string,
    path: RegExp | string,
    status: number,
    message?: string,
    times?: number,
  ): void;
  setLatency(ms: number): void;
  clearFaults(): void;
}

/**
 * A stand-in's fault injection, for request handlers written outside its
 * class (a router module).
 */
export interface InjectedFaults {
  /** Waits the injected latency. */
  latency(): Promise<void>;
  /**
   * Answers the failure due for this request (matched on `path`), if there
   * is one; true when it did.
   */
  answerFailure(
    req: express.Request,
    res: express.Response,
    path: string,
  ): boolean;
}

/**
 * What every stand-in shares: its HTTP server (`listen`, `url`, `close`;
 * HTTPS with a sandbox CA's certificate for those given `tls`, `ca`) and
 * fault injection, the same in all of them. `failNext` queues failures
 * matched by method (or `*`) and path, `setLatency` delays every answer,
 * `clearFaults` drops both. A stand-in answers a due failure with its
 * product's error body by implementing `sendInjectedFailure`, and decides
 * where in its request handling failures and latency apply: with the
 * `faultInjection()` middleware (first thing), or by calling
 * `injectedLatency()` and `answerInjectedFailure()` itself (e.g. after
 * authentication, as the real system would only fail then).
 */
export abstract class FaultInjectingStandIn<TMessage = string> {
  private readonly failures: InjectedFailure<TMessage>[] = [];
  private latencyMs = 0;
  private server?: RunningServer;
  private tls?: StandInTls;

  /**
   * The stand-in's base URL: `http://127.0.0.1:<port>`, or
   * `https://127.0.0.1:<port>` when it serves TLS.
   */
  get url(): string {
    if (!this.server) throw new Error('The stand-in is not listening');
    return this.server.url;
  }

  /**
   * The certificate authority (PEM) that signed the stand-in's certificate,
   * when it serves HTTPS: what its clients trust.
   */
  get ca(): string | undefined {
    return this.tls?.ca;
  }

  /** Stops listening, dropping open connections. */
  async close(): Promise<void> {
    await this.server?.close();
  }

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
    message?: TMessage,
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

  /**
   * Serves `app` on loopback (`port` 0: a free one), over HTTPS with the
   * certificate of `tls` when given.
   */
  protected async listen(
    app: express.Express,
    port?: number,
    tls?: StandInTls,
  ): Promise<void> {
    this.server = await listen(app, port, tls);
    this.tls = tls;
  }

  /** Answers an injected failure with the product's error body. */
  protected abstract sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure<TMessage>,
  ): void;

  /** waits the configured latency */
  protected async injectedLatency(): Promise<void> {
    if (this.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.latencyMs));
    }
  }

  /**
   * Answers the failure due for this request (matched on `path`, by default
   * the request's), if there is one; true when it did.
   */
  protected answerInjectedFailure(
    req: express.Request,
    res: express.Response,
    path: string = req.path,
  ): boolean {
    const failure = this.takeInjectedFailure(req.method, path);
    if (!failure) return false;
    this.sendInjectedFailure(res, failure);
    return true;
  }

  /** `injectedLatency` and `answerInjectedFailure`, for router modules. */
  protected injectedFaults(): InjectedFaults {
    return {
      latency: () => this.injectedLatency(),
      answerFailure: (req, res, path) =>
        this.answerInjectedFailure(req, res, path),
    };
  }

  /** Middleware: waits the latency, then answers a due failure or goes on. */
  protected faultInjection(): express.RequestHandler {
    return (req, res, next) => {
      this.injectedLatency().then(() => {
        if (!this.answerInjectedFailure(req, res)) next();
      }, next);
    };
  }

  /** the failure due for this request (counted), or undefined */
  private takeInjectedFailure(
    method: string,
    path: string,
  ): InjectedFailure<TMessage> | undefined {
    const due = this.failures.find(
      f => (f.method === '*' || f.method === method) && f.path.test(path),
    );
    if (!due) return undefined;
    due.times -= 1;
    if (due.times <= 0) this.failures.splice(this.failures.indexOf(due), 1);
    return due;
  }
}
