import type { StoredEvent } from './EventsStore';

/** What the writer needs of the store. */
export type EventsWriterStore = {
  /** the ids among `userHashes` that opted out */
  optedOutAmong(userHashes: string[]): Promise<Set<string>>;
  insert(rows: StoredEvent[]): Promise<void>;
};

type Pending = {
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

  /** Stores a user's events, none if the user opted out; how many were. */
  write(userHash: string, rows: StoredEvent[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ userHash, rows, resolve, reject });
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
      const optedOut = await this.store.optedOutAmong([
        ...new Set(batch.map(p => p.userHash)),
      ]);
      const kept = batch.filter(p => !optedOut.has(p.userHash));
      await this.store.insert(kept.flatMap(p => p.rows));
      for (const p of batch) {
        p.resolve(optedOut.has(p.userHash) ? 0 : p.rows.length);
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
