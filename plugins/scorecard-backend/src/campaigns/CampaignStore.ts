import type {
  ScorecardCampaignDefinition,
  ScorecardCampaignSource,
} from '@internal/backstage-plugin-scorecard-common';
import type { Knex } from 'knex';
import { toDate } from '../database/ScorecardStore';
import type {
  CampaignCheckRow,
  CampaignFigures,
  CampaignSnapshot,
} from './campaignProgress';

/** A stored campaign (`scorecard_campaigns`). */
export type CampaignRecord = {
  definition: ScorecardCampaignDefinition;
  source: ScorecardCampaignSource;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  /** the figures when it was archived */
  final: CampaignFigures | null;
};

const toRecord = (r: any): CampaignRecord => ({
  definition: JSON.parse(r.definition),
  source: r.source,
  createdBy: r.created_by ?? null,
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
  archivedAt:
    r.archived_at === null || r.archived_at === undefined
      ? null
      : toDate(r.archived_at),
  final: r.final ? JSON.parse(r.final) : null,
});

/**
 * Campaigns, their snapshots (the burn-down) and the results of their
 * checks, over the plugin's database (PostgreSQL or SQLite).
 */
export class CampaignStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<CampaignRecord[]> {
    const rows = await this.db('scorecard_campaigns').orderBy('id');
    return rows.map(toRecord);
  }

  async get(id: string): Promise<CampaignRecord | undefined> {
    const row = await this.db('scorecard_campaigns').where('id', id).first();
    return row ? toRecord(row) : undefined;
  }

  /** false when a campaign of this id exists */
  async insert(
    definition: ScorecardCampaignDefinition,
    options: { source: ScorecardCampaignSource; createdBy: string; now: Date },
  ): Promise<boolean> {
    const inserted = await this.db('scorecard_campaigns')
      .insert({
        id: definition.id,
        source: options.source,
        definition: JSON.stringify(definition),
        created_by: options.createdBy,
        created_at: options.now,
        updated_at: options.now,
        archived_at: null,
        final: null,
      })
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /**
   * Replaces a campaign's definition; `reopen` clears its archive (its
   * target date was moved past now).
   */
  async update(
    definition: ScorecardCampaignDefinition,
    options: { now: Date; reopen: boolean; source?: ScorecardCampaignSource },
  ): Promise<void> {
    await this.db('scorecard_campaigns')
      .where('id', definition.id)
      .update({
        definition: JSON.stringify(definition),
        updated_at: options.now,
        ...(options.source ? { source: options.source } : {}),
        ...(options.reopen ? { archived_at: null, final: null } : {}),
      });
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      await tx('scorecard_campaign_snapshots')
        .where('campaign_id', id)
        .delete();
      return (await tx('scorecard_campaigns').where('id', id).delete()) > 0;
    });
  }

  /**
   * Archives a campaign not yet archived with its final figures and the
   * snapshot rows of that moment; false when another replica did first.
   */
  async archive(
    id: string,
    options: {
      now: Date;
      final: CampaignFigures;
      snapshots: { owner: string; entities: number; done: number }[];
    },
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx('scorecard_campaigns')
        .where('id', id)
        .whereNull('archived_at')
        .update({
          archived_at: options.now,
          final: JSON.stringify(options.final),
        });
      if (updated === 0) return false;
      await this.insertSnapshotRows(tx, id, options.now, options.snapshots);
      return true;
    });
  }

  /**
   * The campaign's checks' results of the entities in its scope (of one
   * entity with `entityRef`): one query, whose rows `campaignFigures` sums
   * up. An entity is in scope when it matches every scope field given, any
   * value of a field (`scorecard_entities` holds refs, type, lifecycle and
   * tags in lowercase, as the schema normalizes the scope).
   */
  async campaignChecks(
    definition: ScorecardCampaignDefinition,
    entityRef?: string,
  ): Promise<CampaignCheckRow[]> {
    const { scope, checks } = definition;
    const q = this.db('scorecard_entities as e')
      .join('scorecard_check_results as c', 'c.entity_ref', 'e.entity_ref')
      .whereIn('c.check_id', checks)
      .select('e.entity_ref', 'e.owner', 'c.check_id', 'c.status', 'c.exempt');
    if (entityRef) q.where('e.entity_ref', entityRef);
    if (scope.owner) q.whereIn('e.owner', scope.owner);
    if (scope.system) q.whereIn('e.system', scope.system);
    if (scope.kind) q.whereIn(this.db.raw('lower(e.kind)') as any, scope.kind);
    if (scope.type) q.whereIn('e.spec_type', scope.type);
    if (scope.lifecycle) q.whereIn('e.lifecycle', scope.lifecycle);
    const tags = scope.tag;
    if (tags) {
      // `,a,b,` (tagsColumn); the scope's tags are catalog tags: no % or _
      q.where(w => {
        for (const t of tags) w.orWhere('e.tags', 'like', `%,${t},%`);
      });
    }
    const rows = await q;
    return rows.map((r: any) => ({
      entityRef: r.entity_ref,
      owner: r.owner ?? null,
      checkId: r.check_id,
      status: r.status,
      exempt: Boolean(r.exempt),
    }));
  }

  /** the campaign's snapshots, oldest first */
  async snapshots(campaignId: string): Promise<CampaignSnapshot[]> {
    const rows = await this.db('scorecard_campaign_snapshots')
      .where('campaign_id', campaignId)
      .orderBy('taken_at', 'asc')
      .orderBy('id', 'asc');
    return rows.map((r: any) => ({
      takenAt: toDate(r.taken_at),
      owner: r.owner,
      entities: Number(r.entities),
      done: Number(r.done),
    }));
  }

  async insertSnapshots(
    campaignId: string,
    takenAt: Date,
    rows: { owner: string; entities: number; done: number }[],
  ): Promise<void> {
    await this.db.transaction(tx =>
      this.insertSnapshotRows(tx, campaignId, takenAt, rows),
    );
  }

  private async insertSnapshotRows(
    tx: Knex.Transaction,
    campaignId: string,
    takenAt: Date,
    rows: { owner: string; entities: number; done: number }[],
  ) {
    // rows per INSERT: SQLite binds at most 999 variables
    for (let i = 0; i < rows.length; i += 100) {
      await tx('scorecard_campaign_snapshots').insert(
        rows.slice(i, i + 100).map(r => ({
          campaign_id: campaignId,
          taken_at: takenAt,
          owner: r.owner,
          entities: r.entities,
          done: r.done,
        })),
      );
    }
  }
}
