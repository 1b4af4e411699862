import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ChildProcess, spawn } from 'node:child_process';
import { WebsiteStandIn } from 'sandbox';
import { freePort } from 'sandbox/freePort';

/*
 * The real proxy backend with the `/lighthouse` endpoint of app-config.yaml,
 * in front of the real audit service (its own process, as `make start` runs
 * it: PostgreSQL, Chromium) that audits the sandbox's example website.
 */

const BIN = require.resolve(
  'lighthouse-audit-service/bin/lighthouse-audit-service',
);

async function startServiceProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN], {
    env: { ...process.env, ...env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const url = `http://127.0.0.1:${env.LAS_PORT}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) {
      throw new Error(`the audit service exited: ${output}`);
    }
    try {
      if ((await fetch(`${url}/_ping`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the audit service did not start: ${output}`);
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise(r => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

export async function startLighthouseBackend() {
  const website = await WebsiteStandIn.start();
  const knex = await databases.init('POSTGRES_15');
  const connection = (knex.client as any).config.connection;
  const service = await startServiceProcess({
    LAS_PORT: String(await freePort()),
    LAS_ALLOWED_HOSTS: new URL(website.url).host,
    LAS_UP_TIMEOUT_MS: '2000',
    PGHOST: connection.host,
    PGPORT: String(connection.port),
    PGUSER: connection.user,
    PGPASSWORD: connection.password ?? '',
    PGDATABASE: connection.database,
  });
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-proxy-backend'),
      mockServices.rootConfig.factory({
        data: {
          proxy: {
            endpoints: {
              '/lighthouse': {
                target: service.url,
                allowedMethods: ['GET', 'POST'],
              },
            },
          },
        },
      }),
    ],
  });
  const url = `http://localhost:${backend.server.port()}`;
  let serviceRunning = true;
  return {
    website,
    service,
    url,
    userToken: mockCredentials.user.token(),
    /** starts an audit straight at the service and waits for its end */
    async audit(options: { down?: boolean } = {}) {
      if (options.down) website.failNext('GET', '^/$', 503, 'Down', 1000);
      try {
        const res = await fetch(`${service.url}/v1/audits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            url: `${website.url}/`,
            options: { awaitAuditCompleted: true },
          }),
        });
        if (res.status !== 201) throw new Error(await res.text());
        return await res.json();
      } finally {
        website.clearFaults();
      }
    },
    async stopAuditService() {
      if (serviceRunning) await stopProcess(service.child);
      serviceRunning = false;
    },
    async stop() {
      await backend.stop();
      if (serviceRunning) await stopProcess(service.child);
      await website.close();
    },
  };
}
