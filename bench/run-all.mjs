#!/usr/bin/env node
/*
 * `make bench`: runs every benchmark in turn, shows its table as it goes,
 * collects the JSON line each one prints last, and writes them together to
 * bench/results/latest.json with the date, the machine and the commit.
 *
 *   node bench/run-all.mjs [--only portal,load] [--readme]
 *   node bench/run-all.mjs --readme-only
 *
 * --readme also rewrites the figures table in README.md (between the
 * "bench:figures" markers) from latest.json and, when present,
 * bench/results/stock-create-app-0.9.2.json (bench/stock-app.mjs);
 * --readme-only does only that, from the files as they are.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './lib/repo.mjs';

// [script, arguments]; each prints its figures as one JSON object on its
// last line
const BENCHMARKS = {
  'backend-ready': ['backend-ready.mjs', ['3']],
  // the default configuration and the fastest one measured (all five:
  // node bench/catalog-ingest.mjs)
  'catalog-ingest': ['catalog-ingest.mjs', ['--variants', '0,2']],
  scorecard: ['scorecard.mjs', []],
  portal: ['portal.mjs', ['--runs', '5']],
  load: ['load.mjs', ['--clients', '50', '--seconds', '60']],
  analytics: [
    'analytics.mjs',
    // the backend as deployed (builds its image folder; the development
    // backend's heap is about twice as large, and its major collections
    // stall the catalog for longer); 240 s, so that several major
    // collections fall on each side
    ['--production', '--clients', '50', '--rate', '1000', '--seconds', '240'],
  ],
  // issue 18: both images as deployed (builds them; the stock app is set
  // up in /tmp/stock-app once)
  'prod-backend': [
    'prod-backend.mjs',
    [
      '--entities',
      '10000',
      '--clients',
      '50',
      '--seconds',
      '60',
      '--runs',
      '3',
    ],
  ],
};

// every key issue 11 asks latest.json for; a missing one fails the run
export const REQUIRED_KEYS = [
  'backend_ready_s',
  'backend_rss_mb',
  'catalog_ingest_entities_per_s',
  'catalog_by_query_p95_ms',
  'scorecard_ms_per_entity',
  'scorecard_report_ms',
  'scorecard_rollup_ms',
  'scorecard_notify_ms',
  'entity_page_js_kb',
  'entity_page_scorecard_visible_ms',
  'template_dry_run_ms',
  'load_catalog_p99_ms',
  'load_errors',
  // issue 22: usage analytics
  'analytics_ingest_events_per_s',
  'analytics_catalog_p99_slowdown_pct',
  // issue 18: the production image beside the stock app's
  'prod_backend_ready_s',
  'prod_backend_rss_idle_mb',
  'prod_backend_rss_peak_mb',
  'stock_prod_backend_ready_s',
  'stock_prod_backend_rss_idle_mb',
  'load_10k_catalog_p99_ms',
  'load_10k_scorecard_p99_ms',
  'stock_catalog_ingest_entities_per_s',
];

const resultsDir = path.join(root, 'bench/results');
const latestFile = path.join(resultsDir, 'latest.json');
const stockFile = path.join(resultsDir, 'stock-create-app-0.9.2.json');

export function machine() {
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model.trim(),
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function run(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'bench', script), ...args],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', d => {
      process.stdout.write(d);
      out += d;
    });
    child.on('exit', code => {
      if (code !== 0) {
        reject(new Error(`bench/${script} exited with ${code}`));
        return;
      }
      const last = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`bench/${script} printed no JSON line last`));
      }
    });
  });
}

const fmt = (value, unit) =>
  value === undefined ? '—' : `${value.toLocaleString('en-US')}${unit}`;

/** The README's figures table, from latest.json and the stock app's file. */
function figuresTable(latest, stock) {
  const f = latest.figures;
  const s = stock ?? {};
  const rows = [
    [
      'Backend ready (all plugins, PostgreSQL)',
      f.backend_ready_s,
      s.backend_ready_s,
      ' s',
      'backend-ready',
    ],
    [
      'Backend RSS once ready',
      f.backend_rss_mb,
      s.backend_rss_mb,
      ' MB',
      'backend-ready',
    ],
    [
      'Production image: backend ready (PostgreSQL, median of 3)',
      f.prod_backend_ready_s,
      f.stock_prod_backend_ready_s,
      ' s',
      'prod-backend',
    ],
    [
      'Production image: RSS idle, 5 s after ready',
      f.prod_backend_rss_idle_mb,
      f.stock_prod_backend_rss_idle_mb,
      ' MB',
      'prod-backend',
    ],
    [
      'Production image: peak RSS, 50 clients for 60 s on 10,000 entities',
      f.prod_backend_rss_peak_mb,
      f.stock_prod_backend_rss_peak_mb,
      ' MB',
      'prod-backend',
    ],
    [
      'Production image: catalog ingestion of 10,000 entities (a registered file)',
      f.prod_catalog_ingest_entities_per_s,
      f.stock_prod_catalog_ingest_entities_per_s,
      ' entities/s',
      'prod-backend',
    ],
    [
      'Production image: catalog p99, 50 clients for 60 s on 10,000 entities',
      f.load_10k_catalog_p99_ms,
      f.stock_load_10k_catalog_p99_ms,
      ' ms',
      'prod-backend',
    ],
    [
      'Production image: scorecard p99, same load (errors)',
      f.load_10k_scorecard_p99_ms === undefined
        ? undefined
        : `${f.load_10k_scorecard_p99_ms} ms (${f.load_10k_errors} errors)`,
      undefined,
      '',
      'prod-backend',
    ],
    [
      "The app's first download: index.html's scripts, every page (uncompressed)",
      f.app_first_download_js_kb,
      s.app_first_download_js_kb,
      ' KB',
      'portal',
    ],
    [
      'Catalog page JavaScript (uncompressed)',
      f.catalog_page_js_kb,
      s.catalog_page_js_kb,
      ' KB',
      'portal',
    ],
    [
      'Catalog page until the table shows',
      f.catalog_page_visible_ms,
      s.catalog_page_visible_ms,
      ' ms',
      'portal',
    ],
    [
      "order-service's page JavaScript",
      f.entity_page_js_kb,
      undefined,
      ' KB',
      'portal',
    ],
    [
      "order-service's page until its scorecard shows",
      f.entity_page_scorecard_visible_ms,
      undefined,
      ' ms',
      'portal',
    ],
    [
      'Golden-path template dry run',
      f.template_dry_run_ms,
      undefined,
      ' ms',
      'portal',
    ],
    [
      `Catalog ingestion, 10,000 entities (${
        f.catalog_config ?? '?'
      }; stock: a stock app's catalog modules)`,
      f.catalog_ingest_entities_per_s,
      f.stock_catalog_ingest_entities_per_s,
      ' entities/s',
      'catalog-ingest',
    ],
    [
      'Catalog by-query p95 (10,000 entities)',
      f.catalog_by_query_p95_ms,
      undefined,
      ' ms',
      'catalog-ingest',
    ],
    [
      'Scorecard evaluation per entity',
      f.scorecard_ms_per_entity,
      undefined,
      ' ms',
      'scorecard',
    ],
    [
      'Scorecard team report p95 (10,000 entities)',
      f.scorecard_report_ms,
      undefined,
      ' ms',
      'scorecard',
    ],
    [
      'Scorecard Domain roll-up p95 (10,000 entities in its systems)',
      f.scorecard_rollup_ms,
      undefined,
      ' ms',
      'scorecard',
    ],
    [
      'Scorecard notifications decided, one evaluation of 10,000 entities',
      f.scorecard_notify_ms,
      undefined,
      ' ms',
      'scorecard',
    ],
    [
      'Load: catalog p99, 50 clients for 60 s',
      f.load_catalog_p99_ms,
      undefined,
      ' ms',
      'load',
    ],
    [
      'Load: scorecard p99, 50 clients for 60 s',
      f.load_scorecard_p99_ms,
      undefined,
      ' ms',
      'load',
    ],
    [
      'Load: requests/s, errors',
      f.load_rps === undefined
        ? undefined
        : `${f.load_rps} rps, ${f.load_errors} errors`,
      undefined,
      '',
      'load',
    ],
    [
      'Analytics events stored by the production build, 50 clients paced at 1,000 events/s (unpaced: most stored)',
      f.analytics_ingest_events_per_s === undefined
        ? undefined
        : `${f.analytics_ingest_events_per_s.toLocaleString(
            'en-US',
          )} events/s (unpaced: ${f.analytics_ingest_max_events_per_s?.toLocaleString(
            'en-US',
          )} events/s)`,
      undefined,
      '',
      'analytics',
    ],
    [
      'Production build (the adoption plugin in a process of its own): catalog p99 at 40 requests/s, without → with the analytics events',
      f.analytics_catalog_p99_ms === undefined
        ? undefined
        : `${f.analytics_catalog_p99_ms} → ${
            f.analytics_catalog_p99_ingest_ms
          } ms (${f.analytics_catalog_p99_slowdown_pct >= 0 ? '+' : ''}${
            f.analytics_catalog_p99_slowdown_pct
          } %${
            f.analytics_catalog_p99_noise_pct === undefined
              ? ''
              : `; two runs without differ by ${f.analytics_catalog_p99_noise_pct} %`
          })`,
      undefined,
      '',
      'analytics',
    ],
    [
      "Production build: the catalog process's garbage collection pauses, without → with the analytics events",
      f.analytics_gc_pause_ms_per_s === undefined
        ? undefined
        : `${f.analytics_gc_pause_ms_per_s} → ${f.analytics_gc_pause_ingest_ms_per_s} ms per second`,
      undefined,
      '',
      'analytics',
    ],
  ];
  const m = latest.machine;
  const lines = [
    `Measured ${latest.measured_at.slice(0, 10)} at commit ${
      latest.commit
    } on ${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, Node ${m.node}` +
      Object.entries(latest.rerun ?? {})
        .map(
          ([name, r]) =>
            `; \`bench/${BENCHMARKS[name][0]}\` again ${r.measured_at.slice(
              0,
              10,
            )} at commit ${r.commit}`,
        )
        .join('') +
      (stock
        ? `; the stock app (\`@backstage/create-app\` ${
            stock.create_app
          }, Backstage ${
            stock.backstage_release
          }) measured ${stock.measured_at.slice(
            0,
            10,
          )} by \`node bench/stock-app.mjs\`, same machine and method` +
          '; the rows of `bench/prod-backend.mjs` and `bench/catalog-ingest.mjs` measure the stock app in the same run as ours.'
        : '.'),
    '',
    '| Figure | This portal | Stock create-app | Portal ÷ stock | Script |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      ([name, ours, theirs, unit, script]) =>
        `| ${name} | ${typeof ours === 'string' ? ours : fmt(ours, unit)} | ${
          theirs === undefined ? '' : fmt(theirs, unit)
        } | ${
          typeof ours === 'number' && typeof theirs === 'number' && theirs
            ? `${(ours / theirs).toFixed(2)}×`
            : ''
        } | \`bench/${script}.mjs\` |`,
    ),
  ];
  return lines.join('\n');
}

function updateReadme(latest) {
  const stock = fs.existsSync(stockFile)
    ? JSON.parse(fs.readFileSync(stockFile, 'utf8'))
    : undefined;
  const readme = path.join(root, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bench:figures:start -->';
  const end = '<!-- bench:figures:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from)
    throw new Error(`README.md lacks the ${start} / ${end} markers`);
  fs.writeFileSync(
    readme,
    `${text.slice(0, from + start.length)}\n${figuresTable(
      latest,
      stock,
    )}\n${text.slice(to)}`,
  );
  console.log('README.md figures updated');
}

async function main() {
  if (process.argv.includes('--readme-only')) {
    updateReadme(JSON.parse(fs.readFileSync(latestFile, 'utf8')));
    return;
  }
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? process.argv[i + 1].split(',') : undefined;
  const previous = fs.existsSync(latestFile)
    ? JSON.parse(fs.readFileSync(latestFile, 'utf8'))
    : { figures: {} };
  const figures = only ? { ...previous.figures } : {};
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
  })
    .toString()
    .trim();
  // a partial run (--only) keeps the date and commit of the full run and
  // records its own per benchmark, so no figure claims a date it lacks
  const rerun = only ? { ...previous.rerun } : {};
  for (const [name, [script, args]] of Object.entries(BENCHMARKS)) {
    if (only && !only.includes(name)) continue;
    console.log(`\n==> bench/${script} ${args.join(' ')}`);
    Object.assign(figures, await run(script, args));
    if (only) rerun[name] = { measured_at: new Date().toISOString(), commit };
  }
  const latest = {
    measured_at: only ? previous.measured_at : new Date().toISOString(),
    commit: only ? previous.commit : commit,
    ...(Object.keys(rerun).length ? { rerun } : {}),
    machine: machine(),
    figures,
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(latestFile, `${JSON.stringify(latest, null, 2)}\n`);
  console.log(`\n==> ${path.relative(root, latestFile)}`);
  console.log(JSON.stringify(figures, null, 2));
  const missing = REQUIRED_KEYS.filter(k => figures[k] === undefined);
  if (process.argv.includes('--readme')) updateReadme(latest);
  if (missing.length) {
    console.error(`missing figures: ${missing.join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  await main();
}
