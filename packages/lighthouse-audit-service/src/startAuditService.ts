import { getApp } from '@spotify/lighthouse-audit-service';
import upstreamLogger from '@spotify/lighthouse-audit-service/cjs/logger';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { auditRequestGuard } from './auditRequestGuard';
import type { AuditServiceConfig } from './config';
import { ensureDatabase } from './database';
import { FailureReasons } from './failureReasons';

/** A running audit service. */
export type RunningAuditService = {
  url: string;
  port: number;
  close(): Promise<void>;
};

/**
 * Spotify's lighthouse-audit-service (its API, its database migration, real
 * Lighthouse runs in Chromium), behind our request guard and with failure
 * reasons kept: see the README.
 */
export async function startAuditService(
  config: AuditServiceConfig,
  options: { lookup?: (hostname: string) => Promise<string[]> } = {},
): Promise<RunningAuditService> {
  if (config.createDatabase) await ensureDatabase(config.postgres);
  const pool = new Pool(config.postgres);
  pool.on('error', error =>
    upstreamLogger.warn(`PostgreSQL connection error: ${error.message}`),
  );
  let server: http.Server | undefined;
  try {
    const upstream = await getApp({}, pool);
    const failures = await FailureReasons.create(pool, config);
    const transport = failures.transport(error =>
      upstreamLogger.warn(`could not keep an audit's failure: ${error}`),
    );
    upstreamLogger.add(transport);

    const app = express();
    app.disable('x-powered-by');
    app.use(
      auditRequestGuard({
        allowedHosts: config.allowedHosts,
        chromePath: config.chromePath,
        upTimeoutMs: config.upTimeoutMs,
        lookup: options.lookup,
      }),
    );
    app.use(failures.middleware());
    app.use(upstream);

    server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const running = server;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      close: async () => {
        upstreamLogger.remove(transport);
        running.closeAllConnections();
        await new Promise<void>(resolve => running.close(() => resolve()));
        await pool.end();
      },
    };
  } catch (error) {
    server?.close();
    await pool.end();
    throw error;
  }
}
