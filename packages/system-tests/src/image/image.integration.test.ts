import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BackendProcess,
  dropDatabases,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { buildImageFolder, IMAGE_CMD_ARGS } from '../__testUtils__/imageFolder';
import {
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
    await dropDatabases(prefix);
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
    // the command startBackendProcess({ image }) runs is the image's
    expect(dockerfile).toContain(
      `CMD ${JSON.stringify(['node', ...IMAGE_CMD_ARGS])}`.replace(/,/g, ', '),
    );

    Object.assign(
      timings,
      await buildImageFolder({
        repo: repoRoot,
        into: image,
        extra: ['templates'],
      }),
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
    backend = await startBackendProcess({
      image,
      env: productionEnv({ standIns, databasePrefix: prefix, externalToken }),
    });

    const t = Date.now();
    await waitUntil(
      'the image backend to be ready',
      async () =>
        (
          await fetch(`${backend!.baseUrl}/.backstage/health/v1/readiness`)
        ).ok || undefined,
      { timeoutMs: 180_000, backend },
    );
    timings.ready_s = (Date.now() - t) / 1000;

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

    // it stops by itself on SIGTERM within Kubernetes' 30 s grace period
    // (a SIGKILL at 30 s leaves no exit code); upstream's events bus held
    // it open for 57 s (app-config.yaml, events.notifyTimeoutMs)
    const stopping = Date.now();
    await backend.stop(30_000);
    timings.stop_s = (Date.now() - stopping) / 1000;
    expect(await backend.exited).toBe(0);
    expect(timings.stop_s).toBeLessThan(30);
  });
});
