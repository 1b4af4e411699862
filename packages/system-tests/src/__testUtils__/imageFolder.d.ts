/*
 * The types of imageFolder.mjs (JavaScript so the plain-Node benchmarks can
 * import it).
 */

/** The Yarn release a repository pins (.yarn/releases/yarn-*.cjs). */
export declare function yarnOf(repo: string): string;

/** Runs a command to completion; rejects with the end of its output. */
export declare function runCommand(
  cmd: string,
  args: string[],
  cwd: string,
  env?: Record<string, string>,
): Promise<string>;

/**
 * Builds a backend image's folder as its Dockerfile does (build:backend, the
 * skeleton with production dependencies only, the bundle), without Docker.
 */
export declare function buildImageFolder(options: {
  repo: string;
  into: string;
  /** What else the Dockerfile copies, relative to the repository root. */
  extra?: string[];
  /** Added to the build commands' environment. */
  env?: Record<string, string | undefined>;
}): Promise<{ build_s: number; production_install_s: number }>;

/** The image's CMD after `node`. */
export declare const IMAGE_CMD_ARGS: string[];
