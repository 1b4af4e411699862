import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  ScorecardCampaignDefinition,
  ScorecardCampaignDetail,
  ScorecardCampaignSummary,
  ScorecardEntityCampaign,
} from '@internal/backstage-plugin-scorecard-common';
import { scorecardLink } from '../notifications/decideNotifications';
import type {
  ScorecardNotice,
  ScorecardNotifier,
} from '../notifications/types';
import { normalizeRef } from '../service/ScorecardService';
import {
  burndown,
  campaignFigures,
  campaignStatus,
  isCampaignOver,
  isCheckDone,
  isReminderDue,
  snapshotsToRecord,
  type CampaignFigures,
} from './campaignProgress';
import type { CampaignRecord, CampaignStore } from './CampaignStore';

/**
 * Campaigns: a set of checks every entity of a scope should pass by a
 * target date. Those of `scorecard.campaigns` are synchronized into the
 * table at startup and read-only here; the platform team manages the
 * others through the API. Progress is computed from the stored results;
 * after each full evaluation the teams' figures are recorded (the
 * burn-down); past its target date a campaign is archived with its final
 * figures; owners of entities not yet done are reminded before it is due.
 */
export class CampaignService {
  constructor(
    private readonly deps: {
      store: CampaignStore;
      /** the configured checks: what a campaign may name, their titles */
      checks: { id: string; title: string }[];
      /** ids of the campaigns of `scorecard.campaigns` */
      configIds: ReadonlySet<string>;
      /** sends the reminders; without one they are only logged */
      notifier?: ScorecardNotifier;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** the configured check ids, which a campaign may name */
  checkIds(): ReadonlySet<string> {
    return new Set(this.deps.checks.map(c => c.id));
  }

  /**
   * Writes the campaigns of `scorecard.campaigns` into the table (source
   * config): new ones are added, changed ones replaced (a config campaign
   * takes over an API campaign of the same id). A config campaign no longer
   * in the config is deleted with its burn-down, unless it was archived:
   * then it stays, as history, with its final figures.
   */
  async syncConfigCampaigns(
    definitions: ScorecardCampaignDefinition[],
  ): Promise<void> {
    const { store, logger } = this.deps;
    const now = this.now();
    const stored = new Map((await store.list()).map(r => [r.definition.id, r]));
    for (const definition of definitions) {
      const before = stored.get(definition.id);
      if (!before) {
        await store.insert(definition, {
          source: 'config',
          createdBy: 'app-config',
          now,
        });
        continue;
      }
      if (before.source === 'api') {
        logger.warn(
          `Campaign ${definition.id} of scorecard.campaigns replaces the campaign of that id created through the API`,
        );
      }
      if (
        before.source !== 'config' ||
        JSON.stringify(before.definition) !== JSON.stringify(definition)
      ) {
        await store.update(definition, {
          now,
          source: 'config',
          reopen:
            Boolean(before.archivedAt) && !isCampaignOver(definition, now),
        });
      }
    }
    const ids = new Set(definitions.map(d => d.id));
    for (const r of stored.values()) {
      if (r.source === 'config' && !ids.has(r.definition.id)) {
        if (r.archivedAt) continue;
        await store.delete(r.definition.id);
        logger.info(
          `Campaign ${r.definition.id} is no longer in scorecard.campaigns: deleted`,
        );
      }
    }
    for (const r of stored.values()) {
      if (r.source !== 'api' || ids.has(r.definition.id)) continue;
      const unknown = r.definition.checks.filter(c => !this.checkIds().has(c));
      if (unknown.length > 0) {
        logger.warn(
          `Campaign ${
            r.definition.id
          } names checks no longer configured: ${unknown.join(
            ', ',
          )}; they count for nothing`,
        );
      }
    }
  }

  private async figures(
    definition: ScorecardCampaignDefinition,
  ): Promise<CampaignFigures> {
    return campaignFigures(
      await this.deps.store.campaignChecks(definition),
      definition.checks,
    );
  }

  private summary(
    record: CampaignRecord,
    figures: CampaignFigures,
    now: Date,
  ): ScorecardCampaignSummary {
    return {
      ...record.definition,
      source: record.source,
      status: campaignStatus(record.definition, record.archivedAt, now),
      progress: figures.progress,
      ...(record.archivedAt
        ? { archivedAt: record.archivedAt.toISOString() }
        : {}),
    };
  }

  /** live figures, or the frozen ones of an archived campaign */
  private async figuresOf(record: CampaignRecord) {
    return record.archivedAt && record.final
      ? record.final
      : this.figures(record.definition);
  }

  async list(): Promise<ScorecardCampaignSummary[]> {
    await this.archiveDue();
    const now = this.now();
    const records = await this.deps.store.list();
    const summaries = [];
    for (const r of records) {
      summaries.push(this.summary(r, await this.figuresOf(r), now));
    }
    return summaries;
  }

  private async record(id: string): Promise<CampaignRecord> {
    const record = await this.deps.store.get(id);
    if (!record) throw new NotFoundError(`No campaign ${id}`);
    return record;
  }

  async get(id: string): Promise<ScorecardCampaignDetail> {
    await this.archiveDue();
    const record = await this.record(id);
    const figures = await this.figuresOf(record);
    return {
      ...this.summary(record, figures, this.now()),
      teams: figures.teams,
      entities: figures.entities,
      burndown: burndown(await this.deps.store.snapshots(id)),
    };
  }

  async create(
    definition: ScorecardCampaignDefinition,
    createdBy: string,
  ): Promise<ScorecardCampaignSummary> {
    const now = this.now();
    const inserted = await this.deps.store.insert(definition, {
      source: 'api',
      createdBy,
      now,
    });
    if (!inserted) {
      throw new ConflictError(
        `A campaign ${definition.id} exists; change it with PUT /v1/campaigns/${definition.id}`,
      );
    }
    const record = await this.record(definition.id);
    return this.summary(record, await this.figuresOf(record), now);
  }

  /** an API campaign; those of the config are changed in Git */
  private async apiRecord(id: string): Promise<CampaignRecord> {
    const record = await this.record(id);
    if (record.source === 'config' && this.deps.configIds.has(id)) {
      throw new ConflictError(
        `Campaign ${id} is defined in app-config.yaml (scorecard.campaigns): change it there, in Git`,
      );
    }
    return record;
  }

  async update(
    id: string,
    input: Omit<ScorecardCampaignDefinition, 'id'>,
  ): Promise<ScorecardCampaignSummary> {
    const before = await this.apiRecord(id);
    const now = this.now();
    const definition = { ...input, id };
    await this.deps.store.update(definition, {
      now,
      // a target date moved past now reopens an archived campaign
      reopen: Boolean(before.archivedAt) && !isCampaignOver(definition, now),
    });
    await this.archiveDue();
    const record = await this.record(id);
    return this.summary(record, await this.figuresOf(record), now);
  }

  async delete(id: string): Promise<void> {
    await this.apiRecord(id);
    await this.deps.store.delete(id);
  }

  /**
   * The campaigns (planned or active) with a check that applies to this
   * entity, soonest due first: "Q1 security: due 2027-03-31, 2 of 3 done".
   */
  async entityCampaigns(entityRef: string): Promise<ScorecardEntityCampaign[]> {
    await this.archiveDue();
    const ref = normalizeRef(entityRef);
    const now = this.now();
    const out: ScorecardEntityCampaign[] = [];
    for (const r of await this.deps.store.list()) {
      if (r.archivedAt) continue;
      const rows = await this.deps.store.campaignChecks(r.definition, ref);
      if (rows.length === 0) continue;
      const passed = rows.filter(isCheckDone).length;
      out.push({
        id: r.definition.id,
        title: r.definition.title,
        targetDate: r.definition.targetDate,
        status: campaignStatus(r.definition, null, now),
        checks: rows.length,
        passed,
        done: passed === rows.length,
      });
    }
    return out.sort(
      (a, b) =>
        a.targetDate.localeCompare(b.targetDate) || a.id.localeCompare(b.id),
    );
  }

  /**
   * Archives the campaigns past their target date: their figures now are
   * frozen (and recorded as the burn-down's last point). Returns how many.
   */
  async archiveDue(): Promise<number> {
    const { store, logger } = this.deps;
    const now = this.now();
    let archived = 0;
    for (const r of await store.list()) {
      if (r.archivedAt || !isCampaignOver(r.definition, now)) continue;
      const final = await this.figures(r.definition);
      const done = await store.archive(r.definition.id, {
        now,
        final,
        snapshots: snapshotsToRecord(
          await store.snapshots(r.definition.id),
          final.teams,
          { all: true },
        ),
      });
      if (done) {
        archived += 1;
        logger.info(
          `Campaign ${r.definition.id} archived: ${final.progress.done} of ${final.progress.entities} entities done`,
        );
      }
    }
    return archived;
  }

  /**
   * After a full evaluation: archives what is due, then records the teams'
   * figures of each active campaign that changed (the burn-down).
   */
  async recordProgress(): Promise<{ snapshots: number }> {
    await this.archiveDue();
    const { store } = this.deps;
    const now = this.now();
    let snapshots = 0;
    for (const r of await store.list()) {
      if (campaignStatus(r.definition, r.archivedAt, now) !== 'active') {
        continue;
      }
      const figures = await this.figures(r.definition);
      const rows = snapshotsToRecord(
        await store.snapshots(r.definition.id),
        figures.teams,
      );
      if (rows.length > 0) {
        await store.insertSnapshots(r.definition.id, now, rows);
        snapshots += rows.length;
      }
    }
    return { snapshots };
  }

  /**
   * The reminders due now: for each active campaign within `reminderDays`
   * of its target date, one `campaign-due` notice per entity not yet done
   * to its owning group (entities without an owner have no one to remind).
   */
  async dueReminders(): Promise<ScorecardNotice[]> {
    const now = this.now();
    const titles = new Map(this.deps.checks.map(c => [c.id, c.title]));
    const notices: ScorecardNotice[] = [];
    for (const r of await this.deps.store.list()) {
      const c = r.definition;
      if (r.archivedAt || !isReminderDue(c, now)) continue;
      const figures = await this.figures(c);
      for (const e of figures.entities) {
        if (e.done || !e.owner) continue;
        notices.push({
          kind: 'campaign-due',
          dedupeKey: `campaign-due:${c.id}:${e.entityRef}`,
          entityRef: e.entityRef,
          recipient: e.owner,
          title: `${c.title}: due ${c.targetDate}`,
          description: `${e.entityRef} has yet to pass: ${e.remaining
            .map(id => titles.get(id) ?? id)
            .join(', ')}`,
          link: scorecardLink(e.entityRef),
        });
      }
    }
    return notices;
  }

  /**
   * The daily task: archives what is due and sends the reminders (each once:
   * the notifier drops keys already sent). Returns how many were sent.
   */
  async daily(): Promise<{ archived: number; reminded: number }> {
    const archived = await this.archiveDue();
    const notices = await this.dueReminders();
    if (notices.length === 0) return { archived, reminded: 0 };
    if (!this.deps.notifier) {
      this.deps.logger.info(
        `Campaigns: ${notices.length} reminders due, but no notifier is configured`,
      );
      return { archived, reminded: 0 };
    }
    const sent = await this.deps.notifier.send(notices);
    return { archived, reminded: sent.length };
  }
}
