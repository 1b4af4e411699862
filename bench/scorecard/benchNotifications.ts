/*
 * Scorecard notifications on N entities (see bench/scorecard.mjs):
 * - deciding the notices of one full evaluation in which every entity
 *   changed and 5 % regressed (decideNotifications, pure; the worst case: a
 *   real run hands it the changed entities only);
 * - recording their dedupe keys on PostgreSQL (the notifier's INSERT … ON
 *   CONFLICT DO NOTHING RETURNING), new keys then keys already taken;
 * - a full evaluation through the service, with the notifier, in which
 *   5 % of the entities lose a check (what the store reads of the previous
 *   state, the decision, the keys; sends go nowhere).
 */
import type { Entity } from '@backstage/catalog-model';
import {
  decideNotifications,
  type EntityEvaluator,
  NotificationsScorecardNotifier,
  ScorecardService,
  type ScorecardStore,
  type EntityTransition,
} from '@internal/backstage-plugin-scorecard-backend';
import type { Knex } from 'knex';

const CHECKS = Array.from({ length: 10 }, (_, i) => `check-${i}`);
const LEVELS = [
  { name: 'Bronze', checks: CHECKS.slice(0, 3) },
  { name: 'Silver', checks: CHECKS.slice(3, 6) },
  { name: 'Gold', checks: CHECKS.slice(6) },
];
const STATUSES = ['passed', 'failed', 'unknown'] as const;

/** N changed entities of 10 checks; every 20th regresses (one check) */
export function generateTransitions(count: number): EntityTransition[] {
  return Array.from({ length: count }, (_, i) => {
    const regresses = i % 20 === 7;
    const before = CHECKS.map((_c, j) =>
      regresses ? 'passed' : STATUSES[(i + j) % 3],
    );
    // the others change without regressing: a failed or unknown check
    // becomes passed or unknown
    const after = before.map((s, j) => {
      if (regresses) return j === i % 10 ? 'failed' : s;
      return j === i % 10 && s !== 'passed' ? 'unknown' : s;
    });
    const level = (statuses: readonly string[]) => {
      let reached: string | null = null;
      for (const l of LEVELS) {
        const checks = l.checks.map(id => statuses[CHECKS.indexOf(id)]);
        if (!checks.every(s => s === 'passed')) break;
        reached = l.name;
      }
      return reached;
    };
    return {
      entityRef: `component:default/svc-${i}`,
      owner: `group:default/team-${i % 100}`,
      previous: {
        fingerprint: `f${i}`,
        historyId: String(1_000_000 + i),
        level: level(before),
        checks: new Map(
          CHECKS.map((id, j) => [id, { status: before[j], exempt: false }]),
        ),
      },
      next: {
        level: level(after),
        checks: CHECKS.map((id, j) => ({
          checkId: id,
          status: after[j],
          exempt: false,
          detail: `${id} is ${after[j]} for svc-${i}`,
        })),
      },
    } as EntityTransition;
  });
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchNotifications(options: {
  db: Knex;
  /** evaluated and stored already (the bench's first runs) */
  entities: Entity[];
  /** the bench's service parts */
  settings: ConstructorParameters<typeof ScorecardService>[0]['settings'];
  store: ScorecardStore;
  evaluator: EntityEvaluator;
}) {
  const { db, entities } = options;
  const transitions = generateTransitions(entities.length);
  const decideOptions = {
    levels: LEVELS,
    checkTitles: new Map(CHECKS.map(id => [id, `Check ${id}`])),
  };
  decideNotifications(transitions.slice(0, 1000), decideOptions); // warm-up
  const runs: number[] = [];
  let notices: ReturnType<typeof decideNotifications> = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    notices = decideNotifications(transitions, decideOptions);
    runs.push(performance.now() - t);
  }

  const quiet = { send: async () => {} };
  const logger = console as any;
  const notifier = new NotificationsScorecardNotifier({
    db,
    notifications: quiet,
    logger,
  });
  let t = performance.now();
  const claimed = await notifier.claim(notices);
  const dedupeMs = performance.now() - t;
  t = performance.now();
  const again = await notifier.claim(notices);
  const dedupeTakenMs = performance.now() - t;
  if (claimed.length !== notices.length || again.length !== 0) {
    throw new Error(
      `dedupe: ${claimed.length} of ${notices.length} claimed, then ${again.length}`,
    );
  }

  // a full evaluation in which 5 % of the entities lose their TechDocs
  let sent = 0;
  const service = new ScorecardService({
    settings: options.settings,
    store: options.store,
    evaluator: options.evaluator,
    catalog: {} as any,
    auth: {} as any,
    logger,
    notifier: {
      send: async (n: any[]) => {
        const s = await notifier.send(n);
        sent += s.length;
        return s;
      },
    },
  });
  const withDocs = entities.filter(
    e => e.metadata.annotations?.['backstage.io/techdocs-ref'],
  );
  const step = withDocs.length / Math.round(entities.length / 20);
  const regressing = withDocs.filter(
    (_, k) => Math.floor(k / step) !== Math.floor((k - 1) / step),
  );
  for (const e of regressing) {
    delete e.metadata.annotations!['backstage.io/techdocs-ref'];
    e.metadata.etag = `${e.metadata.etag}-regressed`;
  }
  t = performance.now();
  for (let i = 0; i < entities.length; i += 500) {
    await service.evaluateEntities(entities.slice(i, i + 500), 'run-notify');
  }
  const regressRunMs = performance.now() - t;

  return {
    notify_decide_median_ms: median(runs),
    notify_decide_max_ms: Math.max(...runs),
    notify_decide_notices: notices.length,
    notify_dedupe_ms: dedupeMs,
    notify_dedupe_taken_ms: dedupeTakenMs,
    notify_regress_run_ms_per_entity: regressRunMs / entities.length,
    notify_regressed_entities: regressing.length,
    notify_regress_sent: sent,
  };
}
