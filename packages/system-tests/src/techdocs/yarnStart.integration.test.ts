import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FREE_SANDBOX_PORTS, startSandbox, type Sandbox } from 'sandbox';
import { freePort } from 'sandbox/freePort';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  stopProcessGroup,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { sandboxIntegrationsConfig } from '../__testUtils__/sandboxConfig';

/*
 * TechDocs under the plain Backstage command, as a developer runs it from the
 * repository root: `yarn workspace backend start`, with no make and no
 * PYTHONPATH. The backend's own config (techdocs.generator.mkdocs.pythonPath)
 * makes the system's mkdocs find the techdocs-core stand-in, so opening
 * order-service's docs builds them (fetched from the sandbox's GitHub) and
 * serves the page.
 */

jest.setTimeout(600_000);

const entity = 'default/component/order-service';

describe('TechDocs under `yarn workspace backend start`', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'techdocs-yarn-'));
  let sandbox: Sandbox | undefined;
  let backend: BackendProcess | undefined;

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("builds and serves order-service's docs", async () => {
    // its GitHub serves order-service's repository with the docs of
    // catalog/ecommerce
    sandbox = await startSandbox({ ports: FREE_SANDBOX_PORTS, repoRoot });
    const port = await freePort();
    // a developer's shell: no PYTHONPATH, no jest NODE_ENV
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PYTHONPATH;
    delete env.NODE_ENV;
    Object.assign(env, {
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
      APP_CONFIG_backend_database_connection_directory: path.join(
        workDir,
        'sqlite',
      ),
      APP_CONFIG_techdocs_publisher_local_publishDirectory: path.join(
        workDir,
        'docs',
      ),
      APP_CONFIG_integrations_github: JSON.stringify(
        sandboxIntegrationsConfig(sandbox).integrations.github,
      ),
      // no Lighthouse audit service runs beside it
      APP_CONFIG_lighthouse_schedule_initialDelay: '{"hours":24}',
    });
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, '.yarn/releases/yarn-4.13.0.cjs'),
        'workspace',
        'backend',
        'start',
      ],
      {
        cwd: repoRoot,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex
      output += chunk.toString('utf8').replace(/\u001b\[[0-9;]*m/g, '');
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const exited = new Promise<number | null>(resolve =>
      child.once('exit', resolve),
    );
    backend = {
      port,
      baseUrl: `http://localhost:${port}`,
      pid: child.pid!,
      output: () => output,
      errorLines: () =>
        output.split('\n').filter(line => /^\S+Z \S+ error /.test(line)),
      exited,
      hasExited: () => child.exitCode !== null || child.signalCode !== null,
      stop: () => stopProcessGroup(child),
    };
    const running = backend;

    const token = await readyAndSignedIn(running);
    const readyAfter = (Date.now() - started) / 1000;
    const headers = { authorization: `Bearer ${token}` };
    await waitUntil(
      'order-service in the catalog',
      async () =>
        (
          await fetch(
            `${running.baseUrl}/api/catalog/entities/by-name/component/default/order-service`,
            { headers },
          )
        ).ok || undefined,
      { timeoutMs: 180_000, backend: running },
    );

    // what the Docs tab does on first view: the build, as an event stream
    const buildStarted = Date.now();
    const sync = await fetch(`${running.baseUrl}/api/techdocs/sync/${entity}`, {
      headers: { ...headers, accept: 'text/event-stream' },
    });
    expect(sync.status).toBe(200);
    const events = await sync.text();
    const builtIn = (Date.now() - buildStarted) / 1000;
    if (!events.includes('event: finish')) {
      // mkdocs' errors, then the end of the stream
      const errors = events.match(/(ERROR|Error:)[^"]{0,300}/g) ?? [];
      throw new Error(
        `order-service's docs were not built:\n${errors.join(
          '\n',
        )}\n...\n${events.slice(-1500)}`,
      );
    }
    expect(events).not.toContain('event: error');
    expect(events).toContain('using local mkdocs');

    // ...then the page, with techdocs-core's metadata
    const page = await fetch(
      `${running.baseUrl}/api/techdocs/static/docs/${entity}/index.html`,
      { headers },
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    // the first line of prose of the docs in the repository
    const firstLine = fs
      .readFileSync(
        path.join(repoRoot, 'catalog/ecommerce/docs/index.md'),
        'utf8',
      )
      .split('\n')
      .find(line => /^\w/.test(line));
    expect(firstLine).toMatch(/^The Order Service is/);
    expect(html).toContain(firstLine);
    const metadata = await fetch(
      `${running.baseUrl}/api/techdocs/static/docs/${entity}/techdocs_metadata.json`,
      { headers },
    );
    expect(await metadata.json()).toEqual(
      expect.objectContaining({ site_name: 'Order Service' }),
    );
    // eslint-disable-next-line no-console
    console.log(
      `yarn workspace backend start: ready after ${readyAfter} s; order-service's docs built in ${builtIn} s`,
    );
  });
});
