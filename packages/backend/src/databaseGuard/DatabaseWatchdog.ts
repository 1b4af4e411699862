import type { RootHttpRouterConfigureContext } from '@backstage/backend-defaults/rootHttpRouter';

/** Settles within `timeoutMs`: resolves when the database answered. */
export type DatabaseProbe = {
  probe(timeoutMs: number): Promise<void>;
  close?(): Promise<void>;
};

export type DatabaseWatchdogOptions = {
  probe: DatabaseProbe;
  /** pause between the end of one probe and the start of the next */
  intervalMs: number;
  /** how long one probe waits for the answer */
  timeoutMs: number;
  logger: RootHttpRouterConfigureContext['logger'];
  now?: () => number;
};

/** What the watchdog found, to those listening. */
export type DatabaseWatchdogEvent =
  | { answering: false; silentSince: number; problem: string }
  | { answering: true; silentForMs: number };

/**
 * Probes the database every `intervalMs` and knows whether it answers.
 * Silent from the start of the first probe that got no answer, until a
 * probe gets one again. The state is the last probe's: one unanswered
 * `select 1` within the timeout is silence (the timeout is seconds, for a
 * query that takes microseconds), and one answer ends it.
 */
export class DatabaseWatchdog {
  #silentSince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  readonly #listeners = new Set<(event: DatabaseWatchdogEvent) => void>();
  readonly #now: () => number;

  constructor(private readonly options: DatabaseWatchdogOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** When the database stopped answering; undefined while it answers. */
  get silentSince(): number | undefined {
    return this.#silentSince;
  }

  onChange(listener: (event: DatabaseWatchdogEvent) => void): void {
    this.#listeners.add(listener);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.options.probe.close?.();
  }

  /** One probe, and the state it leads to; the loop of start() calls it. */
  async probeOnce(): Promise<void> {
    const started = this.#now();
    try {
      await this.options.probe.probe(this.options.timeoutMs);
    } catch (error) {
      if (this.#silentSince === undefined) {
        this.#silentSince = started;
        const problem = error instanceof Error ? error.message : String(error);
        this.options.logger.error(
          `The database did not answer the watchdog's probe within ${this.options.timeoutMs} ms (${problem}): requests to /api/ answer 503 until it does`,
        );
        this.#emit({ answering: false, silentSince: started, problem });
      }
      return;
    }
    if (this.#silentSince !== undefined) {
      const silentForMs = this.#now() - this.#silentSince;
      this.#silentSince = undefined;
      this.options.logger.info(
        `The database answers the watchdog's probe again, after ${silentForMs} ms of silence`,
      );
      this.#emit({ answering: true, silentForMs });
    }
  }

  #emit(event: DatabaseWatchdogEvent) {
    for (const listener of this.#listeners) {
      // a listener that throws must not end the probing (nor the process:
      // the probe loop's promise has no one to catch it)
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error(
          `A database watchdog listener failed: ${error}`,
        );
      }
    }
  }

  #schedule(delayMs: number) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.probeOnce().finally(() => {
        this.#running = undefined;
        this.#schedule(this.options.intervalMs);
      });
    }, delayMs);
    this.#timer.unref();
  }
}
