import { createHash, createHmac } from 'node:crypto';
import zlib from 'node:zlib';
import { S3StandIn } from './S3StandIn';
import {
  canonicalRequest,
  chunkStringToSign,
  EMPTY_SHA256,
  headerMap,
  signature,
  signingKey,
  stringToSign,
  signAwsRequest,
} from './sigv4';

/*
 * The stand-in's S3 and STS endpoints over plain HTTP (fetch), with requests
 * signed by the small, independent SigV4 signer below (not the stand-in's
 * code). The stand-in's own SigV4 primitives are checked separately against
 * the examples in AWS's documentation.
 */

const REGION = 'us-east-1';
const WRITER = 'arn:aws:iam::123456789:role/docs-writer';
const READER = 'arn:aws:iam::123456789:role/docs-reader';

type Creds = { id: string; secret: string; token?: string };
const admin: Creds = { id: 'TESTKEYADMIN', secret: 'admin-secret' };
const ci: Creds = { id: 'TESTKEYCI', secret: 'ci-secret' };
const getter: Creds = { id: 'TESTKEYGETTER', secret: 'getter-secret' };

// --- an independent SigV4 signer ---------------------------------------------

const sha256 = (data: string | Buffer) =>
  createHash('sha256').update(data).digest('hex');
const hmacOf = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

type SignInput = {
  method?: string;
  /** Decoded path: /bucket/key */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  creds: Creds;
  service?: 's3' | 'sts';
  region?: string;
  /** x-amz-content-sha256; default the body's hash. */
  payload?: string;
  date?: Date;
  /** Sign with another secret than the one sent with the key id. */
  secret?: string;
};

let endpoint = '';

function sign(input: SignInput) {
  const method = input.method ?? 'GET';
  const service = input.service ?? 's3';
  const region = input.region ?? REGION;
  const body = input.body ?? '';
  const amz = (input.date ?? new Date())
    .toISOString()
    .replace(/[-:]|\.\d{3}/g, '');
  const payload = input.payload ?? sha256(body);
  const headers: Record<string, string> = {
    host: new URL(endpoint).host,
    'x-amz-date': amz,
  };
  if (service === 's3') headers['x-amz-content-sha256'] = payload;
  if (input.creds.token) headers['x-amz-security-token'] = input.creds.token;
  for (const [name, value] of Object.entries(input.headers ?? {}))
    headers[name.toLowerCase()] = value;
  const path = input.path.split('/').map(rfc3986).join('/');
  const query = Object.entries(input.query ?? {})
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = Object.keys(headers).sort();
  const canonical = [
    method,
    path,
    query,
    names.map(n => `${n}:${headers[n].trim()}\n`).join(''),
    names.join(';'),
    service === 's3' ? payload : sha256(body),
  ].join('\n');
  const scope = `${amz.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amz, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmacOf(
    `AWS4${input.secret ?? input.creds.secret}`,
    amz.slice(0, 8),
  );
  for (const part of [region, service, 'aws4_request']) key = hmacOf(key, part);
  const sig = createHmac('sha256', key).update(toSign).digest('hex');
  const { host: _host, ...sent } = headers;
  return {
    url: `${endpoint}${path}${query ? `?${query}` : ''}`,
    init: {
      method,
      headers: {
        ...sent,
        authorization: `AWS4-HMAC-SHA256 Credential=${
          input.creds.id
        }/${scope}, SignedHeaders=${names.join(';')}, Signature=${sig}`,
      },
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    } as RequestInit,
    signature: sig,
    key,
    amz,
    scope,
  };
}

async function call(input: SignInput) {
  const { url, init } = sign(input);
  const res = await fetch(url, init);
  return { res, text: await res.text() };
}

const tag = (xml: string, name: string) =>
  xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1];
const tags = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map(
    m => m[1],
  );
const crc32 = (data: string | Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(data) >>> 0);
  return out.toString('base64');
};
const md5 = (data: string | Buffer) => createHash('md5').update(data);

async function assumeRole(creds: Creds, roleArn: string, extra = {}) {
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'unit-test',
    ...extra,
  }).toString();
  return call({
    method: 'POST',
    path: '/',
    service: 'sts',
    creds,
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function sessionFor(creds: Creds, roleArn: string): Promise<Creds> {
  const { text } = await assumeRole(creds, roleArn);
  return {
    id: tag(text, 'AccessKeyId')!,
    secret: tag(text, 'SecretAccessKey')!,
    token: tag(text, 'SessionToken')!,
  };
}

describe('SigV4 primitives of the stand-in (AWS documentation examples)', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
  const key = signingKey(
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    '20130524',
    'us-east-1',
    's3',
  );
  const scope = '20130524/us-east-1/s3/aws4_request';

  it('computes the GET Object example signature', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      rawPath: '/test.txt',
      rawQuery: '',
      headers: headerMap([
        'Host',
        'examplebucket.s3.amazonaws.com',
        'Range',
        'bytes=0-9',
        'x-amz-content-sha256',
        EMPTY_SHA256,
        'x-amz-date',
        '20130524T000000Z',
      ]),
      signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
      service: 's3',
    });
    expect(
      signature(key, stringToSign('20130524T000000Z', scope, canonical)),
    ).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('computes the PUT Object example signature (encoded $ in the key)', () => {
    const payload =
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072';
    const canonical = canonicalRequest({
      method: 'PUT',
      rawPath: '/test$file.text',
      rawQuery: '',
      headers: headerMap([
        'Host',
        'examplebucket.s3.amazonaws.com',
        'Date',
        'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date',
        '20130524T000000Z',
        'x-amz-storage-class',
        'REDUCED_REDUNDANCY',
        'x-amz-content-sha256',
        payload,
      ]),
      signedHeaders: [
        'date',
        'host',
        'x-amz-content-sha256',
        'x-amz-date',
        'x-amz-storage-class',
      ],
      payloadHash: payload,
      service: 's3',
    });
    expect(
      signature(key, stringToSign('20130524T000000Z', scope, canonical)),
    ).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('computes the chunked upload example seed and chunk signatures', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
    const canonical = canonicalRequest({
      method: 'PUT',
      rawPath: '/examplebucket/chunkObject.txt',
      rawQuery: '',
      headers: headerMap([
        'Host',
        's3.amazonaws.com',
        'x-amz-date',
        '20130524T000000Z',
        'x-amz-storage-class',
        'REDUCED_REDUNDANCY',
        'x-amz-content-sha256',
        'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'Content-Encoding',
        'aws-chunked',
        'x-amz-decoded-content-length',
        '66560',
        'Content-Length',
        '66824',
      ]),
      signedHeaders: [
        'content-encoding',
        'content-length',
        'host',
        'x-amz-content-sha256',
        'x-amz-date',
        'x-amz-decoded-content-length',
        'x-amz-storage-class',
      ],
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      service: 's3',
    });
    const seed = signature(
      key,
      stringToSign('20130524T000000Z', scope, canonical),
    );
    expect(seed).toBe(
      '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    );
    const first = signature(
      key,
      chunkStringToSign(
        '20130524T000000Z',
        scope,
        seed,
        Buffer.alloc(65536, 'a'),
      ),
    );
    expect(first).toBe(
      'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    );
  });

  it('computes the SigV4 test suite get-vanilla-query-order-key-case signature', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      rawPath: '/',
      rawQuery: 'Param2=value2&Param1=value1',
      headers: headerMap([
        'Host',
        'example.amazonaws.com',
        'X-Amz-Date',
        '20150830T123600Z',
      ]),
      signedHeaders: ['host', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
      service: 'service',
    });
    expect(
      signature(
        signingKey(
          'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          '20150830',
          'us-east-1',
          'service',
        ),
        stringToSign(
          '20150830T123600Z',
          '20150830/us-east-1/service/aws4_request',
          canonical,
        ),
      ),
    ).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });
});

describe('S3StandIn', () => {
  let s3: S3StandIn;

  beforeAll(async () => {
    s3 = await S3StandIn.start({
      buckets: ['docs', 'other'],
      users: {
        [admin.id]: {
          secretAccessKey: admin.secret,
          name: 'admin',
          actions: ['s3:*'],
          buckets: ['*'],
        },
        [ci.id]: {
          secretAccessKey: ci.secret,
          name: 'ci',
          canAssume: [WRITER, READER],
        },
        [getter.id]: {
          secretAccessKey: getter.secret,
          name: 'getter',
          actions: ['s3:GetObject'],
          buckets: ['docs'],
        },
      },
      roles: {
        [WRITER]: {
          actions: [
            's3:PutObject',
            's3:DeleteObject',
            's3:ListBucket',
            's3:AbortMultipartUpload',
          ],
          buckets: ['docs'],
        },
        [READER]: {
          actions: ['s3:GetObject', 's3:ListBucket'],
          buckets: ['docs'],
        },
      },
    });
    endpoint = s3.url;
  });

  afterAll(() => s3.close());

  describe('authentication', () => {
    it('stores a signed PutObject and serves it with S3 headers', async () => {
      const body = '<h1>Order service</h1>';
      const put = await call({
        method: 'PUT',
        path: '/docs/order service/index.html',
        creds: admin,
        body,
        headers: {
          'content-type': 'text/html',
          'x-amz-meta-owner': 'order-squad',
          'x-amz-checksum-crc32': crc32(body),
        },
      });
      expect(put.res.status).toBe(200);
      expect(put.res.headers.get('etag')).toBe(`"${md5(body).digest('hex')}"`);
      expect(put.res.headers.get('x-amz-checksum-crc32')).toBe(crc32(body));
      expect(put.res.headers.get('x-amz-server-side-encryption')).toBe(
        'AES256',
      );

      const get = await call({
        path: '/docs/order service/index.html',
        creds: admin,
        headers: { 'x-amz-checksum-mode': 'ENABLED' },
      });
      expect(get.res.status).toBe(200);
      expect(get.text).toBe(body);
      expect(Object.fromEntries(get.res.headers)).toMatchObject({
        'content-type': 'text/html',
        'content-length': String(body.length),
        etag: `"${md5(body).digest('hex')}"`,
        'x-amz-meta-owner': 'order-squad',
        'x-amz-checksum-crc32': crc32(body),
        'accept-ranges': 'bytes',
      });
      expect(
        new Date(get.res.headers.get('last-modified')!).getTime(),
      ).toBeGreaterThan(Date.now() - 60_000);
      expect(get.res.headers.get('x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/);
      expect(s3.getObject('docs', 'order service/index.html')).toMatchObject({
        size: body.length,
        contentType: 'text/html',
        metadata: { owner: 'order-squad' },
        checksum: { algorithm: 'CRC32', type: 'FULL_OBJECT' },
      });
    });

    it('answers SignatureDoesNotMatch when signed with a wrong secret', async () => {
      const { res, text } = await call({
        path: '/docs/order service/index.html',
        creds: admin,
        secret: 'not-the-secret',
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/xml');
      expect(tag(text, 'Code')).toBe('SignatureDoesNotMatch');
      expect(tag(text, 'Message')).toBe(
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
      expect(tag(text, 'AWSAccessKeyId')).toBe(admin.id);
      expect(tag(text, 'StringToSign')).toMatch(/^AWS4-HMAC-SHA256\n/);
      expect(tag(text, 'RequestId')).toMatch(/^[0-9A-F]{16}$/);
    });

    it('refuses unknown keys, anonymous calls, tampered bodies, other regions and stale dates', async () => {
      const unknown = await call({
        path: '/docs/x',
        creds: { id: 'NOBODYKEY', secret: 'x' },
      });
      expect([unknown.res.status, tag(unknown.text, 'Code')]).toEqual([
        403,
        'InvalidAccessKeyId',
      ]);

      const anonymous = await fetch(`${s3.url}/docs/x`);
      expect([anonymous.status, tag(await anonymous.text(), 'Code')]).toEqual([
        403,
        'AccessDenied',
      ]);

      const signed = sign({
        method: 'PUT',
        path: '/docs/tampered',
        creds: admin,
        body: 'original',
      });
      const tampered = await fetch(signed.url, {
        ...signed.init,
        body: 'changed!',
      });
      const tamperedText = await tampered.text();
      expect([tampered.status, tag(tamperedText, 'Code')]).toEqual([
        400,
        'XAmzContentSHA256Mismatch',
      ]);
      expect(s3.getObject('docs', 'tampered')).toBeUndefined();

      const region = await call({
        path: '/docs/x',
        creds: admin,
        region: 'eu-west-1',
      });
      expect([
        region.res.status,
        tag(region.text, 'Code'),
        tag(region.text, 'Region'),
      ]).toEqual([400, 'AuthorizationHeaderMalformed', 'us-east-1']);

      const stale = await call({
        path: '/docs/x',
        creds: admin,
        date: new Date(Date.now() - 20 * 60 * 1000),
      });
      expect([stale.res.status, tag(stale.text, 'Code')]).toEqual([
        403,
        'RequestTimeTooSkewed',
      ]);
    });

    it('requires x-amz-* headers to be signed', async () => {
      const signed = sign({ path: '/docs/x', creds: admin });
      const res = await fetch(signed.url, {
        ...signed.init,
        headers: {
          ...(signed.init.headers as Record<string, string>),
          'x-amz-meta-sneaky': 'yes',
        },
      });
      const text = await res.text();
      expect([
        res.status,
        tag(text, 'Code'),
        tag(text, 'HeadersNotSigned'),
      ]).toEqual([403, 'AccessDenied', 'x-amz-meta-sneaky']);
    });

    it('accepts UNSIGNED-PAYLOAD', async () => {
      const { res } = await call({
        method: 'PUT',
        path: '/docs/unsigned.txt',
        creds: admin,
        body: 'unsigned body',
        payload: 'UNSIGNED-PAYLOAD',
      });
      expect(res.status).toBe(200);
      expect(s3.getObject('docs', 'unsigned.txt')?.body.toString()).toBe(
        'unsigned body',
      );
    });

    it('decodes aws-chunked bodies with a trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER)', async () => {
      const data = 'streamed content\n';
      const chunked = (checksum: string) =>
        `${data.length.toString(
          16,
        )}\r\n${data}\r\n0\r\nx-amz-checksum-crc32:${checksum}\r\n\r\n`;
      const headers = {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'x-amz-sdk-checksum-algorithm': 'CRC32',
      };
      const ok = await call({
        method: 'PUT',
        path: '/docs/streamed.txt',
        creds: admin,
        body: chunked(crc32(data)),
        payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        headers,
      });
      expect(ok.res.status).toBe(200);
      expect(s3.getObject('docs', 'streamed.txt')).toMatchObject({
        body: Buffer.from(data),
        checksum: { algorithm: 'CRC32', value: crc32(data) },
      });
      expect(s3.getObject('docs', 'streamed.txt')?.contentEncoding).toBe(
        undefined,
      );

      const wrong = await call({
        method: 'PUT',
        path: '/docs/streamed-wrong.txt',
        creds: admin,
        body: chunked(crc32('something else')),
        payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        headers,
      });
      expect([wrong.res.status, tag(wrong.text, 'Code')]).toEqual([
        400,
        'BadDigest',
      ]);
      expect(tag(wrong.text, 'Message')).toBe(
        'The CRC32 you specified did not match the calculated checksum.',
      );
    });

    it('verifies chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', async () => {
      const chunks = [Buffer.alloc(9000, 'x'), Buffer.from('tail')];
      const decoded = chunks.reduce((n, c) => n + c.length, 0);
      const request = (tamper: boolean) => {
        const headers = {
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(decoded),
        };
        // the seed signature covers the headers only
        const seed = sign({
          method: 'PUT',
          path: '/docs/chunked.bin',
          creds: admin,
          payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          headers,
        });
        let previous = seed.signature;
        const parts: Buffer[] = [];
        for (const chunk of [...chunks, Buffer.alloc(0)]) {
          const toSign = [
            'AWS4-HMAC-SHA256-PAYLOAD',
            seed.amz,
            seed.scope,
            previous,
            sha256(''),
            sha256(chunk),
          ].join('\n');
          previous = createHmac('sha256', seed.key)
            .update(toSign)
            .digest('hex');
          const sent =
            tamper && chunk.length === 4 ? Buffer.from('TAIL') : chunk;
          parts.push(
            Buffer.from(
              `${chunk.length.toString(16)};chunk-signature=${previous}\r\n`,
            ),
            sent,
            Buffer.from('\r\n'),
          );
        }
        return fetch(seed.url, { ...seed.init, body: Buffer.concat(parts) });
      };
      const ok = await request(false);
      expect(ok.status).toBe(200);
      expect(s3.getObject('docs', 'chunked.bin')?.size).toBe(decoded);

      const tampered = await request(true);
      expect([tampered.status, tag(await tampered.text(), 'Code')]).toEqual([
        403,
        'SignatureDoesNotMatch',
      ]);
    });

    it('accepts requests signed by the exported signAwsRequest', async () => {
      const url = `${s3.url}/docs/signed-by-helper.txt`;
      const put = await fetch(url, {
        method: 'PUT',
        body: 'helper',
        headers: signAwsRequest({
          method: 'PUT',
          url,
          body: 'helper',
          region: REGION,
          service: 's3',
          credentials: { accessKeyId: admin.id, secretAccessKey: admin.secret },
        }),
      });
      expect(put.status).toBe(200);
      expect(
        s3.getObject('docs', 'signed-by-helper.txt')?.body.toString(),
      ).toBe('helper');
    });

    it('verifies Content-MD5', async () => {
      const { res, text } = await call({
        method: 'PUT',
        path: '/docs/md5.txt',
        creds: admin,
        body: 'abc',
        headers: { 'content-md5': md5('abd').digest('base64') },
      });
      expect([res.status, tag(text, 'Code')]).toEqual([400, 'BadDigest']);
    });
  });

  describe('objects', () => {
    it('answers NoSuchKey, NoSuchBucket, and HEAD errors without a body', async () => {
      const missing = await call({ path: '/docs/missing.html', creds: admin });
      expect(missing.res.status).toBe(404);
      expect(missing.text).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing.html<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>.+<\/HostId><\/Error>$/,
      );

      const noBucket = await call({ path: '/nobucket/x', creds: admin });
      expect([
        noBucket.res.status,
        tag(noBucket.text, 'Code'),
        tag(noBucket.text, 'BucketName'),
      ]).toEqual([404, 'NoSuchBucket', 'nobucket']);

      const head = await call({
        method: 'HEAD',
        path: '/docs/missing.html',
        creds: admin,
      });
      expect([head.res.status, head.text]).toEqual([404, '']);
    });

    it('hides missing keys from callers who may not list the bucket', async () => {
      s3.putObject('docs', 'present.txt', 'here');
      const present = await call({ path: '/docs/present.txt', creds: getter });
      expect([present.res.status, present.text]).toEqual([200, 'here']);
      const missing = await call({ path: '/docs/absent.txt', creds: getter });
      expect([missing.res.status, tag(missing.text, 'Code')]).toEqual([
        403,
        'AccessDenied',
      ]);
    });

    it('serves ranges and conditional requests', async () => {
      const object = s3.putObject('docs', 'range.txt', '0123456789');
      const range = await call({
        path: '/docs/range.txt',
        creds: admin,
        headers: { range: 'bytes=2-5' },
      });
      expect([
        range.res.status,
        range.text,
        range.res.headers.get('content-range'),
      ]).toEqual([206, '2345', 'bytes 2-5/10']);

      const beyond = await call({
        path: '/docs/range.txt',
        creds: admin,
        headers: { range: 'bytes=20-30' },
      });
      expect([beyond.res.status, tag(beyond.text, 'Code')]).toEqual([
        416,
        'InvalidRange',
      ]);

      const notModified = await call({
        path: '/docs/range.txt',
        creds: admin,
        headers: { 'if-none-match': object.etag },
      });
      expect([notModified.res.status, notModified.text]).toEqual([304, '']);

      const mismatch = await call({
        path: '/docs/range.txt',
        creds: admin,
        headers: { 'if-match': '"nope"' },
      });
      expect([mismatch.res.status, tag(mismatch.text, 'Code')]).toEqual([
        412,
        'PreconditionFailed',
      ]);
    });

    it('copies objects', async () => {
      s3.putObject('docs', 'source.txt', 'copy me', {
        contentType: 'text/plain',
      });
      const { res, text } = await call({
        method: 'PUT',
        path: '/docs/target.txt',
        creds: admin,
        headers: { 'x-amz-copy-source': '/docs/source.txt' },
      });
      expect(res.status).toBe(200);
      expect(tag(text, 'ETag')).toBe(
        `&quot;${md5('copy me').digest('hex')}&quot;`,
      );
      expect(s3.getObject('docs', 'target.txt')).toMatchObject({
        contentType: 'text/plain',
        body: Buffer.from('copy me'),
      });
    });

    it('deletes objects, one or many, with per-key errors', async () => {
      for (const key of ['del/a', 'del/b', 'del/c'])
        s3.putObject('docs', key, key);
      const single = await call({
        method: 'DELETE',
        path: '/docs/del/a',
        creds: admin,
      });
      expect(single.res.status).toBe(204);

      const xml = (keys: string[]) =>
        `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${keys
          .map(k => `<Object><Key>${k}</Key></Object>`)
          .join('')}</Delete>`;
      const withoutMd5 = await call({
        method: 'POST',
        path: '/docs/',
        query: { delete: '' },
        creds: admin,
        body: xml(['del/b']),
      });
      expect([withoutMd5.res.status, tag(withoutMd5.text, 'Message')]).toEqual([
        400,
        'Missing required header for this request: Content-MD5',
      ]);

      const writer = await sessionFor(ci, WRITER);
      const body = xml(['del/b', 'del/c']);
      const many = await call({
        method: 'POST',
        path: '/docs/',
        query: { delete: '' },
        creds: writer,
        body,
        headers: { 'content-md5': md5(body).digest('base64') },
      });
      expect(many.res.status).toBe(200);
      expect(tags(many.text, 'Key')).toEqual(['del/b', 'del/c']);
      expect(s3.objects('docs', 'del/')).toEqual([]);

      const reader = await sessionFor(ci, READER);
      s3.putObject('docs', 'del/d', 'd');
      const deniedBody = xml(['del/d']);
      const denied = await call({
        method: 'POST',
        path: '/docs/',
        query: { delete: '' },
        creds: reader,
        body: deniedBody,
        headers: { 'content-md5': md5(deniedBody).digest('base64') },
      });
      expect(denied.res.status).toBe(200);
      expect(tag(denied.text, 'Error')).toBe(
        '<Key>del/d</Key><Code>AccessDenied</Code><Message>Access Denied</Message>',
      );
      expect(s3.getObject('docs', 'del/d')).toBeDefined();
    });

    it('assembles multipart uploads and checks their parts', async () => {
      const create = await call({
        method: 'POST',
        path: '/docs/big.bin',
        query: { uploads: '' },
        creds: admin,
        headers: { 'x-amz-checksum-algorithm': 'CRC32' },
      });
      expect(create.res.status).toBe(200);
      const uploadId = tag(create.text, 'UploadId')!;
      const first = Buffer.alloc(5 * 1024 * 1024, 'a');
      const second = Buffer.from('the end');
      const parts: { etag: string; crc: string }[] = [];
      for (const [index, data] of [first, second].entries()) {
        const part = await call({
          method: 'PUT',
          path: '/docs/big.bin',
          query: { partNumber: String(index + 1), uploadId },
          creds: admin,
          body: data,
          headers: { 'x-amz-checksum-crc32': crc32(data) },
        });
        expect(part.res.status).toBe(200);
        parts.push({
          etag: part.res.headers.get('etag')!,
          crc: part.res.headers.get('x-amz-checksum-crc32')!,
        });
      }
      const complete = (list: string) =>
        call({
          method: 'POST',
          path: '/docs/big.bin',
          query: { uploadId },
          creds: admin,
          body: `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${list}</CompleteMultipartUpload>`,
        });
      const part = (n: number, withChecksum = true) =>
        `<Part><PartNumber>${n}</PartNumber><ETag>${parts[n - 1].etag}</ETag>${
          withChecksum
            ? `<ChecksumCRC32>${parts[n - 1].crc}</ChecksumCRC32>`
            : ''
        }</Part>`;

      const outOfOrder = await complete(part(2) + part(1));
      expect(tag(outOfOrder.text, 'Code')).toBe('InvalidPartOrder');
      const noChecksum = await complete(part(1, false) + part(2));
      expect(tag(noChecksum.text, 'Message')).toBe(
        'The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.',
      );

      const done = await complete(part(1) + part(2));
      expect(done.res.status).toBe(200);
      const expectedEtag = md5(
        Buffer.concat([md5(first).digest(), md5(second).digest()]),
      ).digest('hex');
      expect(tag(done.text, 'ETag')).toBe(`&quot;${expectedEtag}-2&quot;`);
      expect(s3.getObject('docs', 'big.bin')).toMatchObject({
        size: first.length + second.length,
        partsCount: 2,
        checksum: { algorithm: 'CRC32', type: 'COMPOSITE' },
      });

      const again = await complete(part(1) + part(2));
      expect([again.res.status, tag(again.text, 'Code')]).toEqual([
        404,
        'NoSuchUpload',
      ]);
    });

    it('refuses parts below 5 MiB except the last', async () => {
      const create = await call({
        method: 'POST',
        path: '/docs/small-parts.bin',
        query: { uploads: '' },
        creds: admin,
      });
      const uploadId = tag(create.text, 'UploadId')!;
      const etags: string[] = [];
      for (const n of [1, 2]) {
        const part = await call({
          method: 'PUT',
          path: '/docs/small-parts.bin',
          query: { partNumber: String(n), uploadId },
          creds: admin,
          body: `part ${n}`,
        });
        etags.push(part.res.headers.get('etag')!);
      }
      const done = await call({
        method: 'POST',
        path: '/docs/small-parts.bin',
        query: { uploadId },
        creds: admin,
        body: `<CompleteMultipartUpload>${etags
          .map(
            (e, i) =>
              `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`,
          )
          .join('')}</CompleteMultipartUpload>`,
      });
      expect([done.res.status, tag(done.text, 'Code')]).toEqual([
        400,
        'EntityTooSmall',
      ]);
      const abort = await call({
        method: 'DELETE',
        path: '/docs/small-parts.bin',
        query: { uploadId },
        creds: admin,
      });
      expect(abort.res.status).toBe(204);
    });
  });

  describe('listing', () => {
    beforeAll(() => {
      for (const key of [
        'site/a/index.html',
        'site/a/page.html',
        'site/b/index.html',
        'site/c.html',
        'site/d.html',
        'site/e.html',
        'siteless.txt',
      ])
        s3.putObject('other', key, key);
    });

    const list = async (query: Record<string, string>) => {
      const { res, text } = await call({
        path: '/other/',
        query: { 'list-type': '2', ...query },
        creds: admin,
      });
      return { status: res.status, text };
    };

    it('pages through a prefix with max-keys and continuation tokens', async () => {
      const keys: string[] = [];
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const { status, text } = await list({
          prefix: 'site/',
          'max-keys': '2',
          ...(token && { 'continuation-token': token }),
        });
        expect(status).toBe(200);
        expect(tag(text, 'KeyCount')).toBe(String(tags(text, 'Key').length));
        pages.push(tags(text, 'Key'));
        keys.push(...tags(text, 'Key'));
        token = tag(text, 'NextContinuationToken');
      } while (token);
      expect(pages).toEqual([
        ['site/a/index.html', 'site/a/page.html'],
        ['site/b/index.html', 'site/c.html'],
        ['site/d.html', 'site/e.html'],
      ]);
    });

    it('groups common prefixes with a delimiter, counting them as keys', async () => {
      const first = await list({
        prefix: 'site/',
        delimiter: '/',
        'max-keys': '3',
      });
      expect(tags(first.text, 'Prefix').slice(1)).toEqual([
        'site/a/',
        'site/b/',
      ]);
      expect(tags(first.text, 'Key')).toEqual(['site/c.html']);
      expect(tag(first.text, 'IsTruncated')).toBe('true');
      const second = await list({
        prefix: 'site/',
        delimiter: '/',
        'continuation-token': tag(first.text, 'NextContinuationToken')!,
      });
      expect(tags(second.text, 'Key')).toEqual(['site/d.html', 'site/e.html']);
      expect(tag(second.text, 'IsTruncated')).toBe('false');
    });

    it('starts after a key, and refuses bad tokens and max-keys', async () => {
      const after = await list({
        prefix: 'site/',
        'start-after': 'site/c.html',
      });
      expect(tags(after.text, 'Key')).toEqual(['site/d.html', 'site/e.html']);
      const badToken = await list({ 'continuation-token': 'garbage' });
      expect([badToken.status, tag(badToken.text, 'Code')]).toEqual([
        400,
        'InvalidArgument',
      ]);
      const badMax = await list({ 'max-keys': '-1' });
      expect([badMax.status, tag(badMax.text, 'Code')]).toEqual([
        400,
        'InvalidArgument',
      ]);
    });

    it('answers HeadBucket', async () => {
      const { res } = await call({
        method: 'HEAD',
        path: '/other',
        creds: admin,
      });
      expect([res.status, res.headers.get('x-amz-bucket-region')]).toEqual([
        200,
        'us-east-1',
      ]);
    });
  });

  describe('STS and roles', () => {
    it('issues temporary credentials for a role the user may assume', async () => {
      const { res, text } = await assumeRole(ci, WRITER);
      expect(res.status).toBe(200);
      expect(text).toContain(
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
      );
      expect(tag(text, 'AccessKeyId')).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(tag(text, 'SessionToken')?.length).toBeGreaterThan(100);
      expect(
        new Date(tag(text, 'Expiration')!).getTime() - Date.now(),
      ).toBeGreaterThan(3500_000);
      expect(tag(text, 'Arn')).toBe(
        'arn:aws:sts::123456789:assumed-role/docs-writer/unit-test',
      );
      expect(tag(text, 'AssumedRoleId')).toMatch(
        /^AROA[A-Z2-7]{17}:unit-test$/,
      );
    });

    it('lets the writer write and the reader only read', async () => {
      const writer = await sessionFor(ci, WRITER);
      const written = await call({
        method: 'PUT',
        path: '/docs/by-writer.txt',
        creds: writer,
        body: 'w',
      });
      expect(written.res.status).toBe(200);

      const reader = await sessionFor(ci, READER);
      const denied = await call({
        method: 'PUT',
        path: '/docs/by-reader.txt',
        creds: reader,
        body: 'r',
      });
      expect(denied.res.status).toBe(403);
      expect(tag(denied.text, 'Code')).toBe('AccessDenied');
      expect(tag(denied.text, 'Message')?.replace(/&quot;/g, '"')).toBe(
        'User: arn:aws:sts::123456789:assumed-role/docs-reader/unit-test is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::docs/by-reader.txt" because no identity-based policy allows the s3:PutObject action',
      );
      const read = await call({ path: '/docs/by-writer.txt', creds: reader });
      expect([read.res.status, read.text]).toEqual([200, 'w']);
      const otherBucket = await call({
        path: '/other/site/c.html',
        creds: reader,
      });
      expect(otherBucket.res.status).toBe(403);

      // the base user has no S3 permissions of its own
      const base = await call({ path: '/docs/by-writer.txt', creds: ci });
      expect(base.res.status).toBe(403);
    });

    it('checks the session token and its expiry', async () => {
      const writer = await sessionFor(ci, WRITER);
      const noToken = await call({
        path: '/docs/by-writer.txt',
        creds: { ...writer, token: undefined },
      });
      expect([noToken.res.status, tag(noToken.text, 'Code')]).toEqual([
        403,
        'InvalidAccessKeyId',
      ]);
      const wrongToken = await call({
        path: '/docs/by-writer.txt',
        creds: { ...writer, token: 'forged' },
      });
      expect([wrongToken.res.status, tag(wrongToken.text, 'Code')]).toEqual([
        400,
        'InvalidToken',
      ]);
      s3.expireSessions();
      const expired = await call({
        method: 'HEAD',
        path: '/docs',
        creds: writer,
      });
      expect(expired.res.status).toBe(400);
      const expiredGet = await call({
        path: '/docs/by-writer.txt',
        creds: writer,
      });
      expect(tag(expiredGet.text, 'Code')).toBe('ExpiredToken');
    });

    it('refuses roles the user may not assume, unknown keys and wrong secrets', async () => {
      const unknownRole = await assumeRole(
        ci,
        'arn:aws:iam::123456789:role/admin',
      );
      expect(unknownRole.res.status).toBe(403);
      expect(tag(unknownRole.text, 'Code')).toBe('AccessDenied');
      expect(tag(unknownRole.text, 'Message')).toBe(
        'User: arn:aws:iam::123456789:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789:role/admin',
      );
      expect(unknownRole.text).toContain(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>',
      );

      const notAllowed = await assumeRole(admin, WRITER);
      expect(tag(notAllowed.text, 'Code')).toBe('AccessDenied');

      const unknownKey = await assumeRole(
        { id: 'NOBODYKEY', secret: 'x' },
        WRITER,
      );
      expect([unknownKey.res.status, tag(unknownKey.text, 'Code')]).toEqual([
        403,
        'InvalidClientTokenId',
      ]);

      const wrongSecret = await assumeRole({ ...ci, secret: 'wrong' }, WRITER);
      expect([wrongSecret.res.status, tag(wrongSecret.text, 'Code')]).toEqual([
        403,
        'SignatureDoesNotMatch',
      ]);

      const tooLong = await assumeRole(ci, WRITER, { DurationSeconds: '7200' });
      expect([tooLong.res.status, tag(tooLong.text, 'Message')]).toEqual([
        400,
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      ]);
    });

    it('answers GetCallerIdentity for users and sessions', async () => {
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      const asUser = await call({
        method: 'POST',
        path: '/',
        service: 'sts',
        creds: ci,
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(tag(asUser.text, 'Arn')).toBe('arn:aws:iam::123456789:user/ci');
      const reader = await sessionFor(ci, READER);
      const asSession = await call({
        method: 'POST',
        path: '/',
        service: 'sts',
        creds: reader,
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(tag(asSession.text, 'Arn')).toBe(
        'arn:aws:sts::123456789:assumed-role/docs-reader/unit-test',
      );
    });
  });

  describe('fault injection and the request log', () => {
    it('fails the next matching requests with S3 error bodies', async () => {
      s3.putObject('docs', 'flaky.txt', 'ok');
      s3.failNext('GET', /^\/docs\/flaky\.txt$/, 503, undefined, 2);
      const first = await call({ path: '/docs/flaky.txt', creds: admin });
      const second = await call({ path: '/docs/flaky.txt', creds: admin });
      const third = await call({ path: '/docs/flaky.txt', creds: admin });
      expect([first.res.status, tag(first.text, 'Code')]).toEqual([
        503,
        'SlowDown',
      ]);
      expect(second.res.status).toBe(503);
      expect([third.res.status, third.text]).toEqual([200, 'ok']);

      s3.failNext('PUT', /flaky/, 500, {
        code: 'InternalError',
        message: 'boom',
      });
      const put = await call({
        method: 'PUT',
        path: '/docs/flaky.txt',
        creds: admin,
        body: 'x',
      });
      expect([put.res.status, tag(put.text, 'Message')]).toEqual([500, 'boom']);
    });

    it('fails as the control API asks (any method, a path source, a message), S3 and STS alike, until clearFaults', async () => {
      s3.putObject('docs', 'flaky.txt', 'ok');
      s3.failNext('*', '^/docs/', 404, 'Gone for a while.', 5);
      const get = await call({ path: '/docs/flaky.txt', creds: admin });
      expect([
        get.res.status,
        get.res.headers.get('content-type'),
        tag(get.text, 'Code'),
        tag(get.text, 'Message'),
        tag(get.text, 'Key'),
      ]).toEqual([
        404,
        'application/xml',
        'NoSuchKey',
        'Gone for a while.',
        'flaky.txt',
      ]);

      s3.failNext('POST', '^/$', 503);
      const sts = await call({
        method: 'POST',
        path: '/',
        service: 'sts',
        creds: admin,
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect([
        sts.res.status,
        tag(sts.text, 'Type'),
        tag(sts.text, 'Code'),
        tag(sts.text, 'Message'),
      ]).toEqual([503, 'Receiver', 'InternalFailure', 'Rate exceeded']);

      // four failures are still queued, and every answer would wait 10 s
      s3.setLatency(10_000);
      s3.clearFaults();
      const again = await call({ path: '/docs/flaky.txt', creds: admin });
      expect([again.res.status, again.text]).toEqual([200, 'ok']);
    });

    it('records operations, principals and payload signing', async () => {
      const writer = await sessionFor(ci, WRITER);
      await call({
        method: 'PUT',
        path: '/docs/logged.txt',
        creds: writer,
        body: 'x',
      });
      expect(s3.requests.slice(-2)).toEqual([
        expect.objectContaining({
          service: 'sts',
          operation: 'AssumeRole',
          principal: 'arn:aws:iam::123456789:user/ci',
          status: 200,
        }),
        expect.objectContaining({
          service: 's3',
          method: 'PUT',
          operation: 'PutObject',
          bucket: 'docs',
          key: 'logged.txt',
          principal:
            'arn:aws:sts::123456789:assumed-role/docs-writer/unit-test',
          payloadSigning: 'sha256',
          status: 200,
        }),
      ]);
      expect(s3.sessions().at(-1)).toMatchObject({
        roleArn: WRITER,
        sessionName: 'unit-test',
        issuedTo: 'arn:aws:iam::123456789:user/ci',
      });
    });
  });
});
