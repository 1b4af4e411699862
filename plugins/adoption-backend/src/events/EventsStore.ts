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

  /** Inserts the rows, 250 a statement (SQLite's limit of variables). */
  async insert(rows: StoredEvent[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 250) {
      await this.knex(EVENTS_TABLE).insert(rows.slice(i, i + 250));
    }
  }

  /** The ids among `userHashes` that opted out. */
  async optedOutAmong(userHashes: string[]): Promise<Set<string>> {
    const rows: { user_hash: string }[] = await this.knex(OPT_OUTS_TABLE)
      .whereIn('user_hash', userHashes)
      .select('user_hash');
    return new Set(rows.map(r => r.user_hash));
  }

  async isOptedOut(userHash: string): Promise<boolean> {
    const row = await this.knex(OPT_OUTS_TABLE)
      .where({ user_hash: userHash })
      .first('user_hash');
    return row !== undefined;
  }

  /** Records the opt-out and deletes the user's events; the count deleted. */
  async optOut(userHash: string, now: Date): Promise<number> {
    let deleted = 0;
    await this.knex.transaction(async tx => {
      await tx(OPT_OUTS_TABLE)
        .insert({ user_hash: userHash, opted_out_at: now })
        .onConflict('user_hash')
        .ignore();
      deleted = await tx(EVENTS_TABLE).where({ user_hash: userHash }).delete();
    });
    return deleted;
  }

  async optIn(userHash: string): Promise<void> {
    await this.knex(OPT_OUTS_TABLE).where({ user_hash: userHash }).delete();
  }

  /**
   * Deletes the events that occurred before `cutoff`, and any event of a
   * user who opted out (one stored while the opt-out was under way).
   */
  async deleteExpired(
    cutoff: Date,
  ): Promise<{ expired: number; optedOut: number }> {
    const expired = await this.knex(EVENTS_TABLE)
      .where('occurred_at', '<', cutoff)
      .delete();
    const optedOut = await this.knex(EVENTS_TABLE)
      .whereIn('user_hash', this.knex(OPT_OUTS_TABLE).select('user_hash'))
      .delete();
    return { expired, optedOut };
  }
}
