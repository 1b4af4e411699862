import { startSandbox } from './startSandbox';

/**
 * `make sandbox`: the stand-ins in the foreground, seeded, on the ports
 * app-config.yaml points at, until Ctrl-C.
 */
export async function main(options: { repoRoot: string }): Promise<void> {
  const started = Date.now();
  const sandbox = await startSandbox({ repoRoot: options.repoRoot });
  const urls = sandbox.urls();
  const width = Math.max(...Object.keys(urls).map(k => k.length));
  console.log(
    [
      `==> Sandbox ready (${
        Date.now() - started
      } ms): local stand-ins for the platform's systems`,
      ...Object.entries(urls).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
      '  Ctrl-C stops it (state is in memory).',
    ].join('\n'),
  );
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
