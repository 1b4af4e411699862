import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { targetPaths } from '@backstage/cli-common';
import {
  GeneratorBase,
  techdocsGeneratorExtensionPoint,
} from '@backstage/plugin-techdocs-node';
import path from 'node:path';
import { techdocsModuleMkdocsPolicy } from './module';
import { SafeTechdocsGenerator } from './SafeTechdocsGenerator';

/** TechDocs' side of the extension point: keeps the generator it is given. */
function techdocsStandIn(received: { generator?: GeneratorBase }) {
  return createBackendPlugin({
    pluginId: 'techdocs',
    register(env) {
      env.registerExtensionPoint(techdocsGeneratorExtensionPoint, {
        setTechdocsGenerator(generator) {
          received.generator = generator;
        },
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('techdocsModuleMkdocsPolicy', () => {
  const originalPythonPath = process.env.PYTHONPATH;
  afterEach(() => {
    process.env.PYTHONPATH = originalPythonPath;
  });

  async function start(techdocs: object) {
    const received: { generator?: GeneratorBase } = {};
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        techdocsStandIn(received),
        techdocsModuleMkdocsPolicy,
        mockServices.rootConfig.factory({ data: { techdocs } }),
        logger.factory,
      ],
    });
    return { generator: received.generator, logger };
  }

  it("gives TechDocs the policy's generator, with mkdocs finding the configured plugins", async () => {
    process.env.PYTHONPATH = '/elsewhere';
    const { generator, logger } = await start({
      generator: {
        runIn: 'local',
        mkdocs: { pythonPath: ['techdocs/mkdocs-techdocs-core'] },
      },
    });
    expect(generator).toBeInstanceOf(SafeTechdocsGenerator);
    const standIn = path.join(
      targetPaths.rootDir,
      'techdocs/mkdocs-techdocs-core',
    );
    expect(process.env.PYTHONPATH).toBe(`${standIn}:/elsewhere`);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('leaves PYTHONPATH alone without pythonPath, and leaves out a folder that does not exist', async () => {
    delete process.env.PYTHONPATH;
    await start({ generator: { runIn: 'local' } });
    expect(process.env.PYTHONPATH).toBeUndefined();

    const { logger } = await start({
      generator: { mkdocs: { pythonPath: ['no/such/folder'] } },
    });
    expect(process.env.PYTHONPATH).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^techdocs.generator.mkdocs.pythonPath: \/.*\/no\/such\/folder does not exist, left out$/,
      ),
    );
  });
});
