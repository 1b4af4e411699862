import { TestDatabases } from '@backstage/backend-test-utils';
import { targetPaths } from '@backstage/cli-common';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from 'sandbox/freePort';

/*
 * packages/lighthouse-audit-service/Dockerfile without Docker: the files it
 * copies, `yarn workspaces focus lighthouse-audit-service --production`, then
 * its CMD with NODE_ENV=production on PostgreSQL.
 */

jest.setTimeout(300_000);

const root = targetPaths.rootDir;
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('the audit service image', () => {
  const image = fs.mkdtempSync(path.join(os.tmpdir(), 'las-image-'));
  afterAll(() => fs.rmSync(image, { recursive: true, force: true }));

  it('installs production dependencies only and runs from the source', async () => {
    const dockerfile = fs.readFileSync(
      path.join(root, 'packages/lighthouse-audit-service/Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toContain(
      'workspaces focus lighthouse-audit-service --production',
    );
    // stage 1: every workspace's package.json; stage 2: the two packages
    for (const f of [
      'backstage.json',
      'package.json',
      'yarn.lock',
      '.yarnrc.yml',
    ]) {
      fs.copyFileSync(path.join(root, f), path.join(image, f));
    }
    for (const d of ['.yarn/releases', '.yarn/patches']) {
      fs.cpSync(path.join(root, d), path.join(image, d), { recursive: true });
    }
    for (const dir of ['packages', 'plugins']) {
      for (const name of fs.readdirSync(path.join(root, dir))) {
        const manifest = path.join(root, dir, name, 'package.json');
        if (!fs.existsSync(manifest)) continue;
        fs.mkdirSync(path.join(image, dir, name), { recursive: true });
        fs.copyFileSync(manifest, path.join(image, dir, name, 'package.json'));
      }
    }
    for (const pkg of [
      'packages/lighthouse-audit-service',
      'plugins/lighthouse-common',
    ]) {
      for (const part of ['bin', 'src']) {
        const from = path.join(root, pkg, part);
        if (fs.existsSync(from)) {
          fs.cpSync(from, path.join(image, pkg, part), { recursive: true });
        }
      }
    }
    execFileSync(
      process.execPath,
      [
        '.yarn/releases/yarn-4.13.0.cjs',
        'workspaces',
        'focus',
        'lighthouse-audit-service',
        '--production',
      ],
      {
        cwd: image,
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
        stdio: 'pipe',
      },
    );
    expect(
      fs.existsSync(
        path.join(image, 'node_modules/@spotify/lighthouse-audit-service'),
      ),
    ).toBe(true);
    expect(fs.existsSync(path.join(image, 'node_modules/@backstage/cli'))).toBe(
      false,
    );
    expect(
      fs.existsSync(
        path.join(image, 'node_modules/@backstage/plugin-catalog-backend'),
      ),
    ).toBe(false);

    const knex = await databases.init('POSTGRES_15');
    const db = (knex.client as any).config.connection;
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['packages/lighthouse-audit-service/bin/lighthouse-audit-service'],
      {
        cwd: image,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          LAS_PORT: String(port),
          LAS_ALLOWED_HOSTS: 'www.myorg.example.com',
          PGHOST: db.host,
          PGPORT: String(db.port),
          PGUSER: db.user,
          PGPASSWORD: db.password ?? '',
          PGDATABASE: db.database,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', d => (output += d));
    child.stderr!.on('data', d => (output += d));
    try {
      let up = false;
      for (let i = 0; i < 300 && !up && child.exitCode === null; i++) {
        up = await fetch(`http://127.0.0.1:${port}/_ping`)
          .then(r => r.ok)
          .catch(() => false);
        if (!up) await new Promise(r => setTimeout(r, 100));
      }
      expect({ up, output: up ? '' : output }).toEqual({
        up: true,
        output: '',
      });
      const refused = await fetch(`http://127.0.0.1:${port}/v1/audits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://169.254.169.254/' }),
      });
      expect(refused.status).toBe(400);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses to start in production without an allow-list', () => {
    let message = '';
    try {
      execFileSync(
        process.execPath,
        [
          path.join(
            root,
            'packages/lighthouse-audit-service/bin/lighthouse-audit-service',
          ),
        ],
        {
          env: { PATH: process.env.PATH, NODE_ENV: 'production' },
          stdio: 'pipe',
        },
      );
    } catch (error) {
      message = String((error as { stderr: Buffer }).stderr);
    }
    expect(message).toContain(
      'Cannot start the Lighthouse audit service: LAS_ALLOWED_HOSTS is not set',
    );
  });
});
