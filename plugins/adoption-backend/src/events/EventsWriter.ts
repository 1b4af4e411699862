import type { StoredEvent } from './EventsStore';

/** What the writer needs of the store. */
export type EventsWriterStore = {
  /** the users among `userRefs` who opted out */
  optedOutAmong(userRefs: string[]): Promise<Set<string>>;
  insert(rows: StoredEvent[]): Promise<void>;
  deleteEventsOf(userHashes: string[]): Promise<number>;
};

type Pending = {
  userRef: string;
  userHash: string;
  rows: StoredEvent[];
  resolve: (stored: number) => void;
  reject: (error: unknown) => void;
};

/**
 * Writes the events of concurrent requests together: each request's
 * events wait up to `windowMs` (or until `maxRows` are waiting), then one
 * query finds which of their users opted out and one insert stores the
 * rest, and each request learns how many of its events were stored. Fifty
 * browsers posting once a second cost the database a few statements a
 * second instead of a hundred, and the backend's event loop as much less.
 *
 * An opt-out on another replica can commit between the lookup and the
 * insert: a second lookup after the insert deletes what it let through
 * (and the retention task deletes any event of an opted-out user).
 */
export class EventsWriter {
  private pending: Pending[] = [];
  private pendingRows = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly windowMs: number;
  private readonly maxRows: number;

  constructor(
    private readonly store: EventsWriterStore,
    options: { windowMs?: number; maxRows?: number } = {},
  ) {
    this.windowMs = options.windowMs ?? 200;
    this.maxRows = options.maxRows ?? 1000;
  }

  /**
   * Stores a user's events (under `userHash`), none if the user opted
   * out; how many were.
   */
  write(
    userRef: string,
    userHash: string,
    rows: StoredEvent[],
  ): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ userRef, userHash, rows, resolve, reject });
      this.pendingRows += rows.length;
      if (this.pendingRows >= this.maxRows) {
        void this.flush();
      } else if (!this.timer) {
        this.timer = setTimeout(() => void this.flush(), this.windowMs);
      }
    });
  }

  private async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    if (!batch.length) return;
    try {
      const users = [...new Set(batch.map(p => p.userRef))];
      const optedOut = await this.store.optedOutAmong(users);
      const kept = batch.filter(p => !optedOut.has(p.userRef));
      await this.store.insert(kept.flatMap(p => p.rows));
      const since = await this.store.optedOutAmong([
        ...new Set(kept.map(p => p.userRef)),
      ]);
      if (since.size) {
        await this.store.deleteEventsOf([
          ...new Set(
            kept.filter(p => since.has(p.userRef)).map(p => p.userHash),
          ),
        ]);
      }
      for (const p of batch) {
        const dropped = optedOut.has(p.userRef) || since.has(p.userRef);
        p.resolve(dropped ? 0 : p.rows.length);
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
