#!/usr/bin/env node
/*
 * Catalog ingestion and query speed on PostgreSQL.
 *
 *   node bench/catalog-ingest.mjs [--entities 10000] [--requests 200]
 *                                 [--variants 0,2]   (default: all below)
 *
 * For each catalog configuration below, boots the real catalog plugin
 * (bench/catalog/benchBackend.ts) on a fresh set of PostgreSQL databases with
 * an entity provider that emits N generated entities (teams, systems,
 * resources, APIs, components with owners, systems, API and dependency
 * relations), then prints:
 *   - ingestion throughput: N / seconds from the provider's mutation until
 *     every entity is stitched (final_entities filled);
 *   - p50/p95 of GET /entities/by-query?limit=20 with a kind filter and with a
 *     full-text filter, and of POST /entities/by-refs for 100 refs.
 * Targets: >= 300 entities/s, by-query p95 <= 50 ms.
 *
 * Each configuration runs twice: with the catalog modules a stock create-app
 * backend adds (scaffolder entity model, logs), and with the portal's (those
 * and the AI model module and ours: owner check, annotation links, file
 * placeholders, with their keys from app-config.yaml). The JSON line's
 * `catalog_ingest_entities_per_s` is the portal's best configuration,
 * `stock_catalog_ingest_entities_per_s` the stock modules' in the same one,
 * and `catalog_ingest_overhead_pct` what ours cost over stock.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const require = createRequire(path.join(root, 'packages/backend/package.json'));
const { Client } = require('pg');
const { parse, stringify } = require('yaml');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('entities', 10_000);
const REQUESTS = arg('requests', 200);
const port = 7307;
const pg = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

const variantsArg = process.argv.indexOf('--variants');
const ONLY = (
  variantsArg > 0 ? process.argv[variantsArg + 1] : process.env.BENCH_VARIANTS
)?.split(',');
const ALL_VARIANTS = [
  {
    name: 'immediate stitching (default)',
    catalog: { stitchingStrategy: { mode: 'immediate' } },
  },
  {
    name: 'deferred stitching, 1 s polling',
    catalog: {
      stitchingStrategy: {
        mode: 'deferred',
        pollingInterval: { seconds: 1 },
        stitchTimeout: { minutes: 1 },
      },
    },
  },
  {
    name: 'immediate, synchronous_commit off',
    catalog: { stitchingStrategy: { mode: 'immediate' } },
    connection: { options: '-c synchronous_commit=off' },
  },
  {
    name: 'immediate, Unix socket',
    catalog: { stitchingStrategy: { mode: 'immediate' } },
    connection: {
      host: process.env.POSTGRES_SOCKET_DIR ?? '/var/run/postgresql',
    },
  },
  {
    name: 'immediate, 2 replicas',
    catalog: { stitchingStrategy: { mode: 'immediate' } },
    replicas: 2,
  },
];
const VARIANTS = ALL_VARIANTS.filter(
  (v, i) => !ONLY || ONLY.includes(String(i)),
);

/** The catalog keys of app-config.yaml that the portal's modules read. */
function portalCatalogModulesConfig() {
  const { catalog } = parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  return Object.fromEntries(
    ['annotationLinks', 'entityChecks', 'filePlaceholders']
      .filter(key => catalog[key] !== undefined)
      .map(key => [key, catalog[key]]),
  );
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function runVariant(variant, processors) {
  const prefix = `bench_catalog_${Date.now().toString(36)}_`;
  const token = crypto.randomBytes(24).toString('hex');
  const replicas = variant.replicas ?? 1;
  const configFile = i => path.join(os.tmpdir(), `${prefix}config-${i}.yaml`);
  for (let i = 0; i < replicas; i++)
    fs.writeFileSync(
      configFile(i),
      stringify({
        backend: {
          baseUrl: `http://localhost:${port + i}`,
          listen: { port: port + i },
          database: {
            client: 'pg',
            prefix,
            connection: { ...pg, ...variant.connection },
          },
          auth: {
            externalAccess: [
              { type: 'static', options: { token, subject: 'bench' } },
            ],
          },
        },
        catalog: {
          processingInterval: { minutes: 30 },
          // the portal's modules read their own keys (annotation links,
          // entity checks, file placeholders) from app-config.yaml
          ...(processors === 'portal' ? portalCatalogModulesConfig() : {}),
          ...variant.catalog,
        },
        bench: { entities: N, provide: i === 0 },
      }),
    );
  let output = '';
  let applyingAt;
  const children = Array.from({ length: replicas }, (_, i) =>
    spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        path.join(root, 'bench/catalog/benchBackend.ts'),
        '--config',
        configFile(i),
      ],
      {
        cwd: root,
        detached: true,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
          LOG_LEVEL: 'warn',
          BENCH_PROCESSORS: processors,
        },
      },
    ),
  );
  const child = children[0];
  child.stdout.on('data', d => {
    output += d;
    const m = String(d).match(/BENCH provider-applying \d+ (\d+)/);
    if (m) applyingAt = Number(m[1]);
  });
  child.stderr.on('data', d => (output += d));
  const db = new Client({ ...pg, database: 'postgres' });
  await db.connect();
  try {
    // ingestion
    const deadline = Date.now() + 30 * 60_000;
    while (!applyingAt) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`backend did not start:\n${output.slice(-2000)}`);
      await new Promise(r => setTimeout(r, 100));
    }
    const catalogDb = new Client({ ...pg, database: `${prefix}catalog` });
    await catalogDb.connect();
    let stitched = 0;
    let doneAt;
    while (!doneAt) {
      const { rows } = await catalogDb.query(
        'select count(*)::int as n from final_entities where final_entity is not null',
      );
      stitched = rows[0].n;
      if (stitched >= N) doneAt = Date.now();
      else if (Date.now() > deadline)
        throw new Error(`only ${stitched} of ${N} stitched`);
      else await new Promise(r => setTimeout(r, 200));
    }
    await catalogDb.end();
    const ingestSeconds = (doneAt - applyingAt) / 1000;

    // queries
    const base = `http://localhost:${port}/api/catalog`;
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    };
    const time = async fn => {
      const t = performance.now();
      const res = await fn();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    const refs = Array.from(
      { length: 100 },
      (_, i) => `component:default/service-${i * 37}`,
    );
    const queries = {
      'by-query kind=component': () =>
        fetch(`${base}/entities/by-query?limit=20&filter=kind=component`, {
          headers,
        }),
      'by-query full text "payments"': () =>
        fetch(
          `${base}/entities/by-query?limit=20&fullTextFilterTerm=payments`,
          { headers },
        ),
      'by-refs 100 refs': () =>
        fetch(`${base}/entities/by-refs`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ entityRefs: refs }),
        }),
    };
    const latencies = {};
    for (const [name, q] of Object.entries(queries)) {
      for (let i = 0; i < 20; i++) await time(q); // warm up
      const samples = [];
      for (let i = 0; i < REQUESTS; i++) samples.push(await time(q));
      latencies[name] = {
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
      };
    }
    return { ingestSeconds, perSecond: N / ingestSeconds, latencies };
  } finally {
    for (const c of children) {
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await new Promise(r => (c.exitCode !== null ? r() : c.once('exit', r)));
    }
    const { rows } = await db.query(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await db.query(`drop database "${datname}" with (force)`);
    await db.end();
    for (let i = 0; i < replicas; i++)
      fs.rmSync(configFile(i), { force: true });
  }
}

console.log(
  `Catalog on PostgreSQL, ${N} entities, ${REQUESTS} requests per query, ${
    os.cpus().length
  } CPUs\n`,
);
const results = [];
const stockResults = [];
for (const variant of VARIANTS) {
  for (const processors of ['stock', 'portal']) {
    const r = await runVariant(variant, processors);
    (processors === 'portal' ? results : stockResults).push({
      variant: variant.name,
      ...r,
    });
    console.log(
      `${variant.name}, ${
        processors === 'portal'
          ? "the portal's catalog modules"
          : "a stock app's catalog modules"
      }`,
    );
    console.log(
      `  ingest: ${r.ingestSeconds.toFixed(1)} s, ${r.perSecond.toFixed(
        0,
      )} entities/s (target >= 300)`,
    );
    for (const [name, l] of Object.entries(r.latencies)) {
      console.log(
        `  ${name.padEnd(30)} p50 ${l.p50
          .toFixed(1)
          .padStart(6)} ms   p95 ${l.p95.toFixed(1).padStart(6)} ms`,
      );
    }
  }
}
const best = results.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
console.log(
  `\n${JSON.stringify({
    catalog_ingest_entities_per_s: Math.round(best.perSecond),
    catalog_by_query_p95_ms: Number(
      best.latencies['by-query kind=component'].p95.toFixed(1),
    ),
    catalog_fulltext_p95_ms: Number(
      best.latencies['by-query full text "payments"'].p95.toFixed(1),
    ),
    catalog_by_refs_p95_ms: Number(
      best.latencies['by-refs 100 refs'].p95.toFixed(1),
    ),
    catalog_config: best.variant,
    // the same configuration with a stock app's catalog modules only
    stock_catalog_ingest_entities_per_s: Math.round(
      stockResults[results.indexOf(best)].perSecond,
    ),
    catalog_ingest_overhead_pct: Number(
      (
        (stockResults[results.indexOf(best)].perSecond / best.perSecond - 1) *
        100
      ).toFixed(1),
    ),
    entities: N,
  })}`,
);
