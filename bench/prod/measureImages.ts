/*
 * The measuring half of bench/prod-backend.mjs (which builds the two image
 * folders and runs this with the TypeScript transform): the portal's image
 * and the stock create-app's, each run as its image runs it (plain node,
 * NODE_ENV=production, its production config), one after the other on this
 * machine's PostgreSQL.
 *
 *   --portal DIR --stock DIR [--entities 10000] [--clients 50] [--seconds 60]
 *   [--runs 3] [--profile DIR]
 *
 * For each image:
 *   1. --runs boots on fresh databases: seconds from process start until
 *      readiness answers 200, and RSS 5 s later (idle; the median of each);
 *   2. one more boot: the generated organisation (bench/catalog/generateEntities.ts,
 *      --entities of them) is registered as one catalog file in a repository
 *      of the GitHub stand-in (POST /api/catalog/locations), and entities/s
 *      is --entities over the seconds until all are in the catalog;
 *   3. once the image's own work on them is done (the portal: every scored
 *      entity evaluated by the scorecard; `prod_scorecard_first_evaluation_s`)
 *      and 10 s more, the steady state of a portal that has its catalog;
 *   4. then --clients concurrent clients for --seconds on the catalog (a
 *      page of components, an entity by name) and, for the portal, on the
 *      scorecard route of an entity (each request a random component): p99
 *      per route and errors, and the peak RSS during the load (sampled every
 *      200 ms).
 * The portal's production config points at the stand-ins (productionEnv of
 * system-tests, as the image test runs it) and at a Redis of its own
 * (PrivateRedis of the sandbox: Debian's redis-server); the stock app's at the same GitHub stand-in (a token) and
 * PostgreSQL. Both get the same two overrides: a static service token
 * (backend.auth.externalAccess), and Group added to catalog.rules so the
 * registered file may hold the teams; and both run with the NODE_OPTIONS of
 * charts/backstage-values.yaml (the heap sized from the container's limit).
 * Prints a table and one JSON line.
 *
 * --profile DIR runs every process with V8's CPU and sampling heap profilers
 * (files in DIR/<image>/<run>/), then prints what costs by package
 * (profileByPackage.ts); the figures of such a run include the profilers'
 * own cost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrivateRedis } from 'sandbox';
import { parse as parseYaml } from 'yaml';
import {
  BackendProcess,
  dropDatabases,
  pgConnection,
  startBackendProcess,
  waitUntil,
} from 'system-tests/backendProcess';
import { backendNodeOptions } from 'system-tests/helmValues';
import {
  productionEnv,
  startProductionStandIns,
} from 'system-tests/productionEnv';
import { generateEntities } from '../catalog/generateEntities';
import { printProfiles } from './profileByPackage';
import { scoredRefs, waitUntilScored } from './scorecardSettled';

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const portalDir = arg('portal')!;
const stockDir = arg('stock')!;
const count = Number(arg('entities', '10000'));
const clients = Number(arg('clients', '50'));
const seconds = Number(arg('seconds', '60'));
const runs = Number(arg('runs', '3'));
const output = process.env.BENCH_VERBOSE ? 'inherit' : 'ignore';
const profileDir = arg('profile');
/** V8's profilers for one process, writing into profileDir/<image>/<run>. */
const profilerOptions = (image: string, run: string) => {
  if (!profileDir) return '';
  const dir = path.join(profileDir, image, run);
  fs.mkdirSync(dir, { recursive: true });
  return ` --cpu-prof --cpu-prof-dir=${dir} --heap-prof --heap-prof-dir=${dir}`;
};

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) =>
  xs[Math.min(xs.length - 1, Math.ceil(xs.length * q) - 1)];
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Resident memory of a process now, in MB (VmRSS). */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

/** catalog.rules of an image's config (production over base), plus Group. */
function rulesWithGroup(dir: string): string {
  let rules: unknown[] = [];
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    const config = parseYaml(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (config?.catalog?.rules) rules = config.catalog.rules;
  }
  return JSON.stringify([...rules, { allow: ['Group'] }]);
}

type Image = {
  name: 'portal' | 'stock';
  dir: string;
  env(prefix: string, run: string): Record<string, string>;
  /** [route name, a path for request i] */
  routes: [string, (i: number) => string][];
  /**
   * Resolves once the image's own background work on the new entities is
   * done (its steady state), with what it waited for.
   */
  settle?(prefix: string): Promise<Record<string, number>>;
};

async function main() {
  const standIns = await startProductionStandIns();
  const token = `bench-prod-${Date.now().toString(36)}-0123456789abcdef`;
  const stockGithubToken = 'bench-stock-github-token';
  standIns.github.addPersonalToken(stockGithubToken, 'alice');
  // the generated organisation as one catalog file (JSON documents are YAML)
  const entities = generateEntities(count, { annotations: false });
  standIns.github.addRepo('myorg', 'bench-catalog', {
    files: {
      'entities.yaml': entities.map(e => JSON.stringify(e)).join('\n---\n'),
    },
  });
  const target = `${standIns.github.url}/myorg/bench-catalog/blob/main/entities.yaml`;
  const components = entities
    .filter(e => e.kind === 'Component')
    .map(e => e.metadata.name);
  // the generated entities the portal's scorecard scores
  const scored = scoredRefs(portalDir, entities);
  const component = (i: number) => components[(i * 7919) % components.length];
  const hourly = { frequency: { minutes: 30 }, timeout: { minutes: 3 } };
  const nodeOptions = backendNodeOptions();
  if (!nodeOptions)
    throw new Error('charts/backstage-values.yaml sets no NODE_OPTIONS');
  // production caches on Redis: a private one, nothing else in it
  const redis = await PrivateRedis.start();

  const catalogRoutes: Image['routes'] = [
    [
      'catalog query',
      () => '/api/catalog/entities/by-query?filter=kind=component&limit=20',
    ],
    [
      'catalog entity',
      i => `/api/catalog/entities/by-name/component/default/${component(i)}`,
    ],
  ];
  const images: Image[] = [
    {
      name: 'stock',
      dir: stockDir,
      env: (prefix, run) => ({
        NODE_OPTIONS: nodeOptions + profilerOptions('stock', run),
        POSTGRES_HOST: pgConnection.host,
        POSTGRES_PORT: String(pgConnection.port),
        POSTGRES_USER: pgConnection.user,
        POSTGRES_PASSWORD: pgConnection.password,
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          { type: 'static', options: { token, subject: 'bench' } },
        ]),
        APP_CONFIG_integrations_github: JSON.stringify([
          {
            host: standIns.github.host,
            apiBaseUrl: standIns.github.apiBaseUrl,
            token: stockGithubToken,
          },
        ]),
        APP_CONFIG_catalog_rules: rulesWithGroup(stockDir),
      }),
      routes: catalogRoutes,
    },
    {
      name: 'portal',
      dir: portalDir,
      env: (prefix, run) => ({
        ...productionEnv({
          standIns,
          databasePrefix: prefix,
          externalToken: token,
          providerSchedule: hourly,
        }),
        NODE_OPTIONS: nodeOptions + profilerOptions('portal', run),
        REDIS_URL: redis.url,
        APP_CONFIG_catalog_rules: rulesWithGroup(portalDir),
      }),
      routes: [
        ...catalogRoutes,
        [
          'scorecard entity',
          i => `/api/scorecard/v1/entities/component/default/${component(i)}`,
        ],
      ],
      // the scorecard evaluates entities whose catalog etag changed (every
      // 30 s): the first evaluation of the new entities, then steady state
      settle: async prefix => {
        try {
          return {
            scored_s: await waitUntilScored({ prefix, refs: scored }),
          };
        } catch (error) {
          throw new Error(`portal: ${error}`);
        }
      },
    },
  ];

  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const results: Record<string, any> = {};
  try {
    for (const image of images) {
      const r: Record<string, any> = (results[image.name] = {});
      const boot = async (prefix: string, run: string) => {
        const started = performance.now();
        const backend = await startBackendProcess({
          image: image.dir,
          env: image.env(prefix, run),
          output,
        });
        await waitUntil(
          `the ${image.name} image's readiness`,
          async () =>
            (
              await fetch(`${backend.baseUrl}/.backstage/health/v1/readiness`)
            ).ok || undefined,
          { timeoutMs: 180_000, intervalMs: 100, backend },
        );
        return { backend, readyS: (performance.now() - started) / 1000 };
      };

      // 1. ready and idle
      const ready: number[] = [];
      const idle: number[] = [];
      for (let i = 0; i < runs; i++) {
        const prefix = `bench_prod_${image.name}_${Date.now().toString(36)}_`;
        const { backend, readyS } = await boot(prefix, `idle-${i + 1}`);
        try {
          await sleep(5000);
          ready.push(readyS);
          idle.push(rssMb(backend.pid));
        } finally {
          await backend.stop();
          await dropDatabases(prefix);
        }
      }
      r.ready_s = median(ready);
      r.rss_idle_mb = median(idle);
      console.log(
        `${image.name}: ready ${ready
          .map(s => s.toFixed(2))
          .join(', ')} s; idle RSS ${idle
          .map(m => m.toFixed(0))
          .join(', ')} MB`,
      );

      // 2. the generated catalog
      const prefix = `bench_prod_${image.name}_${Date.now().toString(36)}_`;
      let backend: BackendProcess | undefined;
      try {
        ({ backend } = await boot(prefix, 'loaded'));
        const base = backend.baseUrl;
        const registered = await fetch(`${base}/api/catalog/locations`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'url', target }),
        });
        if (!registered.ok)
          throw new Error(
            `registering ${target}: ${
              registered.status
            } ${await registered.text()}`,
          );
        const t0 = performance.now();
        const origin = encodeURIComponent(
          `metadata.annotations.backstage.io/managed-by-origin-location=url:${target}`,
        );
        for (;;) {
          const res = await fetch(
            `${base}/api/catalog/entities/by-query?filter=${origin}&limit=1`,
            { headers },
          );
          const body = res.ok ? await res.json() : undefined;
          if ((body?.totalItems ?? 0) >= count) break;
          if (performance.now() - t0 > 1_200_000)
            throw new Error(
              `${image.name}: ${body?.totalItems} of ${count} entities after 20 minutes`,
            );
          await sleep(500);
        }
        r.ingest_s = (performance.now() - t0) / 1000;
        r.ingest_per_s = count / r.ingest_s;
        console.log(
          `${
            image.name
          }: ${count} entities in the catalog in ${r.ingest_s.toFixed(1)} s`,
        );

        // 3. steady state: the image's own work on the new entities done,
        // and 10 s more for the catalog's stitching to settle
        Object.assign(r, await image.settle?.(prefix));
        if (r.scored_s !== undefined)
          console.log(
            `${image.name}: ${
              scored.length
            } entities scored ${r.scored_s.toFixed(
              1,
            )} s after they were in the catalog`,
          );
        await sleep(10_000);

        // 4. under load
        const samples = new Map(
          image.routes.map(([name]) => [name, [] as number[]]),
        );
        const errors = new Map(image.routes.map(([name]) => [name, 0]));
        let peak = rssMb(backend.pid);
        const pid = backend.pid;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMb(pid));
        }, 200);
        const until = Date.now() + seconds * 1000;
        let sent = 0;
        await Promise.all(
          Array.from({ length: clients }, async (_, c) => {
            // client c sends the routes in turn, starting at its own; i
            // numbers its requests across all clients (which component)
            for (let k = 0; Date.now() < until; k++) {
              const i = k * clients + c;
              const [name, url] = image.routes[(c + k) % image.routes.length];
              const started = performance.now();
              try {
                const res = await fetch(`${base}${url(i)}`, { headers });
                await res.arrayBuffer();
                if (!res.ok) errors.set(name, errors.get(name)! + 1);
              } catch {
                errors.set(name, errors.get(name)! + 1);
              }
              samples.get(name)!.push(performance.now() - started);
              sent += 1;
            }
          }),
        );
        clearInterval(sampler);
        r.rss_peak_mb = peak;
        r.rps = sent / seconds;
        r.p99 = {};
        r.errors = 0;
        for (const [name] of image.routes) {
          const xs = samples.get(name)!.sort((a, b) => a - b);
          r.p99[name] = quantile(xs, 0.99);
          r.errors += errors.get(name)!;
          console.log(
            `${image.name}: ${name.padEnd(17)} ${String(xs.length).padStart(
              6,
            )} requests, p50 ${quantile(xs, 0.5).toFixed(1)} ms, p99 ${r.p99[
              name
            ].toFixed(1)} ms, ${errors.get(name)} errors`,
          );
        }
        console.log(
          `${image.name}: ${clients} clients, ${seconds} s: ${r.rps.toFixed(
            0,
          )} requests/s, peak RSS ${peak.toFixed(0)} MB`,
        );
      } finally {
        await backend?.stop();
        await dropDatabases(prefix);
      }
    }
  } finally {
    await standIns.close();
    await redis.stop();
  }
  if (profileDir) printProfiles(profileDir);

  const ours = results.portal;
  const stock = results.stock;
  const round = (x: number, d = 0) => Number(x.toFixed(d));
  const catalogP99 = (r: any) =>
    Math.max(r.p99['catalog query'], r.p99['catalog entity']);
  console.log(
    JSON.stringify({
      prod_backend_ready_s: round(ours.ready_s, 2),
      prod_backend_rss_idle_mb: round(ours.rss_idle_mb),
      prod_backend_rss_peak_mb: round(ours.rss_peak_mb),
      stock_prod_backend_ready_s: round(stock.ready_s, 2),
      stock_prod_backend_rss_idle_mb: round(stock.rss_idle_mb),
      stock_prod_backend_rss_peak_mb: round(stock.rss_peak_mb),
      prod_backend_ready_ratio: round(ours.ready_s / stock.ready_s, 2),
      prod_backend_rss_idle_ratio: round(
        ours.rss_idle_mb / stock.rss_idle_mb,
        2,
      ),
      prod_catalog_ingest_entities_per_s: round(ours.ingest_per_s),
      stock_prod_catalog_ingest_entities_per_s: round(stock.ingest_per_s),
      prod_scorecard_first_evaluation_s: round(ours.scored_s, 1),
      load_10k_catalog_p99_ms: round(catalogP99(ours), 1),
      load_10k_scorecard_p99_ms: round(ours.p99['scorecard entity'], 1),
      load_10k_errors: ours.errors,
      load_10k_rps: round(ours.rps),
      stock_load_10k_catalog_p99_ms: round(catalogP99(stock), 1),
      stock_load_10k_errors: stock.errors,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
