#!/usr/bin/env node
/*
 * The catalog and scorecard APIs under load, on loopback and PostgreSQL.
 *
 *   node bench/load.mjs [--clients 50] [--seconds 60]
 *
 * Boots the backend (every plugin, the example catalog) on fresh PostgreSQL
 * databases, waits until order-service is in the catalog and scored, then
 * runs N concurrent clients for S seconds, each sending, in turn: a catalog
 * query (components, 20 per page), an entity by name, order-service's
 * scorecard and the team report. Prints per-endpoint count and p50/p95/p99,
 * errors (non-2xx and network errors), and one JSON line
 * (load_catalog_p99_ms, load_scorecard_p99_ms, load_errors, load_rps).
 * A running sandbox (make sandbox) gives the scorecard real evidence;
 * without it those checks are "unknown", which is no error.
 */
import {
  dropDatabases,
  pgConnection,
  startBackendProcess,
  waitUntil,
} from 'system-tests/backendProcess';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const clients = arg('clients', 50);
const seconds = arg('seconds', 60);
const port = 7208;
const base = `http://localhost:${port}`;
const token = 'bench-load-token-0123456789';
const prefix = `bench_load_${Date.now().toString(36)}_`;

const headers = { authorization: `Bearer ${token}` };
const endpoints = [
  [
    'catalog query',
    '/api/catalog/entities/by-query?filter=kind=component&limit=20',
  ],
  [
    'catalog entity',
    '/api/catalog/entities/by-name/component/default/order-service',
  ],
  [
    'scorecard entity',
    '/api/scorecard/v1/entities/component/default/order-service',
  ],
  ['scorecard report', '/api/scorecard/v1/report?groupBy=owner'],
];

const quantile = (xs, q) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.ceil(xs.length * q) - 1)] : NaN;

const backend = await startBackendProcess({
  port,
  output: 'ignore',
  env: {
    APP_CONFIG_backend_database: JSON.stringify({
      client: 'pg',
      prefix,
      connection: pgConnection,
    }),
    LOG_LEVEL: 'warn',
    APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
      { type: 'static', options: { token, subject: 'bench-load' } },
    ]),
  },
});

try {
  await waitUntil(
    'order-service scored',
    async () =>
      (await fetch(`${base}${endpoints[2][1]}`, { headers })).ok || undefined,
    { timeoutMs: 240_000, backend },
  );
  const samples = new Map(endpoints.map(([name]) => [name, []]));
  const errors = new Map(endpoints.map(([name]) => [name, 0]));
  const until = Date.now() + seconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < until; i++) {
        const [name, url] = endpoints[i % endpoints.length];
        const started = performance.now();
        try {
          const res = await fetch(`${base}${url}`, { headers });
          await res.arrayBuffer();
          if (!res.ok) errors.set(name, errors.get(name) + 1);
        } catch {
          errors.set(name, errors.get(name) + 1);
        }
        samples.get(name).push(performance.now() - started);
        sent += 1;
      }
    }),
  );

  console.log(
    `${clients} clients, ${seconds} s, PostgreSQL, loopback: ${(
      sent / seconds
    ).toFixed(0)} requests/s`,
  );
  console.log('endpoint           count    p50 ms   p95 ms   p99 ms  errors');
  const p99 = {};
  for (const [name] of endpoints) {
    const xs = samples.get(name).sort((a, b) => a - b);
    p99[name] = quantile(xs, 0.99);
    console.log(
      `${name.padEnd(17)}${String(xs.length).padStart(7)}${quantile(xs, 0.5)
        .toFixed(1)
        .padStart(10)}${quantile(xs, 0.95).toFixed(1).padStart(9)}${p99[name]
        .toFixed(1)
        .padStart(9)}${String(errors.get(name)).padStart(8)}`,
    );
  }
  console.log(
    JSON.stringify({
      load_catalog_p99_ms: Number(
        Math.max(p99['catalog query'], p99['catalog entity']).toFixed(1),
      ),
      load_scorecard_p99_ms: Number(
        Math.max(p99['scorecard entity'], p99['scorecard report']).toFixed(1),
      ),
      load_errors: [...errors.values()].reduce((a, b) => a + b, 0),
      load_rps: Math.round(sent / seconds),
    }),
  );
} finally {
  await backend.stop();
  await dropDatabases(prefix);
}
