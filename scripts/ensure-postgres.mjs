#!/usr/bin/env node
/*
 * Makes sure the PostgreSQL that the integration tests use answers, starting
 * the Debian cluster when it is installed but stopped. Fails with one clear
 * line otherwise: the suite never skips PostgreSQL silently.
 *
 * Which server: POSTGRES_HOST/POSTGRES_PORT/POSTGRES_USER/POSTGRES_PASSWORD,
 * default 127.0.0.1:5432 as user postgres (trust auth).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const require = createRequire(path.join(root, 'packages/backend/package.json'));
const { Client } = require('pg');

const target = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD,
  database: 'postgres',
  connectionTimeoutMillis: 3000,
};

async function answers() {
  const client = new Client(target);
  try {
    await client.connect();
    const { rows } = await client.query('show server_version');
    return rows[0].server_version;
  } catch (error) {
    answers.lastError = error.message;
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

let version = await answers();
if (!version && fs.existsSync('/etc/postgresql') && process.getuid?.() === 0) {
  for (const v of fs.readdirSync('/etc/postgresql')) {
    console.log(`==> PostgreSQL does not answer; starting cluster ${v}/main`);
    try {
      execSync(`pg_ctlcluster --skip-systemctl-redirect ${v} main start`, {
        stdio: 'inherit',
      });
    } catch {
      /* reported below */
    }
  }
  for (let i = 0; i < 20 && !version; i++) {
    await new Promise(r => setTimeout(r, 500));
    version = await answers();
  }
}
if (!version) {
  console.error(
    `PostgreSQL does not answer at ${target.host}:${target.port} (${answers.lastError}). The integration tests need it: install and start PostgreSQL (Debian: apt-get install postgresql), or point POSTGRES_HOST/POSTGRES_PORT/POSTGRES_USER/POSTGRES_PASSWORD at one.`,
  );
  process.exit(1);
}
console.log(
  `==> PostgreSQL ${version} answers at ${target.host}:${target.port}`,
);
