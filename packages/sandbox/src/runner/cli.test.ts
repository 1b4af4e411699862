import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sandboxCaDir, sandboxEnvironment } from './cli';

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
