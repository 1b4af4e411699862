import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from 'sandbox/freePort';

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
