import { targetPaths } from '@backstage/cli-common';
import { ConfigSources } from '@backstage/config-loader';
import path from 'node:path';
import { checkDatabase } from './database';
import { findBadEnvShapes } from './envShapes';
import { probeListen, readListenAddress } from './listen';
import { findMissingEnvVars } from './requiredEnv';

export type PreflightOptions = {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Where the default app-config files live; the repository root by default. */
  rootDir?: string;
  /** How long to wait for the database to answer. */
  databaseTimeoutMs?: number;
};

export type PreflightResult = {
  /** Each entry is one line that says what is wrong and what to do. */
  problems: string[];
  warnings: string[];
};

/**
 * Checks, before any plugin starts, the mistakes that otherwise surface as a
 * stack of plugin errors or a silent hang: unset required environment
 * variables and variables of the wrong shape (fatal in production), a port
 * in use, an unreachable database.
 */
export async function runPreflight(
  options: PreflightOptions,
): Promise<PreflightResult> {
  const cwd = options.cwd ?? process.cwd();
  const production = options.env.NODE_ENV === 'production';
  const problems: string[] = [];
  const warnings: string[] = [];

  const rootDir = options.rootDir ?? targetPaths.rootDir;
  const files = configFiles(options.argv, options.env, cwd, rootDir);
  const relative = (file: string) => path.relative(cwd, file) || file;
  const missing = findMissingEnvVars(files, options.env);
  if (missing.length > 0) {
    const list = missing.map(m => `${m.name} (${relative(m.file)})`).join(', ');
    if (production) {
      problems.push(
        `Missing required environment variable${
          missing.length > 1 ? 's' : ''
        }: ${list}. Set ${
          missing.length > 1 ? 'them' : 'it'
        }, e.g. from the backstage-secrets Secret.`,
      );
      return { problems, warnings };
    }
    warnings.push(
      `Unset environment variables, their config keys are left out: ${list}`,
    );
  }

  // one line per variable; the reason never quotes the value (a secret)
  const badShapes = findBadEnvShapes(files, options.env).map(
    bad =>
      `${bad.name} (${bad.required ? 'required' : 'used'} by ${relative(
        bad.file,
      )}) is not ${bad.what}: ${bad.reason}.`,
  );
  if (production && badShapes.length > 0) {
    problems.push(...badShapes);
    return { problems, warnings };
  }
  warnings.push(...badShapes);

  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      argv: options.argv,
      env: options.env,
      rootDir,
      watch: false,
    }),
  );
  try {
    const address = readListenAddress(config);
    const listenError = await probeListen(address);
    if (listenError) {
      const where = `${address.host ?? ''}:${address.port}`;
      problems.push(
        listenError === 'EADDRINUSE'
          ? `Port ${
              address.port
            } is already in use (${where}). Stop the process using it, or choose another port, e.g. APP_CONFIG_backend_listen_port=${
              address.port + 1
            }.`
          : `Cannot listen on ${where} (${listenError}).`,
      );
    }
    const databaseProblem = await checkDatabase(config, {
      timeoutMs: options.databaseTimeoutMs,
      cwd,
    });
    if (databaseProblem) problems.push(databaseProblem);
  } finally {
    config.close();
  }
  return { problems, warnings };
}

/**
 * The config files the backend reads, in the order of
 * `ConfigSources.default`: `--config` arguments, else app-config.yaml,
 * app-config.<env>.yaml for each BACKSTAGE_ENV, then the .local variants.
 */
export function configFiles(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
  rootDir: string,
): string[] {
  const targets = ConfigSources.parseArgs(argv)
    .filter(t => t.type === 'path')
    .map(t => path.resolve(cwd, t.target));
  if (targets.length > 0) return targets;
  const envs = (env.BACKSTAGE_ENV ?? '')
    .split(',')
    .map(e => e.trim())
    .filter(Boolean);
  return [
    'app-config.yaml',
    ...envs.map(e => `app-config.${e}.yaml`),
    'app-config.local.yaml',
    ...envs.map(e => `app-config.${e}.local.yaml`),
  ].map(f => path.join(rootDir, f));
}
