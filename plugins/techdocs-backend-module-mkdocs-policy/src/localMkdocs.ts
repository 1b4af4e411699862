import { targetPaths } from '@backstage/cli-common';
import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What the TechDocs page shows when the backend cannot run mkdocs: what to
 * install, on a developer's machine and on a server.
 */
export const MKDOCS_MISSING_MESSAGE =
  "mkdocs is not installed on the machine that runs the portal's backend (no mkdocs on its PATH), so TechDocs cannot build these docs. Install it: `apt-get install mkdocs mkdocs-material python3-pymdownx` (Debian; `make start` does this when run as root), or `pip install mkdocs-techdocs-core`. Then reload this page.";

/**
 * The folders of `techdocs.generator.mkdocs.pythonPath`, absolute: a relative
 * one is taken from `rootDir`, by default the repository root.
 */
export function readMkdocsPythonPath(
  config: Config,
  rootDir?: string,
): string[] {
  return (
    config.getOptionalStringArray('techdocs.generator.mkdocs.pythonPath') ?? []
  ).map(dir =>
    rootDir ? path.resolve(rootDir, dir) : targetPaths.resolveRoot(dir),
  );
}

/** `current` (a PYTHONPATH) with `dirs` in front, each folder once. */
export function prependToPythonPath(
  current: string | undefined,
  dirs: string[],
): string {
  const rest = (current ?? '')
    .split(path.delimiter)
    .filter(dir => dir && !dirs.includes(dir));
  return [...dirs, ...rest].join(path.delimiter);
}

/**
 * Where `command` is on `searchPath` (the syntax of PATH), as a spawned
 * process would find it; undefined when it is not there.
 */
export async function findOnPath(
  command: string,
  searchPath: string = process.env.PATH ?? '',
): Promise<string | undefined> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      await fs.promises.access(candidate, fs.constants.X_OK);
      if ((await fs.promises.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
