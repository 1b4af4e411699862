import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  GeneratorRunOptions,
  TechdocsGenerator,
  getMkdocsYml,
} from '@backstage/plugin-techdocs-node';
import { MKDOCS_MISSING_MESSAGE, findOnPath } from './localMkdocs';
import { findUnsafeMkdocsSettings } from './mkdocsPolicy';

/**
 * The standard TechDocs generator (MkDocs through techdocs-core), refusing to
 * build a site whose mkdocs.yml would run code, read files or read the
 * environment on the build server. The error names every offending setting;
 * TechDocs shows it as the build error of the entity's docs. Running mkdocs
 * locally (`techdocs.generator.runIn: local`) without mkdocs installed is an
 * error that says what to install.
 */
export class SafeTechdocsGenerator extends TechdocsGenerator {
  private allowedPlugins: string[] = [];
  private readonly runsLocally: boolean;

  constructor(options: ConstructorParameters<typeof TechdocsGenerator>[0]) {
    super(options);
    this.runsLocally =
      options.config.getOptionalString('techdocs.generator.runIn') === 'local';
  }

  /** Plugins allowed besides the defaults (from the generator config). */
  withAllowedPlugins(plugins: string[]): this {
    this.allowedPlugins = plugins;
    return this;
  }

  async run(options: GeneratorRunOptions): Promise<void> {
    const { content } = await getMkdocsYml(
      options.inputDir,
      options.siteOptions,
    );
    const problems = findUnsafeMkdocsSettings(content, {
      allowedPlugins: this.allowedPlugins,
    });
    if (problems.length > 0) {
      const message = `mkdocs.yml uses settings that would run code or read secrets on the TechDocs build server, so the portal does not build it:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}\nRemove them (see the portal docs, "Adding a service").`;
      options.logStream?.write(`${message}\n`);
      throw new InputError(message);
    }
    // upstream would fail with "spawn mkdocs ENOENT"
    if (this.runsLocally && !(await findOnPath('mkdocs'))) {
      options.logStream?.write(`${MKDOCS_MISSING_MESSAGE}\n`);
      throw new ServiceUnavailableError(MKDOCS_MISSING_MESSAGE);
    }
    await super.run(options);
  }
}
