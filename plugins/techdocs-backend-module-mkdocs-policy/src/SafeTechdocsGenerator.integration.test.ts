import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { targetPaths } from '@backstage/cli-common';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { SafeTechdocsGenerator } from './SafeTechdocsGenerator';

/*
 * The generator with Debian's real MkDocs (and the repository's
 * techdocs-core stand-in): an ordinary site builds; a site whose hook would
 * run on the build server is refused before MkDocs starts, with the reason.
 */

jest.setTimeout(60_000);

const config = new ConfigReader({
  techdocs: { generator: { runIn: 'local' } },
});

function generator() {
  return new SafeTechdocsGenerator({
    logger: mockServices.logger.mock(),
    config,
    scmIntegrations: ScmIntegrations.fromConfig(config),
  });
}

describe('SafeTechdocsGenerator', () => {
  const dir = createMockDirectory();
  beforeAll(() => {
    // MkDocs runs as a child process with the real environment (jest's
    // process.env is a copy): `make` exports the techdocs-core stand-in.
    const shim = path.join(
      targetPaths.rootDir,
      'techdocs/mkdocs-techdocs-core',
    );
    if (!(process.env.PYTHONPATH ?? '').split(':').includes(shim)) {
      throw new Error(
        `PYTHONPATH must include ${shim}: run this test through make (make test-integration)`,
      );
    }
  });

  const run = (files: Record<string, string>) => {
    dir.clear();
    dir.setContent({ site: files });
    const logStream = new PassThrough();
    let log = '';
    logStream.on('data', chunk => {
      log += chunk.toString();
    });
    const outputDir = path.join(dir.path, 'out');
    const result = generator().run({
      inputDir: path.join(dir.path, 'site'),
      outputDir,
      logger: mockServices.logger.mock() as any,
      logStream,
    });
    return { result, outputDir, log: () => log };
  };

  it('builds an ordinary site', async () => {
    const { result, outputDir, log } = run({
      'mkdocs.yml': 'site_name: Fine\nplugins:\n  - techdocs-core\n',
      'docs/index.md': '# Fine\n\nAll good.\n',
    });
    await result.catch(error => {
      throw new Error(`${error}\n--- build log ---\n${log()}`);
    });
    expect(
      fs.readFileSync(path.join(outputDir, 'index.html'), 'utf8'),
    ).toContain('All good.');
  });

  it('refuses a site with a hook, before the hook can run', async () => {
    const marker = path.join(dir.path, 'hook-ran');
    const { result, outputDir, log } = run({
      'mkdocs.yml': 'site_name: Hooked\nhooks:\n  - hooks/evil.py\n',
      'hooks/evil.py': `open(${JSON.stringify(marker)}, "w").write("pwned")\n`,
      'docs/index.md': '# Hooked\n',
    });
    await expect(result).rejects.toThrow(
      /mkdocs.yml uses settings that would run code or read secrets on the TechDocs build server, so the portal does not build it:\n {2}- hooks: run Python files/,
    );
    expect(log()).toContain('hooks: run Python files');
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(path.join(outputDir, 'index.html'))).toBe(false);
  });

  it('refuses !ENV, which would publish a secret of the backend', async () => {
    process.env.PORTAL_TEST_SECRET = 'secret-value-123';
    const { result, outputDir } = run({
      'mkdocs.yml':
        'site_name: Leaky\nsite_description: !ENV PORTAL_TEST_SECRET\n',
      'docs/index.md': '# Leaky\n',
    });
    await expect(result).rejects.toThrow(/!ENV reads environment variables/);
    expect(fs.existsSync(path.join(outputDir, 'index.html'))).toBe(false);
    delete process.env.PORTAL_TEST_SECRET;
  });
});
