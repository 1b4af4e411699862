import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from 'sandbox/freePort';
import {
  BackendProcess,
  repoRoot,
  waitUntil,
} from '../__testUtils__/backendProcess';
import {
  pgConnection,
  productionEnv,
  startProductionStandIns,
} from '../__testUtils__/productionEnv';

/*
 * packages/backend/Dockerfile without Docker: the same build steps (build the
 * backend bundle, install the skeleton's production dependencies with
 * `yarn workspaces focus --all --production`, unpack the bundle, add the
 * config files and templates) into a folder, then the image's CMD run with
 * plain `node` on PostgreSQL.
 */

jest.setTimeout(900_000);

const yarn = path.join(repoRoot, '.yarn/releases/yarn-4.13.0.cjs');

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    child.on('exit', code =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(
              `${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`,
            ),
          ),
    );
  });
}

describe('the backend image', () => {
  const image = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-image-'));
  const prefix = `portal_image_${Date.now().toString(36)}_`;
  const timings: Record<string, number> = {};
  let standIns: Awaited<ReturnType<typeof startProductionStandIns>>;
  let backend: BackendProcess | undefined;

  afterAll(async () => {
    await backend?.stop();
    await standIns?.close();
    fs.rmSync(image, { recursive: true, force: true });
    const pg = new Client({ ...pgConnection, database: 'postgres' });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await pg.query(`drop database "${datname}" with (force)`);
    await pg.end();
    // eslint-disable-next-line no-console
    console.log(`image build steps (s): ${JSON.stringify(timings)}`);
  });

  it('builds like the Dockerfile and runs with plain node on PostgreSQL', async () => {
    const dockerfile = fs.readFileSync(
      path.join(repoRoot, 'packages/backend/Dockerfile'),
      'utf8',
    );
    // the steps below are the Dockerfile's
    expect(dockerfile).toContain('install --immutable');
    expect(dockerfile).toContain('build:backend');
    expect(dockerfile).toContain('workspaces focus --all --production');
    expect(dockerfile).toMatch(/^USER node$/m);

    let t = Date.now();
    // (jest's NODE_ENV=test would select no browserslist environment)
    await run(process.execPath, [yarn, 'build:backend'], repoRoot, {
      NODE_ENV: 'production',
    });
    timings.build = (Date.now() - t) / 1000;

    const dist = path.join(repoRoot, 'packages/backend/dist');
    for (const f of [
      '.yarnrc.yml',
      'backstage.json',
      'yarn.lock',
      'package.json',
      'app-config.yaml',
      'app-config.production.yaml',
    ]) {
      fs.copyFileSync(path.join(repoRoot, f), path.join(image, f));
    }
    // the Dockerfile copies .yarn whole: the Yarn release and the patches
    for (const dir of ['.yarn/releases', '.yarn/patches']) {
      fs.cpSync(path.join(repoRoot, dir), path.join(image, dir), {
        recursive: true,
      });
    }
    fs.cpSync(path.join(repoRoot, 'templates'), path.join(image, 'templates'), {
      recursive: true,
    });
    await run(
      'tar',
      ['xzf', path.join(dist, 'skeleton.tar.gz'), '-C', image],
      image,
    );

    t = Date.now();
    await run(
      process.execPath,
      [
        path.join(image, '.yarn/releases/yarn-4.13.0.cjs'),
        'workspaces',
        'focus',
        '--all',
        '--production',
      ],
      image,
      {
        NODE_ENV: 'production',
      },
    );
    timings.productionInstall = (Date.now() - t) / 1000;
    await run(
      'tar',
      ['xzf', path.join(dist, 'bundle.tar.gz'), '-C', image],
      image,
    );

    // what the image must and must not contain
    expect(
      fs.existsSync(path.join(image, 'packages/app/dist/index.html')),
    ).toBe(true);
    expect(fs.existsSync(path.join(image, 'node_modules/better-sqlite3'))).toBe(
      false,
    );
    expect(fs.existsSync(path.join(image, 'node_modules/@backstage/cli'))).toBe(
      false,
    );
    expect(fs.existsSync(path.join(image, 'packages/backend/src'))).toBe(false);

    standIns = await startProductionStandIns();
    const externalToken = crypto.randomBytes(24).toString('hex');
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
      {
        cwd: image,
        detached: true,
        env: {
          PATH: process.env.PATH,
          NODE_OPTIONS: '--no-node-snapshot',
          ...productionEnv({ standIns, databasePrefix: prefix, externalToken }),
          APP_CONFIG_backend_listen_port: String(port),
          APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
          APP_CONFIG_app_baseUrl: `http://localhost:${port}`,
        },
      },
    );
    let output = '';
    child.stdout!.on('data', d => (output += d));
    child.stderr!.on('data', d => (output += d));
    const exited = new Promise<number | null>(r => child.once('exit', r));
    backend = {
      port,
      baseUrl: `http://localhost:${port}`,
      pid: child.pid!,
      output: () => output,
      errorLines: () =>
        output.split('\n').filter(l => /"level":"error"/.test(l)),
      exited,
      hasExited: () => child.exitCode !== null || child.signalCode !== null,
      stop: async () => {
        if (child.exitCode !== null) return;
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      },
    };

    t = Date.now();
    await waitUntil(
      'the image backend to be ready',
      async () =>
        (
          await fetch(`${backend!.baseUrl}/.backstage/health/v1/readiness`)
        ).ok || undefined,
      { timeoutMs: 180_000, backend },
    );
    timings.ready = (Date.now() - t) / 1000;

    // it serves the built frontend, with the production title and sign-in options
    const html = await (await fetch(`${backend.baseUrl}/`)).text();
    expect(html).toContain('MyOrg Developer Portal');
    const injected = html.match(
      /<script type="backstage.io\/config">([\s\S]*?)<\/script>/,
    )?.[1];
    const frontendConfig = (
      JSON.parse(injected ?? '[]') as { data: any }[]
    ).map(c => c.data);
    expect(
      frontendConfig
        .map(d => d.app?.signInProviders)
        .filter(Boolean)
        .at(-1),
    ).toEqual(['okta', 'github']);
    // secrets never reach the frontend
    expect(injected).not.toContain(externalToken);
    expect(injected).not.toContain('portal-secret');
    // and refuses anonymous API calls
    expect(
      (await fetch(`${backend.baseUrl}/api/catalog/entities`)).status,
    ).toBe(401);
    expect(backend.errorLines()).toEqual([]);
  });
});
