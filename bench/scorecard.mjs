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
 *     (target <= 100 ms), and the dimension and check reports;
 *   - notifications (benchScorecard's benchNotifications.ts): deciding those
 *     of a full evaluation of N changed entities, 5 % regressing (target
 *     <= 1000 ms), recording their dedupe keys, and an evaluation in which
 *     5 % regress, with notifications;
 *   - roll-ups (benchScorecard's benchRollups.ts): the components placed in
 *     N/100 systems of one domain, the Domain's roll-up p95 of 25 runs
 *     (target <= 100 ms) and the team report's on the same data, a System's
 *     and a Group's roll-up, the snapshots of a full run.
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
  `  notifications, decided         ${ms(
    f.notify_decide_median_ms,
  )} median (max ${ms(f.notify_decide_max_ms)}) for ${
    f.entities
  } changed entities, ${f.notify_decide_notices} notices (target <= 1000)`,
);
console.log(
  `  notifications, dedupe keys     ${ms(f.notify_dedupe_ms)} new, ${ms(
    f.notify_dedupe_taken_ms,
  )} already taken`,
);
console.log(
  `  evaluation + storage, ${f.notify_regressed_entities} regress ${ms(
    f.notify_regress_run_ms_per_entity,
  )} per entity, with notifications (${f.notify_regress_sent} sent)`,
);
console.log(
  `  Domain roll-up (${f.rollup_domain_entities} entities) ${ms(
    f.rollup_domain_median_ms,
  )} median, ${ms(
    f.rollup_domain_p95_ms,
  )} p95 (target <= 100); team report ${ms(
    f.rollup_report_owner_p95_ms,
  )} p95 on the same data`,
);
console.log(
  `  System / Group roll-up         ${ms(f.rollup_system_median_ms)} / ${ms(
    f.rollup_group_median_ms,
  )} median; snapshots after a full run ${ms(f.rollup_snapshot_median_ms)} (${
    f.rollup_snapshots
  })`,
);
console.log(
  JSON.stringify({
    scorecard_ms_per_entity: Number(f.evaluate_ms_per_entity.toFixed(4)),
    scorecard_stored_ms_per_entity: Number(
      f.first_run_ms_per_entity.toFixed(4),
    ),
    scorecard_report_ms: Number(f.report_owner_p95_ms.toFixed(1)),
    scorecard_notify_ms: Number(f.notify_decide_median_ms.toFixed(1)),
    scorecard_notify_dedupe_ms: Number(f.notify_dedupe_ms.toFixed(1)),
    scorecard_rollup_ms: Number(f.rollup_domain_p95_ms.toFixed(1)),
  }),
);
