/*
 * The scorecard engine on N generated entities (default 10,000) on
 * PostgreSQL: see bench/scorecard.mjs.
 */
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import knexFactory from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  builtInCheckTypes,
  EntityEvaluator,
  readScorecardConfig,
  ScorecardService,
  ScorecardStore,
} from '@internal/backstage-plugin-scorecard-backend';
import { benchNotifications } from './benchNotifications';
import { benchRollups } from './benchRollups';

const N = Number(process.env.BENCH_ENTITIES ?? 10000);
const connection =
  process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const root = path.resolve(process.cwd());

/** components with a realistic mix of annotations, owned by N/100 teams */
function generate(count: number): Entity[] {
  const teams = Math.max(5, Math.round(count / 100));
  return Array.from({ length: count }, (_, i) => {
    const annotations: Record<string, string> = {};
    if (i % 2 === 0) annotations['pagerduty.com/service-id'] = `P${i}`;
    if (i % 3 !== 0) annotations['backstage.io/techdocs-ref'] = 'dir:.';
    if (i % 5 === 0) annotations['runbook.io/url'] = `https://runbooks/${i}`;
    if (i % 4 !== 0) annotations['backstage.io/kubernetes-id'] = `svc-${i}`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        etag: `e${i}`,
        annotations,
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: i % 50 === 0 ? '' : `group:team-${i % teams}`,
      },
    };
  });
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)
  ];

async function main() {
  // the portal's checks, annotation and field ones only (no I/O)
  const appConfig = parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  appConfig.scorecard.checks = appConfig.scorecard.checks.filter((c: any) =>
    ['annotation', 'entity-field'].includes(c.type),
  );
  const kept = new Set(appConfig.scorecard.checks.map((c: any) => c.id));
  appConfig.scorecard.levels = appConfig.scorecard.levels
    .map((l: any) => ({
      ...l,
      checks: l.checks.filter((id: string) => kept.has(id)),
    }))
    .filter((l: any) => l.checks.length > 0);
  const config = new ConfigReader(appConfig);
  const types = new Map(builtInCheckTypes(config).map(t => [t.id, t]));
  const settings = readScorecardConfig(config, types);

  const dbName = `scorecard_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const db = knexFactory({
    client: 'pg',
    connection: `${connection}/${dbName}`,
  });
  try {
    const store = await ScorecardStore.create({
      database: { getClient: async () => db } as any,
    });
    const evaluator = new EntityEvaluator(settings, {
      urlReader: {} as any,
      evidenceSources: new Map(),
    });
    const service = new ScorecardService({
      settings,
      store,
      evaluator,
      catalog: {} as any,
      auth: {} as any,
      logger: console as any,
    });
    const entities = generate(N);

    // warm-up (JIT), then the pure evaluation
    for (const e of entities.slice(0, 500)) await evaluator.evaluate(e);
    let t = performance.now();
    for (const e of entities) await evaluator.evaluate(e);
    const evalMs = performance.now() - t;

    // evaluation and storage, in the plugin's pages of 500: first run
    // (everything inserted), second run (nothing changed)
    const pages = (fn: (page: Entity[]) => Promise<unknown>) =>
      (async () => {
        for (let i = 0; i < entities.length; i += 500) {
          await fn(entities.slice(i, i + 500));
        }
      })();
    t = performance.now();
    await pages(p => service.evaluateEntities(p, 'run-1'));
    const firstMs = performance.now() - t;
    await store.snapshotOwners(new Date());
    t = performance.now();
    await pages(p => service.evaluateEntities(p, 'run-2'));
    const secondMs = performance.now() - t;

    const report: Record<string, number[]> = {
      owner: [],
      dimension: [],
      check: [],
    };
    for (let i = 0; i < 25; i++) {
      for (const groupBy of Object.keys(report)) {
        const s = performance.now();
        await service.report(groupBy as any);
        report[groupBy].push(performance.now() - s);
      }
    }
    // notifications: deciding, dedupe keys, a run where 5 % regress
    const notify = await benchNotifications({
      db,
      entities,
      settings,
      store,
      evaluator,
    });
    // roll-ups: the components placed in a domain's systems
    const rollup = await benchRollups({
      db,
      entities,
      settings,
      store,
      evaluator,
    });
    const figures = {
      ...notify,
      ...rollup,
      entities: N,
      checks: settings.checks.length,
      evaluate_ms_per_entity: evalMs / N,
      first_run_ms_per_entity: firstMs / N,
      unchanged_run_ms_per_entity: secondMs / N,
      report_owner_median_ms: median(report.owner),
      report_owner_p95_ms: p95(report.owner),
      report_dimension_median_ms: median(report.dimension),
      report_check_median_ms: median(report.check),
    };
    console.log(`BENCH ${JSON.stringify(figures)}`);
  } finally {
    await db.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
