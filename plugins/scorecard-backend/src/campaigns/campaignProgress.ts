import type {
  CheckStatus,
  ScorecardCampaignBurndownPoint,
  ScorecardCampaignDefinition,
  ScorecardCampaignEntity,
  ScorecardCampaignProgress,
  ScorecardCampaignStatus,
  ScorecardCampaignTeam,
} from '@internal/backstage-plugin-scorecard-common';

/*
 * A campaign's rules, without I/O: when it is planned, active, due and to
 * be archived; when an entity is done; its figures by team and entity; its
 * burn-down from the snapshots.
 */

const DAY_MS = 24 * 3600 * 1000;

/** the owner of entities without one, as teams and snapshots name it */
export const NO_OWNER = 'none';

/** starts at 00:00 UTC of its start date */
export const campaignStartsAt = (c: { startDate: string }) =>
  new Date(`${c.startDate}T00:00:00Z`);

/** due at the end of its target date, UTC: archived from then on */
export const campaignEndsAt = (c: { targetDate: string }) =>
  new Date(new Date(`${c.targetDate}T00:00:00Z`).getTime() + DAY_MS);

export function campaignStatus(
  c: ScorecardCampaignDefinition,
  archivedAt: Date | null,
  now: Date,
): ScorecardCampaignStatus {
  if (archivedAt) return 'archived';
  return now < campaignStartsAt(c) ? 'planned' : 'active';
}

/** past its target date: to be archived with its final figures */
export const isCampaignOver = (c: ScorecardCampaignDefinition, now: Date) =>
  now >= campaignEndsAt(c);

/**
 * Owners of entities not yet done are reminded from `reminderDays` days
 * before the end of the target date, while the campaign is active.
 */
export const isReminderDue = (c: ScorecardCampaignDefinition, now: Date) =>
  now >= campaignStartsAt(c) &&
  !isCampaignOver(c, now) &&
  now.getTime() >= campaignEndsAt(c).getTime() - c.reminderDays * DAY_MS;

/** A campaign check's result for an entity in the campaign's scope. */
export type CampaignCheckRow = {
  entityRef: string;
  owner: string | null;
  checkId: string;
  status: CheckStatus;
  exempt: boolean;
};

/** a check counts as done when it passes or the entity is exempt from it */
export const isCheckDone = (r: { status: CheckStatus; exempt: boolean }) =>
  r.status === 'passed' || r.exempt;

/** What a campaign stands at; frozen (JSON) when it is archived. */
export type CampaignFigures = {
  progress: ScorecardCampaignProgress;
  teams: ScorecardCampaignTeam[];
  entities: ScorecardCampaignEntity[];
};

/**
 * The figures from the campaign checks' results of the entities in scope
 * (`CampaignStore.campaignChecks`). An entity takes part when at least one
 * of the checks applies to it (it has a result row), and is done when each
 * of those passes or is exempt. Entities not done come first; teams with
 * the most entities left first.
 */
export function campaignFigures(
  rows: CampaignCheckRow[],
  checks: string[],
): CampaignFigures {
  const order = new Map(checks.map((id, i) => [id, i]));
  const byEntity = new Map<
    string,
    { owner: string | null; remaining: string[] }
  >();
  for (const r of rows) {
    const entry = byEntity.get(r.entityRef) ?? {
      owner: r.owner,
      remaining: [],
    };
    if (!isCheckDone(r)) entry.remaining.push(r.checkId);
    byEntity.set(r.entityRef, entry);
  }
  const entities: ScorecardCampaignEntity[] = [...byEntity].map(
    ([entityRef, e]) => ({
      entityRef,
      owner: e.owner,
      done: e.remaining.length === 0,
      remaining: e.remaining.sort(
        (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0),
      ),
    }),
  );
  entities.sort(
    (a, b) =>
      Number(a.done) - Number(b.done) || a.entityRef.localeCompare(b.entityRef),
  );

  const teams = new Map<string, ScorecardCampaignTeam>();
  for (const e of entities) {
    const owner = e.owner ?? NO_OWNER;
    const team = teams.get(owner) ?? { owner, entities: 0, done: 0 };
    team.entities += 1;
    team.done += e.done ? 1 : 0;
    teams.set(owner, team);
  }
  const teamList = [...teams.values()].sort(
    (a, b) =>
      b.entities - b.done - (a.entities - a.done) ||
      a.owner.localeCompare(b.owner),
  );
  return {
    progress: {
      entities: entities.length,
      done: entities.filter(e => e.done).length,
    },
    teams: teamList,
    entities,
  };
}

/** A team's figures at a time (`scorecard_campaign_snapshots`). */
export type CampaignSnapshot = {
  takenAt: Date;
  owner: string;
  entities: number;
  done: number;
};

/** each owner's latest figures after these snapshots (oldest first) */
function latestByOwner(snapshots: CampaignSnapshot[]) {
  const latest = new Map<string, { entities: number; done: number }>();
  for (const s of snapshots) {
    latest.set(s.owner, { entities: s.entities, done: s.done });
  }
  return latest;
}

/**
 * The snapshot rows to record for the teams' current figures: only the
 * teams whose figures changed since their last snapshot (a team no longer
 * in the campaign gets a row of zeros), or every team when `all` (the
 * archive's last point). Snapshots hold changes; the burn-down carries each
 * team's figures forward.
 */
export function snapshotsToRecord(
  previous: CampaignSnapshot[],
  teams: ScorecardCampaignTeam[],
  options: { all?: boolean } = {},
): { owner: string; entities: number; done: number }[] {
  const latest = latestByOwner(previous);
  const rows = teams
    .filter(t => {
      const before = latest.get(t.owner);
      return (
        options.all ||
        !before ||
        before.entities !== t.entities ||
        before.done !== t.done
      );
    })
    .map(t => ({ owner: t.owner, entities: t.entities, done: t.done }));
  const current = new Set(teams.map(t => t.owner));
  for (const [owner, before] of latest) {
    if (!current.has(owner) && before.entities > 0) {
      rows.push({ owner, entities: 0, done: 0 });
    }
  }
  return rows;
}

/**
 * The burn-down: at each snapshot time, the entities in the campaign and
 * those not yet done, over every team (each team's latest figures until
 * then).
 */
export function burndown(
  snapshots: CampaignSnapshot[],
): ScorecardCampaignBurndownPoint[] {
  const latest = new Map<string, { entities: number; done: number }>();
  const points: ScorecardCampaignBurndownPoint[] = [];
  snapshots.forEach((s, i) => {
    latest.set(s.owner, { entities: s.entities, done: s.done });
    const next = snapshots[i + 1];
    if (next && next.takenAt.getTime() === s.takenAt.getTime()) return;
    let entities = 0;
    let done = 0;
    for (const t of latest.values()) {
      entities += t.entities;
      done += t.done;
    }
    points.push({
      timestamp: s.takenAt.toISOString(),
      entities,
      remaining: entities - done,
    });
  });
  return points;
}
