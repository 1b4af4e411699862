import { createMockDirectory } from '@backstage/backend-test-utils';
import net from 'node:net';
import { configFiles, runPreflight } from './preflight';

describe('runPreflight', () => {
  const dir = createMockDirectory();

  beforeEach(() => {
    dir.setContent({
      'app-config.yaml': `
backend:
  listen: { port: 0 }
  database: { client: better-sqlite3, connection: { directory: ./data/sqlite } }
`,
      'app-config.production.yaml': `
backend:
  database:
    client: pg
    connection:
      host: \${POSTGRES_HOST}
      port: \${POSTGRES_PORT:-5432}
      user: \${POSTGRES_USER}
`,
    });
  });

  const production = () => [
    'node',
    'index.ts',
    '--config',
    dir.resolve('app-config.yaml'),
    '--config',
    dir.resolve('app-config.production.yaml'),
  ];

  it('passes a good development config and creates the SQLite directory', async () => {
    const result = await runPreflight({
      argv: ['node', 'index.ts'],
      env: {},
      cwd: dir.path,
      rootDir: dir.path,
    });
    expect(result).toEqual({ problems: [], warnings: [] });
    expect(dir.content({ path: 'data' })).toEqual({ sqlite: {} });
  });

  it('stops production with a missing variable and names every one', async () => {
    const result = await runPreflight({
      argv: production(),
      env: { NODE_ENV: 'production' },
      cwd: dir.path,
    });
    expect(result.problems).toEqual([
      'Missing required environment variables: POSTGRES_HOST (app-config.production.yaml), POSTGRES_USER (app-config.production.yaml). Set them, e.g. from the backstage-secrets Secret.',
    ]);
  });

  it('only warns about unset variables outside production', async () => {
    const result = await runPreflight({
      argv: production(),
      env: { NODE_ENV: 'development' },
      cwd: dir.path,
      databaseTimeoutMs: 200,
    });
    expect(result.warnings).toEqual([
      expect.stringContaining('POSTGRES_HOST (app-config.production.yaml)'),
    ]);
  });

  it('reports a port in use in one line that says what to do', async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const result = await runPreflight({
        argv: ['node', 'index.ts'],
        env: { APP_CONFIG_backend_listen_port: String(port) },
        cwd: dir.path,
        rootDir: dir.path,
      });
      expect(result.problems).toEqual([
        `Port ${port} is already in use (:${port}). Stop the process using it, or choose another port, e.g. APP_CONFIG_backend_listen_port=${
          port + 1
        }.`,
      ]);
    } finally {
      server.close();
    }
  });
});

describe('configFiles', () => {
  it('uses --config arguments when given, relative to the working directory', () => {
    expect(
      configFiles(
        ['node', 'x', '--config', 'a.yaml', '--config', '/b.yaml'],
        {},
        '/w',
        '/r',
      ),
    ).toEqual(['/w/a.yaml', '/b.yaml']);
  });

  it('defaults like ConfigSources.default, BACKSTAGE_ENV included', () => {
    expect(
      configFiles(['node', 'x'], { BACKSTAGE_ENV: 'production' }, '/w', '/r'),
    ).toEqual([
      '/r/app-config.yaml',
      '/r/app-config.production.yaml',
      '/r/app-config.local.yaml',
      '/r/app-config.production.local.yaml',
    ]);
  });
});
