import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createStandInTls, StandInTls } from '../tls';
import { OciRegistryStandIn } from './OciRegistryStandIn';

/*
 * Real registry clients against the OCI registry stand-in over HTTPS, each
 * given only the registry's address, a token and the sandbox's CA, as for a
 * private registry: curl on the distribution API (/v2/), and skopeo
 * (Debian's package; .ci/run installs it) reading a manifest and the tags.
 * Without the CA both refuse the registry's certificate.
 */

jest.setTimeout(60_000);

const execFileAsync = promisify(execFile);
const TOKEN = 'registry-client-token';

type Run = { code: number; stdout: string; stderr: string };

async function run(command: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      timeout: 30_000,
      env: { ...process.env, HOME: os.tmpdir() },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as {
      code?: number | string;
      stdout?: string;
      stderr?: string;
    };
    if (e.code === 'ENOENT') {
      throw new Error(
        `${command} is not installed: apt-get install ${command} (scripts/test-all.sh lists it)`,
      );
    }
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

describe('OCI registry clients against the stand-in over HTTPS', () => {
  let tls: StandInTls;
  let registry: OciRegistryStandIn;
  let dir: string;
  /** the CA as a file (curl --cacert) */
  let caFile: string;
  /** a folder with the CA as ca.crt (skopeo --cert-dir, as certs.d/<host>) */
  let certDir: string;
  let host: string;
  let digest: string;

  beforeAll(async () => {
    tls = createStandInTls();
    registry = await OciRegistryStandIn.start({ tokens: [TOKEN], tls });
    digest = registry.pushImage('myorg/order-service', '4f2a9c1', {
      signed: true,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-clients-'));
    caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, tls.ca);
    certDir = path.join(dir, 'certs.d');
    fs.mkdirSync(certDir);
    fs.writeFileSync(path.join(certDir, 'ca.crt'), tls.ca);
    host = new URL(registry.url).host;
  });

  afterAll(async () => {
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const curl = (p: string, ...args: string[]) =>
    run('curl', [
      '--silent',
      '--show-error',
      '-H',
      `Authorization: Bearer ${TOKEN}`,
      ...args,
      `${registry.url}${p}`,
    ]);

  it('curl with the CA: the API version check, tags and a manifest digest', async () => {
    expect(registry.url).toBe(`https://${host}`);
    const version = await curl('/v2/', '--cacert', caFile, '--include');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(version.stdout).toMatch(
      /docker-distribution-api-version: registry\/2\.0/i,
    );

    const tags = await curl(
      '/v2/myorg/order-service/tags/list',
      '--cacert',
      caFile,
    );
    expect(JSON.parse(tags.stdout)).toEqual({
      name: 'myorg/order-service',
      tags: ['4f2a9c1', `${digest.replace(':', '-')}.sig`],
    });

    const head = await curl(
      '/v2/myorg/order-service/manifests/4f2a9c1',
      '--cacert',
      caFile,
      '--head',
      '-H',
      'Accept: application/vnd.oci.image.manifest.v1+json',
    );
    expect(head.stdout).toMatch(
      new RegExp(`docker-content-digest: ${digest}`, 'i'),
    );
  });

  it('curl without the CA refuses the certificate and sends nothing', async () => {
    const requests = registry.requests.length;
    const refused = await curl('/v2/');
    // 60: CURLE_PEER_FAILED_VERIFICATION
    expect(refused.code).toBe(60);
    expect(refused.stderr).toMatch(
      /SSL certificate problem: unable to get local issuer certificate/,
    );
    const otherCa = path.join(dir, 'other-ca.pem');
    fs.writeFileSync(otherCa, createStandInTls().ca);
    expect((await curl('/v2/', '--cacert', otherCa)).code).toBe(60);
    expect(registry.requests).toHaveLength(requests);
  });

  it('skopeo with the CA reads a manifest and lists the tags', async () => {
    const manifest = await run('skopeo', [
      'inspect',
      '--raw',
      '--cert-dir',
      certDir,
      '--registry-token',
      TOKEN,
      `docker://${host}/myorg/order-service:4f2a9c1`,
    ]);
    expect(manifest).toMatchObject({ code: 0 });
    expect(JSON.parse(manifest.stdout)).toMatchObject({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });

    const tags = await run('skopeo', [
      'list-tags',
      '--cert-dir',
      certDir,
      '--registry-token',
      TOKEN,
      `docker://${host}/myorg/order-service`,
    ]);
    expect(tags).toMatchObject({ code: 0 });
    expect(JSON.parse(tags.stdout).Tags).toEqual([
      '4f2a9c1',
      `${digest.replace(':', '-')}.sig`,
    ]);
  });

  it('skopeo without the CA refuses the certificate', async () => {
    const refused = await run('skopeo', [
      'inspect',
      '--raw',
      '--registry-token',
      TOKEN,
      `docker://${host}/myorg/order-service:4f2a9c1`,
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /x509: certificate signed by unknown authority/,
    );
  });
});
