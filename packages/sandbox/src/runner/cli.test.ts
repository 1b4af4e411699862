import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  execWithSandboxEnvironment,
  sandboxCaDir,
  sandboxEnvironment,
} from './cli';

describe('sandbox env', () => {
  let repoRoot: string;
  beforeEach(() => {
    repoRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-env-'));
  });
  afterEach(() => fs.rmSync(repoRoot, { recursive: true, force: true }));

  it("gives the CA kept in .data/sandbox-ca as caData and as Node's extra CA", () => {
    const env = sandboxEnvironment(repoRoot, {});
    const caFile = path.join(repoRoot, '.data', 'sandbox-ca', 'ca.pem');
    expect(sandboxCaDir(repoRoot)).toBe(path.dirname(caFile));
    expect(env).toEqual({
      SANDBOX_CA_DATA: fs.readFileSync(caFile).toString('base64'),
      NODE_EXTRA_CA_CERTS: caFile,
    });
    expect(Buffer.from(env.SANDBOX_CA_DATA, 'base64').toString()).toMatch(
      /^-----BEGIN CERTIFICATE-----\r?\n/,
    );
    // the same CA next time
    expect(sandboxEnvironment(repoRoot, {})).toEqual(env);
  });

  it('keeps the extra CAs the environment already trusts', () => {
    const corporate = path.join(repoRoot, 'corporate.pem');
    fs.writeFileSync(
      corporate,
      '-----BEGIN CERTIFICATE-----\nCORP\n-----END CERTIFICATE-----\n',
    );
    const env = sandboxEnvironment(repoRoot, {
      NODE_EXTRA_CA_CERTS: corporate,
    });
    const ca = Buffer.from(env.SANDBOX_CA_DATA, 'base64').toString();
    expect(env.NODE_EXTRA_CA_CERTS).not.toBe(corporate);
    expect(fs.readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8')).toBe(
      `${fs.readFileSync(corporate, 'utf8').trimEnd()}\n${ca}`,
    );
    // run again in that environment: the bundle is not bundled again
    expect(sandboxEnvironment(repoRoot, env)).toEqual(env);
  });
});

describe('sandbox exec', () => {
  let repoRoot: string;
  beforeEach(() => {
    repoRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-exec-'));
  });
  afterEach(() => fs.rmSync(repoRoot, { recursive: true, force: true }));

  it('runs the command with the sandbox environment and gives its exit code', async () => {
    const out = path.join(repoRoot, 'env.json');
    const code = await execWithSandboxEnvironment(repoRoot, [
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(
        out,
      )}, JSON.stringify(process.env)); process.exit(3)`,
    ]);
    expect(code).toBe(3);
    const seen = JSON.parse(fs.readFileSync(out, 'utf8'));
    const expected = sandboxEnvironment(repoRoot, process.env);
    expect(seen.SANDBOX_CA_DATA).toBe(expected.SANDBOX_CA_DATA);
    expect(seen.NODE_EXTRA_CA_CERTS).toBe(expected.NODE_EXTRA_CA_CERTS);
    // the rest of the environment is passed on
    expect(seen.PATH).toBe(process.env.PATH);
  });

  it('says which command could not be run', async () => {
    await expect(
      execWithSandboxEnvironment(repoRoot, ['no-such-command-here']),
    ).rejects.toThrow('sandbox exec: no-such-command-here: spawn');
    await expect(execWithSandboxEnvironment(repoRoot, [])).rejects.toThrow(
      'sandbox exec needs a command',
    );
  });
});
