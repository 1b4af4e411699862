import type {
  DocsHealthDay,
  DocsHealthStatus,
} from '@internal/backstage-plugin-adoption-common';
import type { Knex } from 'knex';
import { toDate } from '../database/migrate';
import type { DocsFacts } from './assess';

const TABLE = 'adoption_docs_health';
const DAYS = 'adoption_docs_health_days';

/** An entity's docs as checked. */
export type DocsHealthEntry = DocsFacts & {
  entityRef: string;
  title: string;
  owner: string | null;
  repository: string | null;
  status: DocsHealthStatus;
  checkedAt: Date;
};

type Row = {
  entity_ref: string;
  title: string;
  owner: string | null;
  repository: string | null;
  last_built_at: unknown;
  last_docs_commit_at: unknown;
  last_code_commit_at: unknown;
  status: DocsHealthStatus;
  error: string | null;
  checked_at: unknown;
};

const dateOrNull = (v: unknown) =>
  v === null || v === undefined ? null : toDate(v);

/** Docs health as last checked, and the counts of each day's check. */
export class DocsHealthStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Replaces the checked entities with these (entities gone from the
   * catalog or without TechDocs now are dropped) and records the day's
   * counts (the last check of a UTC day wins).
   */
  async replace(entries: DocsHealthEntry[], takenAt: Date): Promise<void> {
    const count = (s: DocsHealthStatus) =>
      entries.filter(e => e.status === s).length;
    await this.knex.transaction(async tx => {
      const keep = new Set(entries.map(e => e.entityRef));
      const existing: { entity_ref: string }[] = await tx(TABLE).select(
        'entity_ref',
      );
      const gone = existing.map(r => r.entity_ref).filter(r => !keep.has(r));
      for (let i = 0; i < gone.length; i += 500) {
        await tx(TABLE)
          .whereIn('entity_ref', gone.slice(i, i + 500))
          .delete();
      }
      for (const e of entries) {
        await tx(TABLE)
          .insert({
            entity_ref: e.entityRef,
            title: e.title,
            owner: e.owner,
            repository: e.repository,
            last_built_at: e.lastBuiltAt,
            last_docs_commit_at: e.lastDocsCommitAt,
            last_code_commit_at: e.lastCodeCommitAt,
            status: e.status,
            error: e.error,
            checked_at: e.checkedAt,
          })
          .onConflict('entity_ref')
          .merge();
      }
      await tx(DAYS)
        .insert({
          day: takenAt.toISOString().slice(0, 10),
          entities: entries.length,
          fresh: count('fresh'),
          stale: count('stale'),
          not_built: count('not-built'),
          unknown: count('unknown'),
          taken_at: takenAt,
        })
        .onConflict('day')
        .merge();
    });
  }

  async list(status?: DocsHealthStatus): Promise<DocsHealthEntry[]> {
    const query = this.knex(TABLE);
    if (status) query.where('status', status);
    const rows: Row[] = await query.orderBy('entity_ref').select();
    return rows.map(r => ({
      entityRef: r.entity_ref,
      title: r.title,
      owner: r.owner,
      repository: r.repository,
      lastBuiltAt: dateOrNull(r.last_built_at),
      lastDocsCommitAt: dateOrNull(r.last_docs_commit_at),
      lastCodeCommitAt: dateOrNull(r.last_code_commit_at),
      status: r.status,
      error: r.error,
      checkedAt: toDate(r.checked_at),
    }));
  }

  /** the days from `sinceDay` (`YYYY-MM-DD`) on, oldest first */
  async days(sinceDay: string): Promise<DocsHealthDay[]> {
    const rows: {
      day: string;
      entities: number;
      fresh: number;
      stale: number;
      not_built: number;
      unknown: number;
    }[] = await this.knex(DAYS)
      .where('day', '>=', sinceDay)
      .orderBy('day')
      .select();
    return rows.map(r => ({
      day: r.day,
      entities: Number(r.entities),
      fresh: Number(r.fresh),
      stale: Number(r.stale),
      notBuilt: Number(r.not_built),
      unknown: Number(r.unknown),
    }));
  }
}
