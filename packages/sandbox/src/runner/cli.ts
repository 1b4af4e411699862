import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CA_FILES,
  createStandInTls,
  loadOrCreateCertificateAuthority,
} from '../tls';
import { startSandbox } from './startSandbox';

/**
 * Where `make sandbox` keeps its certificate authority: in the repository's
 * git-ignored .data/, created on first use and kept across restarts
 * (`make clean-data` forgets it).
 */
export function sandboxCaDir(repoRoot: string): string {
  return path.join(repoRoot, '.data', 'sandbox-ca');
}

/**
 * What a portal needs in its environment to trust the sandbox's HTTPS
 * stand-ins: `SANDBOX_CA_DATA`, the CA as configuration takes it
 * (app-config.yaml's `caData: ${SANDBOX_CA_DATA:-}`), and
 * `NODE_EXTRA_CA_CERTS`, its file, for the clients that take no CA of their
 * own (the community Vault backend's); when `env` already names such a
 * file, a bundle of that file and the CA, so that nothing it trusted is
 * lost. Creates the CA if there is none yet.
 */
export function sandboxEnvironment(
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const caDir = sandboxCaDir(repoRoot);
  const ca = loadOrCreateCertificateAuthority(caDir);
  const caFile = path.join(caDir, CA_FILES.cert);
  const bundle = path.join(caDir, 'node-extra-ca-certs.pem');
  const theirs = env.NODE_EXTRA_CA_CERTS;
  let extraCaCerts = caFile;
  if (theirs === bundle && fs.existsSync(bundle)) {
    // this environment already has the bundle (sandbox env run twice)
    extraCaCerts = bundle;
  } else if (theirs && theirs !== caFile && fs.existsSync(theirs)) {
    fs.writeFileSync(
      bundle,
      `${fs.readFileSync(theirs, 'utf8').trimEnd()}\n${ca.cert}`,
    );
    extraCaCerts = bundle;
  }
  return {
    SANDBOX_CA_DATA: Buffer.from(ca.cert).toString('base64'),
    NODE_EXTRA_CA_CERTS: extraCaCerts,
  };
}

/**
 * Runs `command` with the sandbox's environment added (`sandboxEnvironment`)
 * and resolves with its exit code; signals to this process reach it. This is
 * how the usual Backstage commands trust the sandbox without a step of
 * their own: `yarn start` and `yarn workspace backend start` run
 * `sandbox exec -- backstage-cli ...`.
 */
export async function execWithSandboxEnvironment(
  repoRoot: string,
  command: string[],
): Promise<number> {
  if (command.length === 0) {
    throw new Error('sandbox exec needs a command: sandbox exec -- <command>');
  }
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...sandboxEnvironment(repoRoot) },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const signals = (['SIGINT', 'SIGTERM'] as const).map(
    signal => [signal, forward(signal)] as const,
  );
  for (const [signal, handler] of signals) process.on(signal, handler);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', error =>
        reject(new Error(`sandbox exec: ${command[0]}: ${error.message}`)),
      );
      child.once('exit', (code, signal) =>
        resolve(code ?? (signal ? 128 + 15 : 1)),
      );
    });
  } finally {
    for (const [signal, handler] of signals) process.off(signal, handler);
  }
}

/**
 * `make sandbox`: the stand-ins in the foreground, seeded, on the ports
 * app-config.yaml points at, until Ctrl-C.
 *
 * `sandbox env` prints the environment of a portal started by other means
 * (`eval "$(yarn sandbox env)"`); `sandbox env --json`, the same as JSON,
 * for scripts (scripts/start.mjs); `sandbox exec -- <command>` runs a
 * command in it (the `start` scripts).
 */
export async function main(options: {
  repoRoot: string;
  args?: string[];
}): Promise<void> {
  const [command, ...flags] = options.args ?? [];
  if (command === 'env') {
    const env = sandboxEnvironment(options.repoRoot);
    console.log(
      flags.includes('--json')
        ? JSON.stringify(env)
        : Object.entries(env)
            .map(([k, v]) => `export ${k}='${v}'`)
            .join('\n'),
    );
    return;
  }
  if (command === 'exec') {
    const rest = flags[0] === '--' ? flags.slice(1) : flags;
    process.exitCode = await execWithSandboxEnvironment(options.repoRoot, rest);
    return;
  }
  if (command !== undefined) {
    throw new Error(
      `Unknown command "${command}": sandbox (run the stand-ins), sandbox env [--json] or sandbox exec -- <command>`,
    );
  }
  const started = Date.now();
  const caDir = sandboxCaDir(options.repoRoot);
  const sandbox = await startSandbox({
    repoRoot: options.repoRoot,
    tls: createStandInTls({ caDir }),
  });
  const urls = sandbox.urls();
  const width = Math.max(...Object.keys(urls).map(k => k.length));
  console.log(
    [
      `==> Sandbox ready (${
        Date.now() - started
      } ms): local stand-ins for the platform's systems`,
      ...Object.entries(urls).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
      `  HTTPS ones trust the CA ${path.relative(
        options.repoRoot,
        path.join(caDir, CA_FILES.cert),
      )}, which make start, yarn start and`,
      '  yarn workspace backend start give the portal (sandbox exec).',
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
