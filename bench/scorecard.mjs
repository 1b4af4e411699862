#!/usr/bin/env node
/*
 * Scorecard speed on PostgreSQL.
 *
 *   node bench/scorecard.mjs [--entities 10000]
 *
 * Evaluates N generated components (a mix of annotations, N/100 teams)
 * against the portal's annotation and field checks (app-config.yaml), with
 * the plugin's own evaluator and store, and prints:
 *   - evaluation only, ms per entity (target <= 0.25; the community Tech
 *     Insights bulk run was measured at ~25 ms per entity);
 *   - evaluation and storage, first run (all inserted) and an unchanged run;
 *   - the team report (groupBy=owner) latency, median and p95 of 25 runs
 *     (target <= 100 ms), and the dimension and check reports.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const require = createRequire(path.join(root, 'packages/backend/package.json'));
const arg = process.argv.indexOf('--entities');
const entities = arg > 0 ? process.argv[arg + 1] : '10000';

const run = spawnSync(
  process.execPath,
  [
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    path.join(root, 'bench/scorecard/benchScorecard.ts'),
  ],
  {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      BENCH_ENTITIES: entities,
      ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
    },
  },
);
const line = (run.stdout ?? '').split('\n').find(l => l.startsWith('BENCH '));
if (run.status !== 0 || !line) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(1);
}
const f = JSON.parse(line.slice(6));
const ms = v => `${v.toFixed(3)} ms`;
console.log(
  `Scorecards on PostgreSQL, ${f.entities} entities, ${f.checks} annotation/field checks`,
);
console.log(
  `  evaluation only               ${ms(
    f.evaluate_ms_per_entity,
  )} per entity (target <= 0.25)`,
);
console.log(
  `  evaluation + storage, 1st run ${ms(f.first_run_ms_per_entity)} per entity`,
);
console.log(
  `  evaluation + storage, unchanged ${ms(
    f.unchanged_run_ms_per_entity,
  )} per entity`,
);
console.log(
  `  team report (groupBy=owner)   ${ms(f.report_owner_median_ms)} median, ${ms(
    f.report_owner_p95_ms,
  )} p95 (target <= 100)`,
);
console.log(
  `  dimension / check report      ${ms(f.report_dimension_median_ms)} / ${ms(
    f.report_check_median_ms,
  )} median`,
);
console.log(
  JSON.stringify({
    scorecard_ms_per_entity: Number(f.evaluate_ms_per_entity.toFixed(4)),
    scorecard_stored_ms_per_entity: Number(
      f.first_run_ms_per_entity.toFixed(4),
    ),
    scorecard_report_ms: Number(f.report_owner_p95_ms.toFixed(1)),
  }),
);
