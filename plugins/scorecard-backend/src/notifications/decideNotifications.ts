import { parseEntityRef } from '@backstage/catalog-model';
import type {
  CheckStatus,
  ScorecardLevelDefinition,
} from '@internal/backstage-plugin-scorecard-common';
import type { ScorecardNotice } from './types';

/** A check's result as notifications compare it. */
export type CheckState = { status: CheckStatus; exempt: boolean };

/**
 * An entity whose results changed in an evaluation: what was stored before
 * and what the evaluation found. Entities evaluated for the first time have
 * no transition.
 */
export type EntityTransition = {
  entityRef: string;
  /** the owning group (normalized ref) as the evaluation saw it */
  owner: string | null;
  previous: {
    fingerprint: string;
    /**
     * the id of the history row that recorded the previous state (read in
     * one statement with its fingerprint and level); null if there is none
     */
    historyId: string | null;
    level: string | null;
    /** by check id */
    checks: Map<string, CheckState>;
  };
  next: {
    level: string | null;
    checks: Array<CheckState & { checkId: string; detail: string }>;
  };
};

export type DecideNotificationsOptions = {
  /** lowest first, as configured */
  levels: ScorecardLevelDefinition[];
  /** check id → title, for the notices' text */
  checkTitles: Map<string, string>;
};

/** An entity's Scorecard tab in the portal, from its (normalized) ref. */
export function scorecardLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/scorecard`;
}

/**
 * The state a transition leaves, as a key part: the history row that
 * recorded it. Two replicas that read the same stored state build the same
 * key; a later regression leaves a later state, recorded by a new history
 * row even when its results are the same again (a flapping check), so it
 * builds a new key.
 */
const fromState = (t: EntityTransition) =>
  t.previous.historyId !== null
    ? `h${t.previous.historyId}`
    : `f${t.previous.fingerprint}`;

/**
 * The notices one evaluation's changes call for (pure; see the README's
 * "Notifications"):
 * - `check-regressed`: a check was `passed` and is now `failed`, not
 *   exempt. `unknown` on either side is no regression (passed → unknown,
 *   unknown → failed: none): evidence that could not be read is not news
 *   for the owners.
 * - `level-lost`: the entity's level is lower than before (Gold → Silver,
 *   Bronze → none), and a check of a level it lost now fails (not exempt)
 *   with a result before: a level lost only to `unknown` results, or to a
 *   check that did not exist before (the standard changed), is not sent.
 * - none when the entity has no owner.
 */
export function decideNotifications(
  transitions: EntityTransition[],
  options: DecideNotificationsOptions,
): ScorecardNotice[] {
  const rank = new Map(options.levels.map((l, i) => [l.name, i]));
  const rankOf = (level: string | null) =>
    level === null ? -1 : rank.get(level);
  const title = (checkId: string) =>
    options.checkTitles.get(checkId) ?? checkId;
  const notices: ScorecardNotice[] = [];

  for (const t of transitions) {
    if (!t.owner) continue;
    let name: string | undefined;
    let link: string | undefined;
    const base = () => {
      name ??= parseEntityRef(t.entityRef).name;
      link ??= scorecardLink(t.entityRef);
      return { entityRef: t.entityRef, recipient: t.owner!, link };
    };

    for (const c of t.next.checks) {
      if (c.status !== 'failed' || c.exempt) continue;
      if (t.previous.checks.get(c.checkId)?.status !== 'passed') continue;
      const b = base();
      notices.push({
        kind: 'check-regressed',
        dedupeKey: `check-regressed:${t.entityRef}:${c.checkId}:${fromState(
          t,
        )}`,
        ...b,
        title: `${name}: ${title(c.checkId)} now fails`,
        description: c.detail,
      });
    }

    if (t.previous.level === t.next.level) continue;
    const before = rankOf(t.previous.level);
    const after = rankOf(t.next.level);
    if (before === undefined || after === undefined || after >= before) {
      continue;
    }
    const lostChecks = new Set(
      options.levels.slice(after + 1, before + 1).flatMap(l => l.checks),
    );
    const failing = t.next.checks.filter(
      c =>
        lostChecks.has(c.checkId) &&
        c.status === 'failed' &&
        !c.exempt &&
        t.previous.checks.has(c.checkId),
    );
    if (failing.length === 0) continue;
    const b = base();
    notices.push({
      kind: 'level-lost',
      dedupeKey: `level-lost:${t.entityRef}:${t.previous.level}:${fromState(
        t,
      )}`,
      ...b,
      title: `${name}: lost the ${t.previous.level} level (now ${
        t.next.level ?? 'no level'
      })`,
      description: `Failing: ${failing.map(c => title(c.checkId)).join(', ')}`,
    });
  }
  return notices;
}
