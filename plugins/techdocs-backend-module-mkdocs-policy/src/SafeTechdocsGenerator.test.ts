import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { SafeTechdocsGenerator } from './SafeTechdocsGenerator';

/*
 * Without mkdocs on the backend's PATH, a local build fails with what to
 * install instead of upstream's "spawn mkdocs ENOENT". (The builds with the
 * real mkdocs are in SafeTechdocsGenerator.integration.test.ts.)
 */

describe('SafeTechdocsGenerator without mkdocs', () => {
  const dir = createMockDirectory();
  const originalPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = originalPath;
  });

  // builds the way TechDocs' container would: the site's metadata only
  const containerRunner = {
    runContainer: jest.fn(async () => {
      fs.mkdirSync(dir.resolve('out'), { recursive: true });
      fs.writeFileSync(dir.resolve('out/techdocs_metadata.json'), '{}');
    }),
  };

  function build(runIn: string) {
    dir.setContent({
      bin: {},
      site: {
        'mkdocs.yml': 'site_name: Fine\nplugins:\n  - techdocs-core\n',
        'docs/index.md': '# Fine\n',
      },
    });
    // a PATH where nothing is installed
    process.env.PATH = dir.resolve('bin');
    const config = new ConfigReader({ techdocs: { generator: { runIn } } });
    const logStream = new PassThrough();
    let log = '';
    logStream.on('data', chunk => {
      log += chunk.toString();
    });
    const result = new SafeTechdocsGenerator({
      logger: mockServices.logger.mock(),
      containerRunner,
      config,
      scmIntegrations: ScmIntegrations.fromConfig(config),
    }).run({
      inputDir: dir.resolve('site'),
      outputDir: dir.resolve('out'),
      logger: mockServices.logger.mock() as any,
      logStream,
    });
    return { result, log: () => log };
  }

  it('says that mkdocs is missing and how to install it', async () => {
    const { result, log } = build('local');
    await expect(result).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^mkdocs is not installed .*\(no mkdocs on its PATH\).*Install it: `apt-get install mkdocs mkdocs-material python3-pymdownx` \(Debian; `make start` does this when run as root\), or `pip install mkdocs-techdocs-core`/,
      ),
    });
    expect(log()).toContain('mkdocs is not installed');
    expect(fs.existsSync(dir.resolve('out'))).toBe(false);
  });

  it('does not look for mkdocs when TechDocs builds in a container', async () => {
    const { result } = build('docker');
    await result;
    expect(containerRunner.runContainer).toHaveBeenCalledTimes(1);
  });
});
