/*
 * Browser end-to-end tests (`make test-e2e`): every package's e2e-tests/
 * folder, in Debian's Chromium driven by Playwright. The portal runs on its own
 * ports and a throw-away SQLite folder, so a `make start` portal can keep
 * running beside it. Screenshots and traces of failures: .test-results/e2e/.
 */
import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 7107);
const backendUrl = `http://localhost:${backendPort}`;
// The frontend as it is deployed: the production bundle (`yarn workspace app
// build`, under a minute) served by the backend's app plugin with the config
// injected, on the backend's origin. Against webpack's development server
// (`yarn start app`) the same tests took two to three times as long.
const frontendUrl = backendUrl;
const dataDir = path.resolve(__dirname, '.test-results/e2e-sqlite');
// Start from an empty catalog; only in the runner, not again in its workers
// (which load this file too, while the backend already runs).
if (!process.env.TEST_WORKER_INDEX) {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
// The backend trusts the sandbox's HTTPS stand-ins (Kubernetes, Vault, the
// registry) with its CA, created on first use (`sandbox env`, as make start
// does); only in the runner, which starts the servers.
const sandboxEnv: Record<string, string> =
  process.env.TEST_WORKER_INDEX || process.env.PLAYWRIGHT_URL
    ? {}
    : JSON.parse(
        execFileSync(
          process.execPath,
          [
            path.resolve(__dirname, 'packages/sandbox/bin/sandbox'),
            'env',
            '--json',
          ],
          { encoding: 'utf8' },
        ),
      );

const portalEnv = {
  ...sandboxEnv,
  APP_CONFIG_app_baseUrl: frontendUrl,
  APP_CONFIG_backend_baseUrl: backendUrl,
  APP_CONFIG_backend_listen_port: String(backendPort),
  APP_CONFIG_backend_cors_origin: frontendUrl,
  APP_CONFIG_backend_database_connection_directory: dataDir,
  BROWSER: 'none',
  // the tests start the audits they look at; the backend's own scheduled
  // audits would only compete with them for the CPU
  APP_CONFIG_lighthouse_schedule_initialDelay: '{"hours":24}',
  // a coverage refresh runs the scheduled task, which a replica starts
  // running only after the task's initial delay (1 minute by default)
  APP_CONFIG_adoption_coverage_schedule:
    '{"frequency":{"hours":6},"timeout":{"minutes":15},"initialDelay":{"seconds":5}}',
};

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },

  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          // the local stand-ins app-config.yaml points at; a sandbox already
          // running (make start / make sandbox) is used as it is
          command: 'yarn sandbox',
          // its control API (plain HTTP), up once every stand-in listens
          url: 'http://127.0.0.1:7209/faults',
          reuseExistingServer: true,
          timeout: 60_000,
        },
        {
          // Lighthouse audits in Chromium, results in PostgreSQL; one already
          // running (make start) is used as it is
          command:
            'node packages/lighthouse-audit-service/bin/lighthouse-audit-service',
          url: 'http://127.0.0.1:3003/_ping',
          // a site that is down fails its audit after 5 s, not 30 s
          env: { LAS_UP_TIMEOUT_MS: '5000' },
          reuseExistingServer: true,
          timeout: 60_000,
        },
        {
          command: 'yarn workspace app build && yarn start backend',
          url: `${backendUrl}/.backstage/health/v1/readiness`,
          env: portalEnv,
          reuseExistingServer: false,
          timeout: 360_000,
        },
      ],

  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,

  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: '.test-results/e2e-report' }],
  ],

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? frontendUrl,
    actionTimeout: 30_000,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },

  outputDir: '.test-results/e2e',

  projects: generateProjects().map(project => ({
    ...project,
    use: {
      // Debian's Chromium instead of a downloaded browser (no download here)
      browserName: 'chromium' as const,
      viewport: { width: 1440, height: 900 },
      launchOptions: {
        executablePath: chromium,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
  })),
});
