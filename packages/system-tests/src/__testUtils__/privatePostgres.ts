import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from 'sandbox/freePort';
import { parse } from 'yaml';
import { repoRoot } from './backendProcess';

const execFileAsync = promisify(execFile);
/** Debian's server binaries, of the newest major version installed */
const PG_BIN = path.join(
  '/usr/lib/postgresql',
  (fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql')
    : ['15']
  ).sort((a, b) => Number(b) - Number(a))[0],
  'bin',
);

/** The server binaries a private cluster needs. */
const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

/**
 * A PostgreSQL cluster of a test's own (the Debian binaries), in a
 * temporary directory, run as the postgres user (PostgreSQL refuses root),
 * on 127.0.0.1 and a free port, trust authentication: a test can stop and
 * start it, and no other test's connections count against its limits.
 */
export class PrivatePostgres {
  readonly dataDir: string;

  private constructor(readonly dir: string, readonly port: number) {
    this.dataDir = path.join(dir, 'data');
  }

  /** what `backend.database.connection` takes, and pg's Client */
  get connection() {
    return { host: '127.0.0.1', port: this.port, user: 'postgres' };
  }

  /**
   * The environment of a backend whose database is this cluster, with
   * `backend.database` of app-config.production.yaml (any pool or timeout
   * settings it gets included).
   */
  backendDatabaseEnv(): Record<string, string> {
    const production = parse(
      fs.readFileSync(
        path.join(repoRoot, 'app-config.production.yaml'),
        'utf8',
      ),
    );
    return {
      APP_CONFIG_backend_database: JSON.stringify({
        ...production.backend.database,
        connection: this.connection,
      }),
    };
  }

  /**
   * Why no private cluster can be made here (the server binaries this
   * machine lacks), or undefined when one can.
   */
  static missingBinaries(): string | undefined {
    const missing = BINARIES.filter(
      name => !fs.existsSync(path.join(PG_BIN, name)),
    );
    return missing.length > 0
      ? `PostgreSQL server binaries not found: ${missing
          .map(name => path.join(PG_BIN, name))
          .join(', ')} (Debian: apt-get install postgresql)`
      : undefined;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-pg-'));
    const { uid, gid } = await PrivatePostgres.postgresUser();
    fs.chownSync(dir, uid, gid);
    const pg = new PrivatePostgres(dir, await freePort());
    await pg.asPostgres('initdb', [
      '-D',
      pg.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-sync',
    ]);
    return pg;
  }

  private static async postgresUser() {
    const { stdout } = await execFileAsync('id', ['-u', 'postgres']);
    const { stdout: group } = await execFileAsync('id', ['-g', 'postgres']);
    return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
  }

  private asPostgres(command: string, args: string[]) {
    return execFileAsync(
      'runuser',
      ['-u', 'postgres', '--', path.join(PG_BIN, command), ...args],
      { cwd: this.dir },
    );
  }

  start() {
    return this.asPostgres('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'postgres.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  stop() {
    return this.asPostgres('pg_ctl', [
      '-D',
      this.dataDir,
      '-m',
      'fast',
      '-w',
      'stop',
    ]);
  }

  /**
   * The cluster's processes: the postmaster (postmaster.pid) and its
   * children (backends, checkpointer, walwriter, autovacuum, ...).
   */
  processIds(): number[] {
    const postmaster = Number(
      fs
        .readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8')
        .split('\n')[0],
    );
    const children = fs
      .readdirSync('/proc')
      .filter(entry => /^\d+$/.test(entry))
      .filter(pid => {
        try {
          // "pid (comm) state ppid ...": comm may hold spaces, not ")"
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          return (
            Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) ===
            postmaster
          );
        } catch {
          return false; // gone meanwhile
        }
      })
      .map(Number);
    return [postmaster, ...children];
  }

  /**
   * Stops every process of the cluster (SIGSTOP), the postmaster first so
   * that it starts no other: connections stay open, the kernel still
   * accepts new ones, and nothing answers, as with a frozen server.
   * Returns the processes stopped.
   */
  pause(): number[] {
    const pids = this.processIds();
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    return pids;
  }

  /** SIGCONT to every process of the cluster; harmless when not paused. */
  resume() {
    if (!fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
    for (const pid of this.processIds()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // exited meanwhile
      }
    }
  }

  async destroy() {
    if (fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      await this.asPostgres('pg_ctl', [
        '-D',
        this.dataDir,
        '-m',
        'immediate',
        '-w',
        'stop',
      ]).catch(() => undefined);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
