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

  it('stops production with one line per variable of the wrong shape, without its value', async () => {
    dir.addContent({
      'app-config.production.yaml': `
backend:
  database:
    client: pg
    connection:
      host: \${POSTGRES_HOST}
      port: \${POSTGRES_PORT:-5432}
integrations:
  github:
    - host: github.com
      apps:
        - appId: \${GITHUB_APP_ID}
          privateKey: \${GITHUB_APP_PRIVATE_KEY}
vault:
  baseUrl: \${VAULT_ADDR}
`,
    });
    const secrets = {
      GITHUB_APP_ID: '12 34',
      GITHUB_APP_PRIVATE_KEY: 'MIIEpAIBAAKCAQEAnotAKeyButSecret',
      VAULT_ADDR: 'vault.internal.example.com:8200',
    };
    const result = await runPreflight({
      argv: production(),
      env: { NODE_ENV: 'production', POSTGRES_HOST: 'db', ...secrets },
      cwd: dir.path,
    });
    expect(result.problems).toEqual([
      'GITHUB_APP_ID (required by app-config.production.yaml) is not a positive integer: it contains whitespace.',
      'GITHUB_APP_PRIVATE_KEY (required by app-config.production.yaml) is not a PEM private key: it has no -----BEGIN ...----- line.',
      'VAULT_ADDR (required by app-config.production.yaml) is not an absolute http(s) URL: it has no scheme (http:// or https://).',
    ]);
    const output = JSON.stringify(result);
    for (const value of Object.values(secrets)) {
      expect(output).not.toContain(value);
    }
  });

  it('reports the missing variables first, and shapes once they are set', async () => {
    const result = await runPreflight({
      argv: production(),
      env: { NODE_ENV: 'production', POSTGRES_PORT: 'postgres' },
      cwd: dir.path,
    });
    expect(result.problems).toEqual([
      expect.stringMatching(/^Missing required environment variables: /),
    ]);
  });

  it('only warns about a wrong shape outside production', async () => {
    const result = await runPreflight({
      argv: production(),
      env: {
        NODE_ENV: 'development',
        POSTGRES_HOST: '127.0.0.1',
        POSTGRES_USER: 'postgres',
        POSTGRES_PORT: '54 32',
      },
      cwd: dir.path,
      databaseTimeoutMs: 200,
    });
    expect(result.warnings).toEqual([
      'POSTGRES_PORT (used by app-config.production.yaml) is not a port number (1-65535): it contains whitespace.',
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
