#!/usr/bin/env node
/*
 * How long the backend (every plugin of packages/backend) takes from process
 * start to readiness, and its memory once ready, on SQLite and PostgreSQL.
 *
 *   node bench/backend-ready.mjs [runs=3]
 *
 * Prints a table and one JSON line. PostgreSQL: POSTGRES_HOST/PORT/USER/
 * PASSWORD, default 127.0.0.1:5432 postgres; its databases are dropped after.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dropDatabases,
  pgConnection,
  startBackendProcess,
  waitUntil,
} from 'system-tests/backendProcess';

const runs = Number(process.argv[2] ?? 3);
const port = 7207;

async function boot(database) {
  const started = performance.now();
  const backend = await startBackendProcess({
    port,
    output: 'ignore',
    env: { APP_CONFIG_backend_database: JSON.stringify(database) },
  });
  try {
    await waitUntil(
      'backend readiness',
      async () => {
        const res = await fetch(
          `${backend.baseUrl}/.backstage/health/v1/readiness`,
        );
        return res.ok ? true : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 100, backend },
    );
    const readyS = (performance.now() - started) / 1000;
    await new Promise(r => setTimeout(r, 5000)); // let startup tasks settle
    const rssKb = Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(backend.pid)])
        .toString()
        .trim(),
    );
    return { readyS, rssMb: rssKb / 1024 };
  } finally {
    await backend.stop();
  }
}

const results = {};
for (const engine of ['sqlite', 'postgres']) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    if (engine === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-'));
      samples.push(
        await boot({
          client: 'better-sqlite3',
          connection: { directory: dir },
        }),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const prefix = `bench_ready_${Date.now().toString(36)}_`;
      try {
        samples.push(
          await boot({ client: 'pg', prefix, connection: pgConnection }),
        );
      } finally {
        await dropDatabases(prefix);
      }
    }
  }
  const median = k =>
    samples.map(s => s[k]).sort((a, b) => a - b)[
      Math.floor(samples.length / 2)
    ];
  results[engine] = {
    ready_s: median('readyS'),
    rss_mb: median('rssMb'),
    runs,
  };
}

console.log('engine     ready (s, median)   RSS once ready (MB)');
for (const [engine, r] of Object.entries(results)) {
  console.log(
    `${engine.padEnd(10)} ${r.ready_s.toFixed(2).padStart(18)}   ${r.rss_mb
      .toFixed(0)
      .padStart(19)}`,
  );
}
console.log(
  JSON.stringify({
    backend_ready_s: Number(results.postgres.ready_s.toFixed(2)),
    backend_rss_mb: Math.round(results.postgres.rss_mb),
    backend_ready_sqlite_s: Number(results.sqlite.ready_s.toFixed(2)),
    backend_rss_sqlite_mb: Math.round(results.sqlite.rss_mb),
  }),
);
