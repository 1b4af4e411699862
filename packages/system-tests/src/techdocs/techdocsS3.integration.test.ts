import { targetPaths } from '@backstage/cli-common';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { S3StandIn, signAwsRequest } from 'sandbox';
import {
  pgConnection,
  productionEnv,
  startProductionStandIns,
} from '../__testUtils__/productionEnv';
import {
  BackendProcess,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';

/*
 * The production TechDocs path, end to end, against an S3 stand-in that
 * verifies SigV4 signatures and enforces per-role permissions:
 *
 * 1. CI: `techdocs-cli generate --no-docker` (mkdocs with the techdocs-core
 *    shim from techdocs/mkdocs-techdocs-core), then `techdocs-cli publish
 *    --publisher-type awsS3 ... --awsRoleArn <writer role>` with a CI user's
 *    access key, which assumes the writer role through STS.
 * 2. The portal: the real backend with app-config.yaml +
 *    app-config.production.yaml (techdocs.builder: external, publisher awsS3
 *    with credentials.roleArn: backstage-techdocs-reader), given base
 *    credentials that may assume the reader role only, serves the pages.
 *
 * Only endpoints differ from production: the S3 endpoint (with path-style
 * addressing) in the publisher config, and AWS_ENDPOINT_URL_STS.
 */

jest.setTimeout(600_000);

const BUCKET = 'myorg-techdocs';
const ACCOUNT = '123456789';
const WRITER_ROLE = `arn:aws:iam::${ACCOUNT}:role/techdocs-s3-writer`;
const READER_ROLE = `arn:aws:iam::${ACCOUNT}:role/backstage-techdocs-reader`;
const CI_USER = { id: 'CITECHDOCSKEY', secret: 'ci-publisher-secret' };
const PORTAL_USER = {
  id: 'PORTALBACKENDKEY',
  secret: 'portal-backend-secret',
};
const PREFIX = 'default/component/order-service';
const SESSION_NAME = 'backstage-aws-techdocs-s3-publisher';
const BIG_FILE_BYTES = 6 * 1024 * 1024;

/** Unset so that nothing from the machine running the tests leaks in. */
const NO_AMBIENT_AWS = {
  AWS_PROFILE: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_S3: undefined,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};

type RunResult = { code: number | null; output: string; ms: number };

/** Runs a command without blocking the event loop (the stand-in is in-process). */
function run(
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<RunResult> {
  const started = Date.now();
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    ...process.env,
    ...options.env,
  }))
    if (value !== undefined) env[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env });
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
    });
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', code =>
      resolve({ code, output, ms: Date.now() - started }),
    );
  });
}

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: order-service
  annotations:
    github.com/project-slug: myorg/order-service
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: group:order-squad
`;

const xmlText = (xml: string, name: string) =>
  xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];

describe('TechDocs on S3 with the production configuration', () => {
  const phrase = `order-service-docs-${crypto.randomBytes(6).toString('hex')}`;
  const prefix = `portal_techdocs_${Date.now().toString(36)}_`;
  const externalToken = crypto.randomBytes(24).toString('hex');
  const repoRoot = targetPaths.rootDir;
  const techdocsCli = path.join(repoRoot, 'node_modules/.bin/techdocs-cli');
  let workDir: string;
  let s3: S3StandIn;
  let generate: RunResult;
  let publish: RunResult;
  let standIns: Awaited<ReturnType<typeof startProductionStandIns>>;
  let backend: BackendProcess;

  beforeAll(async () => {
    s3 = await S3StandIn.start({
      accountId: ACCOUNT,
      buckets: [BUCKET],
      users: {
        [CI_USER.id]: {
          secretAccessKey: CI_USER.secret,
          name: 'ci-techdocs-publisher',
          canAssume: [WRITER_ROLE],
        },
        [PORTAL_USER.id]: {
          secretAccessKey: PORTAL_USER.secret,
          name: 'backstage-portal',
          canAssume: [READER_ROLE],
        },
      },
      roles: {
        [WRITER_ROLE]: {
          actions: [
            's3:PutObject',
            's3:DeleteObject',
            's3:ListBucket',
            's3:AbortMultipartUpload',
          ],
          buckets: [BUCKET],
        },
        [READER_ROLE]: {
          actions: ['s3:GetObject', 's3:ListBucket'],
          buckets: [BUCKET],
        },
      },
    });
    // left over from an earlier publish: the next publish removes it
    s3.putObject(BUCKET, `${PREFIX}/retired-page/index.html`, '<p>old</p>');

    // the service's docs, as CI checks them out (mkdocs.yml without plugins)
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'techdocs-s3-'));
    const source = path.join(workDir, 'order-service');
    fs.mkdirSync(path.join(source, 'docs/assets'), { recursive: true });
    fs.writeFileSync(
      path.join(source, 'mkdocs.yml'),
      'site_name: order-service\nsite_description: Orders, end to end\nnav:\n  - Home: index.md\n',
    );
    fs.writeFileSync(
      path.join(source, 'docs/index.md'),
      `# Order service\n\nTakes and tracks orders. ${phrase}\n`,
    );
    // large enough for the publisher's multipart upload (>= 5 MiB)
    fs.writeFileSync(
      path.join(source, 'docs/assets/architecture.bin'),
      crypto.randomBytes(BIG_FILE_BYTES),
    );
    fs.writeFileSync(path.join(source, 'catalog-info.yaml'), catalogInfo);

    generate = await run(
      [
        techdocsCli,
        'generate',
        '--no-docker',
        '--source-dir',
        source,
        '--output-dir',
        path.join(workDir, 'site'),
      ],
      {
        cwd: workDir,
        env: {
          PYTHONPATH: path.join(repoRoot, 'techdocs/mkdocs-techdocs-core'),
        },
      },
    );
    publish = await run(
      [
        techdocsCli,
        'publish',
        '--publisher-type',
        'awsS3',
        '--storage-name',
        BUCKET,
        '--entity',
        'default/Component/order-service',
        '--awsEndpoint',
        s3.url,
        '--awsS3ForcePathStyle',
        '--awsRoleArn',
        WRITER_ROLE,
        '--directory',
        path.join(workDir, 'site'),
      ],
      {
        cwd: workDir,
        env: {
          ...NO_AMBIENT_AWS,
          AWS_ACCESS_KEY_ID: CI_USER.id,
          AWS_SECRET_ACCESS_KEY: CI_USER.secret,
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_STS: s3.url,
        },
      },
    );
    process.stdout.write(
      `techdocs-cli generate: ${generate.ms} ms (exit ${generate.code}), publish: ${publish.ms} ms (exit ${publish.code})\n`,
    );

    standIns = await startProductionStandIns();
    standIns.github.addRepo('myorg', 'order-service', {
      files: { 'catalog-info.yaml': catalogInfo },
    });
    backend = await startBackendProcess({
      args: [
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
      ],
      env: {
        ...productionEnv({ standIns, databasePrefix: prefix, externalToken }),
        APP_CONFIG_techdocs_publisher: JSON.stringify({
          type: 'awsS3',
          awsS3: {
            bucketName: BUCKET,
            region: 'us-east-1',
            endpoint: s3.url,
            s3ForcePathStyle: true,
            credentials: { roleArn: READER_ROLE },
          },
        }),
        // index TechDocs soon after start (production: every 10 minutes)
        APP_CONFIG_search_collators_techdocs_schedule: JSON.stringify({
          frequency: { seconds: 10 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 2 },
        }),
        ...NO_AMBIENT_AWS,
        AWS_ACCESS_KEY_ID: PORTAL_USER.id,
        AWS_SECRET_ACCESS_KEY: PORTAL_USER.secret,
        AWS_ENDPOINT_URL_STS: s3.url,
      },
    });
    await waitUntil(
      'production backend readiness',
      async () =>
        (await fetch(`${backend.baseUrl}/.backstage/health/v1/readiness`)).ok ||
        undefined,
      { timeoutMs: 180_000, backend },
    );
    // the static docs route checks that the entity exists (permissions on)
    await waitUntil(
      'order-service from GitHub discovery',
      async () =>
        (
          await fetch(
            `${backend.baseUrl}/api/catalog/entities/by-name/component/default/order-service`,
            { headers: { authorization: `Bearer ${externalToken}` } },
          )
        ).ok || undefined,
      { timeoutMs: 120_000, backend },
    );
  });

  afterAll(async () => {
    // how often each side went to STS: the credentialDefaultProvider that
    // techdocs-node gives the S3 client does not cache assumed credentials
    const publisherCalls = (roleArn: string, service: 's3' | 'sts') =>
      s3?.requests.filter(
        r =>
          r.service === service &&
          (service === 'sts'
            ? r.roleArn === roleArn && r.roleSessionName === SESSION_NAME
            : r.principal?.endsWith(`/${SESSION_NAME}`) &&
              r.principal.includes(roleArn.split('/')[1])),
      ).length;
    process.stdout.write(
      `AssumeRole calls / S3 requests: publish ${publisherCalls(
        WRITER_ROLE,
        'sts',
      )} / ${publisherCalls(WRITER_ROLE, 's3')}, portal ${publisherCalls(
        READER_ROLE,
        'sts',
      )} / ${publisherCalls(READER_ROLE, 's3')}\n`,
    );
    await backend?.stop();
    await standIns?.close();
    await s3?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    const pg = new Client({ ...pgConnection, database: 'postgres' });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await pg.query(`drop database "${datname}" with (force)`);
    await pg.end();
  });

  const techdocs = (urlPath: string, init: RequestInit = {}) =>
    fetch(`${backend.baseUrl}/api/techdocs${urlPath}`, {
      headers: { authorization: `Bearer ${externalToken}` },
      ...init,
    });

  it('generates the site with techdocs-core', () => {
    expect({ code: generate.code, output: generate.output }).toEqual({
      code: 0,
      output: expect.stringContaining('Successfully generated docs'),
    });
    const site = path.join(workDir, 'site');
    expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toContain(
      phrase,
    );
    expect(
      JSON.parse(
        fs.readFileSync(path.join(site, 'techdocs_metadata.json'), 'utf8'),
      ),
    ).toMatchObject({ site_name: 'order-service' });
  });

  it('publishes to S3 as the writer role, replacing stale pages', () => {
    expect({ code: publish.code, output: publish.output }).toEqual({
      code: 0,
      output: expect.stringContaining('Successfully published'),
    });
    const keys = s3.objects(BUCKET).map(o => o.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        `${PREFIX}/index.html`,
        `${PREFIX}/techdocs_metadata.json`,
        `${PREFIX}/assets/architecture.bin`,
      ]),
    );
    expect(keys).not.toContain(`${PREFIX}/retired-page/index.html`);
    expect(keys.every(k => k.startsWith(`${PREFIX}/`))).toBe(true);
    expect(
      s3.getObject(BUCKET, `${PREFIX}/index.html`)?.body.toString(),
    ).toContain(phrase);
    // the 6 MiB file went up in parts
    expect(
      s3.getObject(BUCKET, `${PREFIX}/assets/architecture.bin`),
    ).toMatchObject({ size: BIG_FILE_BYTES, partsCount: 2 });

    const writerSession = s3.sessions().find(s => s.roleArn === WRITER_ROLE);
    expect(writerSession).toMatchObject({
      sessionName: SESSION_NAME,
      issuedTo: `arn:aws:iam::${ACCOUNT}:user/ci-techdocs-publisher`,
    });
    const publishCalls = s3.requests.filter(
      r => r.service === 's3' && r.principal?.includes('techdocs-s3-writer'),
    );
    expect(new Set(publishCalls.map(r => r.operation))).toEqual(
      new Set([
        'HeadBucket',
        'ListObjectsV2',
        'PutObject',
        'CreateMultipartUpload',
        'UploadPart',
        'CompleteMultipartUpload',
        'DeleteObject',
      ]),
    );
    expect(publishCalls.filter(r => (r.status ?? 0) >= 400)).toEqual([]);
    // nothing reached S3 with the CI user's own key
    expect(
      s3.requests.filter(
        r => r.service === 's3' && r.accessKeyId === CI_USER.id,
      ),
    ).toEqual([]);
  });

  it('starts the portal, which checks the bucket with the reader role', () => {
    expect(
      backend.errorLines().filter(line => /techdocs|s3|aws/i.test(line)),
    ).toEqual([]);
    expect(
      s3.requests.find(
        r =>
          r.operation === 'HeadBucket' &&
          r.principal ===
            `arn:aws:sts::${ACCOUNT}:assumed-role/backstage-techdocs-reader/${SESSION_NAME}`,
      ),
    ).toMatchObject({ status: 200 });
    expect(s3.sessions().find(s => s.roleArn === READER_ROLE)).toMatchObject({
      issuedTo: `arn:aws:iam::${ACCOUNT}:user/backstage-portal`,
    });
  });

  it('serves the published page from S3', async () => {
    const res = await techdocs(
      `/static/docs/default/component/order-service/index.html`,
    );
    expect(res.status).toBe(200);
    // TechDocs serves HTML as text/plain on purpose (the app renders it;
    // opened directly, it cannot run scripts)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toContain(phrase);
    expect(
      s3.requests.filter(
        r =>
          r.operation === 'GetObject' &&
          r.key === `${PREFIX}/index.html` &&
          r.principal?.includes('assumed-role/backstage-techdocs-reader/'),
      ),
    ).toContainEqual(expect.objectContaining({ status: 200 }));
  });

  it('serves techdocs_metadata.json through the metadata endpoint', async () => {
    const res = await techdocs(
      '/metadata/techdocs/default/component/order-service',
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      site_name: 'order-service',
      site_description: 'Orders, end to end',
      files: expect.arrayContaining(['index.html', 'techdocs_metadata.json']),
    });
  });

  it('indexes the published pages in the PostgreSQL search engine', async () => {
    const found = await waitUntil(
      'the TechDocs page in search',
      async () => {
        const res = await fetch(
          `${backend.baseUrl}/api/search/query?term=${phrase}&types%5B0%5D=techdocs`,
          { headers: { authorization: `Bearer ${externalToken}` } },
        );
        const body = (await res.json()) as {
          results: { type: string; document: { location: string } }[];
        };
        return body.results.length ? body.results : undefined;
      },
      { timeoutMs: 90_000, backend },
    );
    expect(found[0]).toMatchObject({
      type: 'techdocs',
      document: {
        location: expect.stringContaining(
          '/docs/default/component/order-service',
        ),
      },
    });
    // the production search engine is PostgreSQL's (search plugin database)
    const db = new Client({ ...pgConnection, database: `${prefix}search` });
    await db.connect();
    try {
      const rows = await db.query(
        "select count(*)::int as n from documents where type = 'techdocs'",
      );
      expect(rows.rows[0].n).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });

  it('answers 404 for a page that was not published', async () => {
    const res = await techdocs(
      '/static/docs/default/component/order-service/no-such-page/index.html',
    );
    expect(res.status).toBe(404);
    expect(
      s3.requests.find(r => r.key === `${PREFIX}/no-such-page/index.html`),
    ).toMatchObject({ status: 404, errorCode: 'NoSuchKey' });
  });

  it('refuses anonymous readers', async () => {
    const res = await techdocs(
      '/static/docs/default/component/order-service/index.html',
      { headers: {} },
    );
    expect(res.status).toBe(401);
  });

  it('gives the portal read-only access: the reader role cannot write, nor become the writer', async () => {
    const sts = async (roleArn: string) => {
      const body = new URLSearchParams({
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: roleArn,
        RoleSessionName: 'portal-write-attempt',
      }).toString();
      const res = await fetch(`${s3.url}/`, {
        method: 'POST',
        body,
        headers: signAwsRequest({
          method: 'POST',
          url: `${s3.url}/`,
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          region: 'us-east-1',
          service: 'sts',
          credentials: {
            accessKeyId: PORTAL_USER.id,
            secretAccessKey: PORTAL_USER.secret,
          },
        }),
      });
      return { status: res.status, xml: await res.text() };
    };

    const escalation = await sts(WRITER_ROLE);
    expect([escalation.status, xmlText(escalation.xml, 'Code')]).toEqual([
      403,
      'AccessDenied',
    ]);

    const reader = await sts(READER_ROLE);
    expect(reader.status).toBe(200);
    const url = `${s3.url}/${BUCKET}/${PREFIX}/index.html`;
    const defaced = '<h1>defaced</h1>';
    const res = await fetch(url, {
      method: 'PUT',
      body: defaced,
      headers: signAwsRequest({
        method: 'PUT',
        url,
        body: defaced,
        region: 'us-east-1',
        service: 's3',
        credentials: {
          accessKeyId: xmlText(reader.xml, 'AccessKeyId')!,
          secretAccessKey: xmlText(reader.xml, 'SecretAccessKey')!,
          sessionToken: xmlText(reader.xml, 'SessionToken')!,
        },
      }),
    });
    const xml = await res.text();
    expect([res.status, xmlText(xml, 'Code')]).toEqual([403, 'AccessDenied']);
    expect(xmlText(xml, 'Message')?.replace(/&quot;/g, '"')).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/backstage-techdocs-reader/portal-write-attempt is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/${PREFIX}/index.html" because no identity-based policy allows the s3:PutObject action`,
    );
    expect(
      s3.getObject(BUCKET, `${PREFIX}/index.html`)?.body.toString(),
    ).toContain(phrase);
  });
});
