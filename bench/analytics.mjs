#!/usr/bin/env node
/*
 * Usage analytics ingestion (plugins/adoption-backend, POST
 * /api/adoption/v1/events) on loopback and PostgreSQL, and what it costs
 * the catalog.
 *
 *   node bench/analytics.mjs [--production [--image DIR]] [--clients 50]
 *        [--rate 1000] [--seconds 64] [--batch N]
 *
 * Boots the backend on fresh PostgreSQL databases: by default the
 * development backend (every plugin, the example catalog; the events are
 * the guest's); with --production the backend as deployed, built as its
 * Dockerfile builds it (into a temporary folder, or into --image DIR unless
 * DIR holds one already: keep it for the next run) and run with the
 * production config in the two processes the Helm values deploy (the
 * portal, and the adoption plugin that stores the events), its events
 * those of a user signed in through GitHub (see startProduction).
 *
 * Then it runs the catalog at a steady 40 requests/s (open loop: a query of
 * components and an entity by name, in turn) for `seconds`, in slots of
 * 10 s, with ingestion in one slot of each pair, which one at random
 * (slotPattern): N clients post batches of
 * events (page views, searches, clicks) as the frontend's analytics
 * implementation does (a full batch of 100, or what one flush interval of
 * 10 s gathers, whichever is fewer), paced so that together they send
 * `rate` events/s during their slots. The slots interleave so that whatever
 * else the machine does falls on both sides alike; the first second of each
 * slot is not counted on either side (see GUARD_MS). The catalog's periodic
 * re-processing of every entity is put off for the run, as the adoption
 * plugin's other scheduled tasks are (benchEnv). The clients run in a
 * process of their own at a lower priority (nice 10), as browsers elsewhere
 * would. Last, the clients post unpaced for 10 s: the most the backend
 * stores.
 *
 * The catalog's process logs its garbage collections (lib/gcLog.cjs): the
 * pause they cost per second of each kind of slot is printed beside the
 * catalog's latencies. Where one process hosts both (development),
 * ingestion's cost to the catalog is mostly the garbage its requests leave
 * there; that is why production runs the adoption plugin apart.
 *
 * Prints, and as one JSON line: analytics_ingest_events_per_s (events
 * stored per second of ingestion, counted in the database),
 * analytics_ingest_max_events_per_s (unpaced),
 * analytics_ingest_cpu_ms_per_batch (the CPU time per batch of the process
 * that stores the events, unpaced), analytics_catalog_p99_ms and
 * analytics_catalog_p99_ingest_ms (the catalog's p99 in the slots without
 * and with ingestion),
 * analytics_catalog_p99_slowdown_pct, analytics_catalog_p99_noise_pct
 * (the p99s of two interleaved halves of the slots without ingestion,
 * apart: a slowdown below it is not one this run can tell),
 * analytics_errors.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
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
import { root } from './lib/repo.mjs';
import { childEnv } from './lib/stockApp.mjs';

const argv = process.argv.slice(2);
const argText = name => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const arg = (name, fallback) => {
  const text = argText(name);
  return text === undefined ? fallback : Number(text);
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
/*
 * Slots of 10 s, the first second of each left out on both sides: what one
 * slot's requests leave behind (a batch in the writer's window, its insert,
 * the young generation they filled) lands early in the next one, and would
 * otherwise count against the slots without ingestion.
 */
const SLOT_MS = 10_000;
const GUARD_MS = 1_000;
const token = 'bench-analytics-token-0123456789';
const prefix = `bench_analytics_${Date.now().toString(36)}_`;
// the adoption plugin's other scheduled tasks stay out of the way
const daily = { frequency: { hours: 24 }, timeout: { minutes: 5 } };
const later = JSON.stringify({ ...daily, initialDelay: { hours: 24 } });

/** CPU time (user + system) the process that stores the events used so far, ms */
function cpuMs() {
  const fields = fs
    .readFileSync(`/proc/${eventsBackend.pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100/s)
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const quantile = (xs, q) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.ceil(xs.length * q) - 1)] : NaN;
const sleep = ms => new Promise(r => setTimeout(r, ms));

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

/** the slot of time `t` (slots of SLOT_MS from `from`) */
const slotOf = (from, t) => Math.floor((t - from) / SLOT_MS);
/** whether time `t` is in the first GUARD_MS of its slot (not counted) */
const inGuard = (from, t) => (t - from) % SLOT_MS < GUARD_MS;
/**
 * Which of `slots` slots ingest: one of each pair, which one at random.
 * Strictly every other slot would alias with whatever the backend does
 * periodically (its major collections come every 15 to 20 s under the
 * catalog's load, close to a pair's 20 s) and put most of it on one side
 * for the whole run.
 */
const slotPattern = slots =>
  Array.from({ length: slots / 2 }, () =>
    crypto.randomInt(2) ? [true, false] : [false, true],
  ).flat();

/**
 * N clients posting until `until`, each a batch every `intervalMs` during
 * the ingesting slots from `from` (`intervalMs` 0: at once, all along).
 */
async function runClients({
  base,
  user,
  clients,
  from,
  until,
  intervalMs,
  pattern,
}) {
  let errors = 0;
  const post = async i => {
    try {
      const res = await fetch(`${base}/api/adoption/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${user}`,
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
          if (!pattern[slotOf(from, at)]) continue;
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
const gcLogOptions = `--require ${fileURLToPath(
  new URL('./lib/gcLog.cjs', import.meta.url),
)}`;
const benchEnv = {
  BENCH_GC_LOG: gcLog,
  // the catalog processes new entities at once; re-processing them all
  // every 100 to 150 s (the default) stalls its requests for a second or
  // two, on whichever side it falls, and would decide both p99s alone
  APP_CONFIG_catalog_processingInterval: JSON.stringify({ hours: 24 }),
  LOG_LEVEL: 'warn',
  APP_CONFIG_adoption_coverage_schedule: later,
  APP_CONFIG_adoption_templateHealth_schedule: later,
  APP_CONFIG_adoption_docsHealth_schedule: later,
};
/** what runs after the measurement, last first */
const cleanups = [];
const cleanUp = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
  await dropDatabases(prefix);
  fs.rmSync(path.dirname(gcLog), { recursive: true, force: true });
};

/**
 * The development backend (`yarn start`'s), with the example catalog; the
 * events are the guest's.
 */
async function startDevelopment() {
  // a free port: a fixed one may be another backend's
  const backend = await startBackendProcess({
    output: 'ignore',
    env: {
      ...benchEnv,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, gcLogOptions]
        .filter(Boolean)
        .join(' '),
      APP_CONFIG_backend_database: JSON.stringify({
        client: 'pg',
        prefix,
        connection: pgConnection,
      }),
      APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
        { type: 'static', options: { token, subject: 'bench-analytics' } },
      ]),
    },
  });
  cleanups.push(() => backend.stop());
  const user = await readyAndSignedIn(backend);
  return {
    backend,
    eventsBackend: backend,
    user,
    catalogToken: token,
    catalogUrls: [
      '/api/catalog/entities/by-query?filter=kind=component&limit=20',
      '/api/catalog/entities/by-name/component/default/order-service',
    ],
  };
}

/**
 * The backend as deployed (bench/prod-backend.mjs builds and runs its
 * image the same way, as one process): the image's folder (built, see
 * --image), run as its CMD with
 * NODE_ENV=production, the production config pointed at the stand-ins
 * (system-tests/productionEnv) and a Redis of its own; in two processes as
 * the Helm values deploy it (system-tests/splitDeployment): the portal with
 * every plugin but the adoption plugin, which stores the events, and the
 * adoption plugin alone, each with its Deployment's NODE_OPTIONS. The
 * catalog holds a generated organisation of PRODUCTION_ENTITIES (a catalog
 * file in the GitHub stand-in, as
 * prod-backend.mjs registers it); the events are those of alice, whom the
 * GitHub stand-in's OAuth App signs in (system-tests/productionEnv).
 */
async function startProduction() {
  const PRODUCTION_ENTITIES = 500;
  const { buildImageFolder } = await import('system-tests/imageFolder');
  const {
    startProductionStandIns,
    productionEnv,
  } = require('system-tests/productionEnv');
  const {
    adoptionNodeOptions,
    backendNodeOptions,
  } = require('system-tests/helmValues');
  const { splitDeploymentEnv } = require('system-tests/splitDeployment');
  const { freePort } = require('sandbox/freePort');
  const { PrivateRedis } = require('sandbox');
  const { generateEntities } = require('./catalog/generateEntities.ts');
  // --image DIR: built there unless it holds one; otherwise a temporary one
  let image = argText('image');
  if (!image) {
    image = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-analytics-image-'));
    const built = image;
    cleanups.push(() => fs.rmSync(built, { recursive: true, force: true }));
  }
  image = path.resolve(image);
  if (!fs.existsSync(path.join(image, 'packages/backend/dist'))) {
    console.log(`building the backend's image folder in ${image}...`);
    await buildImageFolder({
      repo: root,
      into: image,
      extra: ['templates'],
      env: childEnv,
    });
  }
  const standIns = await startProductionStandIns();
  cleanups.push(() => standIns.close());
  // the production catalog's rules take no Groups from a file: the teams
  // come from the organisation (githubOrg)
  const entities = generateEntities(PRODUCTION_ENTITIES, {
    annotations: false,
  }).filter(e => e.kind !== 'Group');
  standIns.github.addRepo('myorg', 'bench-catalog', {
    files: {
      'entities.yaml': entities.map(e => JSON.stringify(e)).join('\n---\n'),
    },
  });
  const redis = await PrivateRedis.start();
  cleanups.push(() => redis.stop());
  const ports = { portal: await freePort(), adoption: await freePort() };
  const split = splitDeploymentEnv(ports);
  const env = {
    ...productionEnv({
      standIns,
      databasePrefix: prefix,
      externalToken: token,
      // the GitHub providers once at the start, not every 5 s as the
      // tests have them
      providerSchedule: daily,
    }),
    ...benchEnv,
    REDIS_URL: redis.url,
  };
  // the catalog's process logs its garbage collections
  const backend = await startBackendProcess({
    image,
    port: ports.portal,
    output: 'ignore',
    env: {
      ...env,
      ...split.portal,
      NODE_OPTIONS: `${backendNodeOptions()} ${gcLogOptions}`,
    },
  });
  cleanups.push(() => backend.stop());
  const eventsBackend = await startBackendProcess({
    image,
    port: ports.adoption,
    output: 'ignore',
    env: { ...env, ...split.adoption, NODE_OPTIONS: adoptionNodeOptions() },
  });
  cleanups.push(() => eventsBackend.stop());
  for (const [name, half] of [
    ['the portal', backend],
    ['the adoption backend', eventsBackend],
  ]) {
    await waitUntil(
      `${name} ready`,
      async () =>
        (await fetch(`${half.baseUrl}/.backstage/health/v1/readiness`)).ok ||
        undefined,
      { timeoutMs: 180_000, backend: half },
    );
  }
  const catalogHeaders = { authorization: `Bearer ${token}` };
  const target = `${standIns.github.url}/myorg/bench-catalog/blob/main/entities.yaml`;
  const registered = await fetch(`${backend.baseUrl}/api/catalog/locations`, {
    method: 'POST',
    headers: { ...catalogHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'url', target }),
  });
  if (!registered.ok)
    throw new Error(`registering ${target}: ${registered.status}`);
  const components = entities.filter(e => e.kind === 'Component');
  const last = components[components.length - 1].metadata.name;
  await waitUntil(
    'the generated organisation and alice in the catalog',
    async () => {
      for (const ref of [`component/default/${last}`, 'user/default/alice']) {
        const res = await fetch(
          `${backend.baseUrl}/api/catalog/entities/by-name/${ref}`,
          { headers: catalogHeaders },
        );
        if (!res.ok) return undefined;
      }
      return true;
    },
    { timeoutMs: 240_000, backend },
  );
  // the portal's own work on them done (the scorecard's first evaluation),
  // and 10 s more for the catalog's stitching: its steady state
  const { scoredRefs, waitUntilScored } = require('./prod/scorecardSettled.ts');
  const scoredS = await waitUntilScored({
    prefix,
    refs: scoredRefs(image, entities),
  });
  console.log(`the generated entities scored in ${scoredS.toFixed(0)} s`);
  await sleep(10_000);
  // as a person signs in to production: GitHub's popup flow
  const { popupSignIn } = require('system-tests/popupSignIn');
  const { page, body } = await popupSignIn({
    baseUrl: backend.baseUrl,
    provider: 'github',
    scope: 'read:user',
  });
  if (!body) throw new Error(`GitHub sign-in failed: ${page.slice(0, 500)}`);
  return {
    backend,
    eventsBackend,
    user: body.backstageIdentity.token,
    catalogToken: token,
    catalogUrls: [
      '/api/catalog/entities/by-query?filter=kind=component&limit=20',
      `/api/catalog/entities/by-name/component/default/${components[0].metadata.name}`,
    ],
  };
}

// what a failed start leaves behind is cleaned up as after a run
const target = await (argv.includes('--production')
  ? startProduction()
  : startDevelopment()
).catch(async error => {
  await cleanUp();
  throw error;
});
const { backend, eventsBackend, catalogUrls, user } = target;
const base = backend.baseUrl;
const db = new pg.Client({ ...pgConnection, database: `${prefix}adoption` });
try {
  const catalogHeaders = { authorization: `Bearer ${target.catalogToken}` };
  await waitUntil(
    'the catalog answering',
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
  const ingest = (until, intervalMs, from = Date.now(), pattern = []) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
        env: {
          ...process.env,
          BENCH_ANALYTICS_CLIENTS: JSON.stringify({
            base: eventsBackend.baseUrl,
            user,
            clients,
            from,
            until,
            intervalMs,
            pattern,
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

  // the slots: ingestion in one of each pair, the catalog all along
  const intervalMs = (clients * BATCH * 1000) / rate;
  const from = Date.now() + 500;
  const slots = Math.max(4, Math.round((seconds * 1000) / SLOT_MS / 4) * 4);
  const until = from + slots * SLOT_MS;
  const pattern = slotPattern(slots);
  const ingesting = slot => pattern[slot];
  const before = await stored();
  await sleep(from - Date.now());
  const [samples] = await Promise.all([
    catalog(until),
    ingest(until, intervalMs, from, pattern),
  ]);
  const pacedEvents = (await stored()) - before;
  // the garbage collections of the paced run, by kind of slot
  const gc = { without: {}, with: {} };
  for (const line of fs.readFileSync(gcLog, 'utf8').split('\n')) {
    const [at, kind, ms] = line.split(' ');
    if (!ms || Number(at) < from || Number(at) >= until) continue;
    if (inGuard(from, Number(at))) continue;
    const side = gc[ingesting(slotOf(from, Number(at))) ? 'with' : 'without'];
    side[kind] ??= { count: 0, ms: 0 };
    side[kind].count += 1;
    side[kind].ms += Number(ms);
  }
  const pacedMs = (slots / 2) * SLOT_MS;
  const countedMs = (slots / 2) * (SLOT_MS - GUARD_MS);
  const pausePerS = side =>
    Object.values(side).reduce((sum, k) => sum + k.ms, 0) / (countedMs / 1000);
  const without = [];
  const withIngest = [];
  // the slots without ingestion, in two interleaved halves: how far apart
  // two measurements of the same thing are on this machine
  const withoutHalves = [[], []];
  for (const { at, ms } of samples) {
    if (inGuard(from, at)) continue;
    const slot = slotOf(from, at);
    if (ingesting(slot)) {
      withIngest.push(ms);
    } else {
      without.push(ms);
      withoutHalves[Math.floor(slot / 2) % 2].push(ms);
    }
  }

  const maxBefore = await stored();
  const cpuBefore = cpuMs();
  const maxStarted = Date.now();
  await ingest(Date.now() + 10_000, 0);
  const maxStored = (await stored()) - maxBefore;
  const maxEventsPerS = maxStored / ((Date.now() - maxStarted) / 1000);
  // the storing process's own CPU per batch: what the ingestion costs,
  // whatever else the machine runs
  const cpuPerBatch = (cpuMs() - cpuBefore) / (maxStored / BATCH);

  for (const xs of [without, withIngest, ...withoutHalves]) {
    xs.sort((a, b) => a - b);
  }
  const [p99First, p99Second] = withoutHalves.map(xs => quantile(xs, 0.99));
  const p99 = quantile(without, 0.99);
  const p99Ingest = quantile(withIngest, 0.99);
  const eventsPerS = pacedEvents / (pacedMs / 1000);
  console.log(
    `${clients} clients, batches of ${BATCH}, paced at ${rate} events/s in one slot of each pair (at random) of ${SLOT_MS} ms (the first ${GUARD_MS} ms of each not counted); catalog at ${CATALOG_RPS} requests/s; PostgreSQL, loopback`,
  );
  console.log(
    `stored ${eventsPerS.toFixed(0)} events/s paced, ${maxEventsPerS.toFixed(
      0,
    )} events/s unpaced; CPU of the process storing them ${cpuPerBatch.toFixed(
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
  await cleanUp();
}
