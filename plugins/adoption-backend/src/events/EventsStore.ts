import type { Knex } from 'knex';

export const EVENTS_TABLE = 'adoption_events';
export const OPT_OUTS_TABLE = 'adoption_opt_outs';

/** A row of `adoption_events` as it is written. */
export type StoredEvent = {
  occurred_at: Date;
  user_hash: string;
  action: string;
  subject: string;
  plugin_id: string | null;
  extension_id: string | null;
  route_path: string | null;
  entity_ref: string | null;
  search_result_count: number | null;
  target: string | null;
};

/** `adoption_events` and `adoption_opt_outs` (migrations/20261207100000_events.js). */
export class EventsStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Inserts the rows. On PostgreSQL in one statement with one parameter,
   * the rows as JSON: a statement of ten parameters a row costs the
   * backend's event loop (binding and serialising each value) and the
   * database (planning them) several times more. On SQLite 250 rows a
   * statement, its limit of variables.
   */
  async insert(rows: StoredEvent[]): Promise<void> {
    if (!rows.length) return;
    if (String(this.knex.client.config.client).startsWith('pg')) {
      const columns = Object.keys(rows[0]);
      await this.knex.raw(
        `insert into ?? (${columns.map(() => '??').join(', ')})
         select ${columns.map(() => '??').join(', ')}
         from json_populate_recordset(null::??, ?::json)`,
        [
          EVENTS_TABLE,
          ...columns,
          ...columns,
          EVENTS_TABLE,
          JSON.stringify(rows),
        ],
      );
      return;
    }
    for (let i = 0; i < rows.length; i += 250) {
      await this.knex(EVENTS_TABLE).insert(rows.slice(i, i + 250));
    }
  }

  /** The users among `userRefs` who opted out. */
  async optedOutAmong(userRefs: string[]): Promise<Set<string>> {
    const rows: { user_ref: string }[] = await this.knex(OPT_OUTS_TABLE)
      .whereIn('user_ref', userRefs)
      .select('user_ref');
    return new Set(rows.map(r => r.user_ref));
  }

  async isOptedOut(userRef: string): Promise<boolean> {
    const row = await this.knex(OPT_OUTS_TABLE)
      .where({ user_ref: userRef })
      .first('user_ref');
    return row !== undefined;
  }

  /**
   * Records the user's opt-out and deletes their events (stored under
   * `userHash`); the count deleted.
   */
  async optOut(userRef: string, userHash: string, now: Date): Promise<number> {
    let deleted = 0;
    await this.knex.transaction(async tx => {
      await tx(OPT_OUTS_TABLE)
        .insert({ user_ref: userRef, opted_out_at: now })
        .onConflict('user_ref')
        .ignore();
      deleted = await tx(EVENTS_TABLE).where({ user_hash: userHash }).delete();
    });
    return deleted;
  }

  async optIn(userRef: string): Promise<void> {
    await this.knex(OPT_OUTS_TABLE).where({ user_ref: userRef }).delete();
  }

  /** Deletes the events stored under these ids; how many. */
  async deleteEventsOf(userHashes: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < userHashes.length; i += 250) {
      deleted += await this.knex(EVENTS_TABLE)
        .whereIn('user_hash', userHashes.slice(i, i + 250))
        .delete();
    }
    return deleted;
  }

  /** The users who opted out, `pageSize` at a time, in ref order. */
  async *optedOutUsers(pageSize = 500): AsyncGenerator<string[]> {
    let after = '';
    for (;;) {
      const rows: { user_ref: string }[] = await this.knex(OPT_OUTS_TABLE)
        .where('user_ref', '>', after)
        .orderBy('user_ref')
        .limit(pageSize)
        .select('user_ref');
      if (!rows.length) return;
      yield rows.map(r => r.user_ref);
      after = rows[rows.length - 1].user_ref;
    }
  }

  /** Deletes the events that occurred before `cutoff`; how many. */
  async deleteBefore(cutoff: Date): Promise<number> {
    return this.knex(EVENTS_TABLE).where('occurred_at', '<', cutoff).delete();
  }
}
