#!/usr/bin/env node
/*
 * Usage analytics ingestion (plugins/adoption-backend, POST
 * /api/adoption/v1/events) on loopback and PostgreSQL, and what it costs
 * the catalog.
 *
 *   node bench/analytics.mjs [--clients 50] [--rate 1000] [--seconds 64] [--batch N]
 *
 * Boots the backend (every plugin, the example catalog) on fresh PostgreSQL
 * databases, signs in as the guest, waits for order-service in the catalog,
 * then runs the catalog at a steady 40 requests/s (open loop: a query of
 * components and an entity by name, in turn) for `seconds`, in slots of
 * 2 s, with ingestion in every other slot: N clients post batches of
 * events (page views, searches, clicks) as the frontend's analytics
 * implementation does (a full batch of 100, or what one flush interval of
 * 10 s gathers, whichever is fewer), paced so that together they send
 * `rate` events/s during their slots. The slots
 * interleave so that whatever else the machine does falls on both sides
 * alike. The clients run in a process of their own at a lower priority
 * (nice 10), as browsers elsewhere would. Last, the clients post unpaced
 * for 10 s: the most the backend stores.
 *
 * The backend logs its garbage collections (lib/gcLog.cjs): the pause
 * they cost per second of each kind of slot is printed beside the catalog's
 * latencies, since ingestion's cost to the catalog is mostly the garbage its
 * requests leave in the same process.
 *
 * Prints, and as one JSON line: analytics_ingest_events_per_s (events
 * stored per second of ingestion, counted in the database),
 * analytics_ingest_max_events_per_s (unpaced),
 * analytics_ingest_cpu_ms_per_batch (the backend's CPU time per batch,
 * unpaced), analytics_catalog_p99_ms and analytics_catalog_p99_ingest_ms
 * (the catalog's p99 in the slots without and with ingestion),
 * analytics_catalog_p99_slowdown_pct, analytics_catalog_p99_noise_pct
 * (the p99s of two interleaved halves of the slots without ingestion,
 * apart: a slowdown below it is not one this run can tell),
 * analytics_errors.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  dropDatabases,
  pgConnection,
  readyAndSignedIn,
  startBackendProcess,
  waitUntil,
} from 'system-tests/backendProcess';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const clients = arg('clients', 50);
const rate = arg('rate', 1000);
const seconds = arg('seconds', 64);
// the analytics implementation's batching, from the package that defines it
const require = createRequire(import.meta.url);
require(require.resolve('@backstage/cli-node/config/nodeTransform.cjs'));
const {
  ADOPTION_EVENT_LIMITS,
  ADOPTION_EVENTS_FLUSH_INTERVAL_MS,
} = require('@internal/backstage-plugin-adoption-common');
/**
 * What a browser posts at a time: the events of one flush interval, or a
 * full batch sooner (plugins/adoption's AdoptionAnalytics). A browser
 * sending `rate / clients` events a second (20 by default) fills a batch
 * every 5 s. `--batch N` posts N at a time instead.
 */
const BATCH = arg(
  'batch',
  Math.max(
    1,
    Math.min(
      ADOPTION_EVENT_LIMITS.batch,
      Math.round((rate / clients) * (ADOPTION_EVENTS_FLUSH_INTERVAL_MS / 1000)),
    ),
  ),
);
const CATALOG_RPS = 40;
const SLOT_MS = 2000;
const token = 'bench-analytics-token-0123456789';
const prefix = `bench_analytics_${Date.now().toString(36)}_`;
// the adoption plugin's other scheduled tasks stay out of the way
const later = JSON.stringify({
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
});

/** CPU time (user + system) the backend process used so far, ms */
function cpuMs() {
  const fields = fs
    .readFileSync(`/proc/${backend.pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100/s)
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const quantile = (xs, q) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.ceil(xs.length * q) - 1)] : NaN;
const sleep = ms => new Promise(r => setTimeout(r, ms));

const catalogUrls = [
  '/api/catalog/entities/by-query?filter=kind=component&limit=20',
  '/api/catalog/entities/by-name/component/default/order-service',
];

/** what a browser sends: mostly page views, some searches and clicks */
function batch(i) {
  const occurredAt = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, k) => {
    const n = i * BATCH + k;
    if (n % 10 === 0)
      return {
        occurredAt,
        action: 'search',
        subject: `term ${n % 50}`,
        pluginId: 'search',
        searchResultCount: n % 3,
      };
    if (n % 10 === 1)
      return {
        occurredAt,
        action: 'click',
        subject: `service-${n % 100}`,
        pluginId: 'catalog',
        target: `/catalog/default/component/service-${n % 100}`,
        entityRef: `component:default/service-${n % 100}`,
      };
    return {
      occurredAt,
      action: 'navigate',
      subject: `/catalog/default/component/service-${n % 100}`,
      pluginId: 'catalog',
      extensionId: 'page:catalog/entity',
      routePath: '/catalog/:namespace/:kind/:name',
      entityRef: `component:default/service-${n % 100}`,
    };
  });
}

/** the slot of time `t` (slots of SLOT_MS from `from`); odd slots ingest */
const slotOf = (from, t) => Math.floor((t - from) / SLOT_MS);
const ingesting = slot => slot % 2 === 1;

/**
 * N clients posting until `until`, each a batch every `intervalMs` during
 * the ingesting slots from `from` (`intervalMs` 0: at once, all along).
 */
async function runClients({ base, guest, clients, from, until, intervalMs }) {
  let errors = 0;
  const post = async i => {
    try {
      const res = await fetch(`${base}/api/adoption/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${guest}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ events: batch(i) }),
      });
      await res.arrayBuffer();
      if (res.status !== 202) errors += 1;
    } catch {
      errors += 1;
    }
  };
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; ; i++) {
        // client c sends at from + (i + c / clients) * intervalMs, in the
        // ingesting slots (a late start catches up)
        const at = from + (i + c / clients) * intervalMs;
        if (at >= until || Date.now() >= until) return;
        if (intervalMs) {
          if (!ingesting(slotOf(from, at))) continue;
          await sleep(at - Date.now());
        }
        await post(c * 1_000_000 + i);
      }
    }),
  );
  return errors;
}

// the clients' own process (see `ingest` below)
if (process.env.BENCH_ANALYTICS_CLIENTS) {
  const errors = await runClients(
    JSON.parse(process.env.BENCH_ANALYTICS_CLIENTS),
  );
  process.stdout.write(JSON.stringify({ errors }));
  process.exit(0);
}

// the backend's garbage collections (lib/gcLog.cjs)
const gcLog = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'bench-analytics-')),
  'gc.log',
);
// a free port: a fixed one may be another backend's
const backend = await startBackendProcess({
  output: 'ignore',
  env: {
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS,
      `--require ${fileURLToPath(new URL('./lib/gcLog.cjs', import.meta.url))}`,
    ]
      .filter(Boolean)
      .join(' '),
    BENCH_GC_LOG: gcLog,
    APP_CONFIG_backend_database: JSON.stringify({
      client: 'pg',
      prefix,
      connection: pgConnection,
    }),
    LOG_LEVEL: 'warn',
    APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
      { type: 'static', options: { token, subject: 'bench-analytics' } },
    ]),
    APP_CONFIG_adoption_coverage_schedule: later,
    APP_CONFIG_adoption_templateHealth_schedule: later,
    APP_CONFIG_adoption_docsHealth_schedule: later,
  },
});

const base = backend.baseUrl;
const db = new pg.Client({ ...pgConnection, database: `${prefix}adoption` });
try {
  const guest = await readyAndSignedIn(backend);
  const catalogHeaders = { authorization: `Bearer ${token}` };
  await waitUntil(
    'order-service in the catalog',
    async () =>
      (
        await fetch(`${base}${catalogUrls[1]}`, { headers: catalogHeaders })
      ).ok || undefined,
    { timeoutMs: 240_000, backend },
  );
  await db.connect();
  const stored = async () =>
    Number(
      (await db.query('select count(*) as n from adoption_events')).rows[0].n,
    );

  let errors = 0;
  /*
   * The clients run in a process of their own at a lower priority: the
   * browsers they stand for are on other machines, and on this one they
   * must neither take the backend's CPU nor delay the catalog's timings.
   */
  const ingest = (until, intervalMs, from = Date.now()) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
        env: {
          ...process.env,
          BENCH_ANALYTICS_CLIENTS: JSON.stringify({
            base,
            guest,
            clients,
            from,
            until,
            intervalMs,
          }),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      os.setPriority(child.pid, 10);
      let out = '';
      child.stdout.on('data', d => {
        out += d;
      });
      child.once('error', reject);
      child.once('exit', code => {
        if (code !== 0) {
          reject(new Error(`the clients exited with ${code}`));
          return;
        }
        errors += JSON.parse(out).errors;
        resolve();
      });
    });

  /** the catalog at CATALOG_RPS until `until`; when each request started, and its latency */
  const catalog = async until => {
    const samples = [];
    const pending = [];
    for (let i = 0; Date.now() < until; i++) {
      const url = `${base}${catalogUrls[i % catalogUrls.length]}`;
      pending.push(
        (async () => {
          const at = Date.now();
          const started = performance.now();
          try {
            const res = await fetch(url, { headers: catalogHeaders });
            await res.arrayBuffer();
            if (!res.ok) errors += 1;
          } catch {
            errors += 1;
          }
          samples.push({ at, ms: performance.now() - started });
        })(),
      );
      await sleep(1000 / CATALOG_RPS);
    }
    await Promise.all(pending);
    return samples;
  };

  // warm both paths up
  await ingest(Date.now() + 2000, 0);
  await catalog(Date.now() + 2000);

  // the slots: ingestion in every other one, the catalog all along
  const intervalMs = (clients * BATCH * 1000) / rate;
  const from = Date.now() + 500;
  const slots = Math.max(4, Math.round((seconds * 1000) / SLOT_MS / 4) * 4);
  const until = from + slots * SLOT_MS;
  const before = await stored();
  await sleep(from - Date.now());
  const [samples] = await Promise.all([
    catalog(until),
    ingest(until, intervalMs, from),
  ]);
  const pacedEvents = (await stored()) - before;
  // the garbage collections of the paced run, by kind of slot
  const gc = { without: {}, with: {} };
  for (const line of fs.readFileSync(gcLog, 'utf8').split('\n')) {
    const [at, kind, ms] = line.split(' ');
    if (!ms || Number(at) < from || Number(at) >= until) continue;
    const side = gc[ingesting(slotOf(from, Number(at))) ? 'with' : 'without'];
    side[kind] ??= { count: 0, ms: 0 };
    side[kind].count += 1;
    side[kind].ms += Number(ms);
  }
  const pacedMs = (slots / 2) * SLOT_MS;
  const pausePerS = side =>
    Object.values(side).reduce((sum, k) => sum + k.ms, 0) / (pacedMs / 1000);
  const without = [];
  const withIngest = [];
  // the slots without ingestion, in two interleaved halves: how far apart
  // two measurements of the same thing are on this machine
  const withoutHalves = [[], []];
  for (const { at, ms } of samples) {
    const slot = slotOf(from, at);
    if (ingesting(slot)) {
      withIngest.push(ms);
    } else {
      without.push(ms);
      withoutHalves[slot % 4 === 0 ? 0 : 1].push(ms);
    }
  }

  const maxBefore = await stored();
  const cpuBefore = cpuMs();
  const maxStarted = Date.now();
  await ingest(Date.now() + 10_000, 0);
  const maxStored = (await stored()) - maxBefore;
  const maxEventsPerS = maxStored / ((Date.now() - maxStarted) / 1000);
  // the backend's own CPU per batch: what the ingestion costs, whatever
  // else the machine runs
  const cpuPerBatch = (cpuMs() - cpuBefore) / (maxStored / BATCH);

  for (const xs of [without, withIngest, ...withoutHalves]) {
    xs.sort((a, b) => a - b);
  }
  const [p99First, p99Second] = withoutHalves.map(xs => quantile(xs, 0.99));
  const p99 = quantile(without, 0.99);
  const p99Ingest = quantile(withIngest, 0.99);
  const eventsPerS = pacedEvents / (pacedMs / 1000);
  console.log(
    `${clients} clients, batches of ${BATCH}, paced at ${rate} events/s in every other slot of ${SLOT_MS} ms; catalog at ${CATALOG_RPS} requests/s; PostgreSQL, loopback`,
  );
  console.log(
    `stored ${eventsPerS.toFixed(0)} events/s paced, ${maxEventsPerS.toFixed(
      0,
    )} events/s unpaced; backend CPU ${cpuPerBatch.toFixed(
      1,
    )} ms a batch of ${BATCH}`,
  );
  console.log('catalog            count    p50 ms   p95 ms   p99 ms');
  for (const [name, xs] of [
    ['without ingestion', without],
    ['with ingestion', withIngest],
  ]) {
    console.log(
      `${name.padEnd(17)}${String(xs.length).padStart(7)}${quantile(xs, 0.5)
        .toFixed(1)
        .padStart(10)}${quantile(xs, 0.95).toFixed(1).padStart(9)}${quantile(
        xs,
        0.99,
      )
        .toFixed(1)
        .padStart(9)}`,
    );
  }
  console.log('backend GC          minor n    ms    major n    ms  pause ms/s');
  for (const [name, side] of [
    ['without ingestion', gc.without],
    ['with ingestion', gc.with],
  ]) {
    const cell = kind =>
      `${String(side[kind]?.count ?? 0).padStart(9)}${(side[kind]?.ms ?? 0)
        .toFixed(0)
        .padStart(6)}`;
    console.log(
      `${name.padEnd(17)}${cell('minor')}${cell('major')}${pausePerS(side)
        .toFixed(1)
        .padStart(12)}`,
    );
  }
  console.log(
    JSON.stringify({
      analytics_ingest_events_per_s: Math.round(eventsPerS),
      analytics_ingest_max_events_per_s: Math.round(maxEventsPerS),
      analytics_catalog_p99_ms: Number(p99.toFixed(1)),
      analytics_catalog_p99_ingest_ms: Number(p99Ingest.toFixed(1)),
      analytics_catalog_p99_slowdown_pct: Number(
        (((p99Ingest - p99) / p99) * 100).toFixed(1),
      ),
      analytics_catalog_p99_noise_pct: Number(
        ((Math.abs(p99Second - p99First) / p99) * 100).toFixed(1),
      ),
      analytics_ingest_cpu_ms_per_batch: Number(cpuPerBatch.toFixed(1)),
      analytics_gc_pause_ms_per_s: Number(pausePerS(gc.without).toFixed(1)),
      analytics_gc_pause_ingest_ms_per_s: Number(pausePerS(gc.with).toFixed(1)),
      analytics_errors: errors,
    }),
  );
} finally {
  await db.end().catch(() => {});
  await backend.stop();
  await dropDatabases(prefix);
  fs.rmSync(path.dirname(gcLog), { recursive: true, force: true });
}
