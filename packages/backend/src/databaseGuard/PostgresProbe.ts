import { Client, ClientConfig } from 'pg';

/**
 * `select 1` on a connection of its own (kept open between probes, opened
 * again after a failure), for the watchdog. Each probe settles within its
 * timeout: a server that accepts the connection and then says nothing (a
 * paused process) makes it reject, and the connection is dropped so that
 * nothing of it outlives the timeout.
 */
export class PostgresProbe {
  #client: Client | undefined;

  constructor(private readonly clientConfig: ClientConfig) {}

  async probe(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const attempt = this.selectOne(timeoutMs);
    try {
      await Promise.race([
        attempt,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      attempt.catch(() => undefined);
      this.drop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.drop();
  }

  private async selectOne(timeoutMs: number) {
    let client = this.#client;
    if (!client) {
      // pg's own timeouts end a connection attempt or a query the server
      // never answers, whether or not the race above gave up on it first
      const created = new Client({
        ...this.clientConfig,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
        application_name: 'backstage-database-watchdog',
      });
      created.on('error', () => {
        if (this.#client === created) this.drop();
      });
      this.#client = created;
      client = created;
      await client.connect();
    }
    await client.query('select 1');
  }

  private drop() {
    const client = this.#client;
    this.#client = undefined;
    // with a query in flight pg destroys the socket at once; a connection
    // attempt is ended by connectionTimeoutMillis at the latest
    client?.end().catch(() => undefined);
  }
}
