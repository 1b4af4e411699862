/*
 * Scorecard roll-ups on N entities (see bench/scorecard.mjs): the N stored
 * components are placed in N/100 systems of one domain (evaluated again
 * with their `spec.system`, the systems evaluated too), then, through the
 * service as `GET /v1/entities/domain/default/bench-domain` calls it:
 * - the Domain's roll-up (all N components and the systems), p95 of 25 runs
 *   interleaved with the team report (groupBy=owner), whose p95 is taken
 *   on the same data (target <= 100 ms each);
 * - a System's and a Group's (every team as its sub-group) roll-up;
 * - the snapshots a full evaluation takes of every System, Domain and Group.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  createRollupService,
  type EntityEvaluator,
  ScorecardService,
  type ScorecardStore,
} from '@internal/backstage-plugin-scorecard-backend';
import type { Knex } from 'knex';

const DOMAIN = 'bench-domain';

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)
  ];

const entity = (
  kind: string,
  name: string,
  spec: NonNullable<Entity['spec']>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', etag: `${kind}-${name}` },
  spec,
});

export async function benchRollups(options: {
  db: Knex;
  entities: Entity[];
  settings: any;
  store: ScorecardStore;
  evaluator: EntityEvaluator;
}) {
  const { db, entities, settings, store, evaluator } = options;
  const systemCount = Math.max(5, Math.round(entities.length / 100));
  const teams = [
    ...new Set(
      entities
        .map(e => (e.spec as { owner?: string }).owner)
        .filter((o): o is string => !!o),
    ),
  ].map(o => o.replace(/^group:/, ''));
  const systems = Array.from({ length: systemCount }, (_, i) =>
    entity('System', `sys-${i}`, {
      domain: DOMAIN,
      owner: `group:team-${i % teams.length}`,
    }),
  );
  const groups = [
    entity('Group', 'engineering', { type: 'department', children: teams }),
    ...teams.map(t => entity('Group', t, { type: 'team', children: [] })),
  ];
  const catalogEntities = new Map(
    [entity('Domain', DOMAIN, {}), ...systems, ...groups].map(e => [
      `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase('en-US'),
      e,
    ]),
  );
  // the catalog the roll-ups read: the containers, the groups' tree
  const catalog = {
    getEntityByRef: async (ref: string) => catalogEntities.get(ref),
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(ref => catalogEntities.get(ref)),
    }),
    async *streamEntities() {
      yield groups;
    },
  } as any;
  const rollups = await createRollupService({
    database: { getClient: async () => db } as any,
    catalog,
    settings,
    logger: console as any,
  });
  const service = new ScorecardService({
    settings,
    store,
    evaluator,
    catalog,
    auth: {} as any,
    logger: console as any,
    rollups,
  });
  const credentials = {} as any;

  // the components in their systems, the systems in the domain
  const placed = entities.map((e, i) => ({
    ...e,
    metadata: { ...e.metadata, etag: `${e.metadata.etag}-placed` },
    spec: { ...e.spec, system: `sys-${i % systemCount}` },
  }));
  for (let i = 0; i < placed.length; i += 500) {
    await service.evaluateEntities(placed.slice(i, i + 500));
  }
  await service.evaluateEntities(systems);

  const domainRef = `domain:default/${DOMAIN}`;
  const first = await service.getEntityScorecard(domainRef, credentials);
  const counted = first.rollup?.entities;
  if (counted !== entities.length + systemCount) {
    throw new Error(
      `the domain rolls up ${counted} entities, not ${
        entities.length + systemCount
      }`,
    );
  }

  const time = async (fn: () => Promise<unknown>) => {
    const s = performance.now();
    await fn();
    return performance.now() - s;
  };
  const domain: number[] = [];
  const report: number[] = [];
  const system: number[] = [];
  const group: number[] = [];
  for (let i = 0; i < 3; i++) {
    await service.getEntityScorecard(domainRef, credentials);
  }
  for (let i = 0; i < 25; i++) {
    domain.push(
      await time(() => service.getEntityScorecard(domainRef, credentials)),
    );
    report.push(await time(() => service.report('owner')));
    system.push(
      await time(() =>
        service.getEntityScorecard('system:default/sys-0', credentials),
      ),
    );
    group.push(
      await time(() =>
        service.getEntityScorecard('group:default/engineering', credentials),
      ),
    );
  }
  const snapshots: number[] = [];
  let taken = 0;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    taken = await rollups.snapshot(new Date(), credentials);
    snapshots.push(performance.now() - s);
  }
  return {
    rollup_domain_entities: counted,
    rollup_domain_median_ms: median(domain),
    rollup_domain_p95_ms: p95(domain),
    rollup_report_owner_p95_ms: p95(report),
    rollup_system_median_ms: median(system),
    rollup_group_median_ms: median(group),
    rollup_snapshot_median_ms: median(snapshots),
    rollup_snapshots: taken,
  };
}
