import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from 'sandbox/freePort';

const execFileAsync = promisify(execFile);

/** The Debian binaries (package redis-server, which brings redis-tools). */
const BINARIES = ['redis-server', 'redis-cli'];

function onPath(name: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some(dir => fs.existsSync(path.join(dir, name)));
}

/**
 * A Redis server of a test's own: Debian's `redis-server` on 127.0.0.1 and
 * a free port (sandbox/freePort), nothing saved to disk. The test can stop
 * it, start it again on the same port, and freeze it (SIGSTOP), without
 * touching the shared Redis on 6379 that other tests use.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** what `backend.cache.connection` (REDIS_URL) takes */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Why no private server can be started here (the binaries this machine
   * lacks), or undefined when one can.
   */
  static missingBinaries(): string | undefined {
    const missing = BINARIES.filter(name => !onPath(name));
    return missing.length > 0
      ? `not on the PATH: ${missing.join(
          ', ',
        )} (Debian: apt-get install redis-server)`
      : undefined;
  }

  /** Starts a server on a free port and waits until it answers PING. */
  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  /** Starts the server (again, on the same port), empty. */
  async start(): Promise<void> {
    if (this.running()) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await this.ping())) {
      if (child.exitCode !== null || Date.now() > deadline) {
        this.child = undefined;
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${this.port}`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
  }

  /** Whether the server process is running (paused or not). */
  running(): boolean {
    return (
      !!this.child &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Stops the server (SIGKILL: as a crash; the data is gone). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a paused server go on (SIGCONT). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Whether the server answers PING within `timeoutMs`. */
  ping(timeoutMs = 1000): Promise<boolean> {
    return new Promise(resolve => {
      const socket = net.connect(this.port, '127.0.0.1');
      let reply = '';
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      // no answer (a frozen server) within the time: not answering
      socket.setTimeout(timeoutMs, () => done(false));
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', chunk => {
        reply += chunk.toString('utf8');
        if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
      });
      socket.on('error', () => done(false));
    });
  }

  /** A command through `redis-cli --raw`; its output lines. */
  async command(...args: string[]): Promise<string[]> {
    const { stdout } = await execFileAsync('redis-cli', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '--raw',
      ...args,
    ]);
    return stdout.split('\n').filter(line => line !== '');
  }

  /** The keys matching `pattern` (KEYS), sorted. */
  async keys(pattern = '*'): Promise<string[]> {
    return (await this.command('KEYS', pattern)).sort();
  }
}
