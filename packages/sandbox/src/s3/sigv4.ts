import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4: the canonical request, the string to sign and the
 * signing key, as in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * and, for S3 (no double URI encoding, `x-amz-content-sha256`),
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 *
 * The stand-in uses these to verify requests; `signAwsRequest` signs a
 * request the same way for tests that talk to the stand-in without the AWS
 * SDK.
 */

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 =
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export type AwsCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** URI-encodes every byte except the RFC 3986 unreserved characters. */
export function uriEncode(value: string, encodeSlash = true): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(ch) || (ch === '/' && !encodeSlash)) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The canonical URI of a raw (as sent) request path. S3 encodes the path
 * once; the other services encode the already-encoded path a second time.
 */
export function canonicalUri(rawPath: string, service: string): string {
  const once = rawPath
    .split('/')
    .map(segment => uriEncode(safeDecode(segment)))
    .join('/');
  const path = once === '' ? '/' : once;
  return service === 's3' ? path : uriEncode(path, false);
}

/** The canonical query string of a raw query, without `exclude`d keys. */
export function canonicalQuery(rawQuery: string, exclude: string[] = []) {
  const pairs = rawQuery
    .split('&')
    .filter(p => p !== '')
    .map(p => {
      const eq = p.indexOf('=');
      const key = safeDecode(eq < 0 ? p : p.slice(0, eq));
      const value = eq < 0 ? '' : safeDecode(p.slice(eq + 1));
      return [uriEncode(key), uriEncode(value)] as const;
    })
    .filter(([key]) => !exclude.includes(key));
  pairs.sort(([ak, av], [bk, bv]) => {
    if (ak !== bk) return ak < bk ? -1 : 1;
    if (av === bv) return 0;
    return av < bv ? -1 : 1;
  });
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Header values by lower-case name, repeated headers joined with ','. */
export function headerMap(rawHeaders: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const value = rawHeaders[i + 1].trim().replace(/\s+/g, ' ');
    const existing = map.get(name);
    map.set(name, existing === undefined ? value : `${existing},${value}`);
  }
  return map;
}

export type CanonicalRequestInput = {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Values by lower-case name (see `headerMap`). */
  headers: Map<string, string>;
  signedHeaders: string[];
  payloadHash: string;
  service: string;
  /** Query keys left out (`X-Amz-Signature` of presigned URLs). */
  excludeQuery?: string[];
};

export function canonicalRequest(input: CanonicalRequestInput): string {
  const headers = input.signedHeaders
    .map(name => `${name}:${input.headers.get(name) ?? ''}\n`)
    .join('');
  return [
    input.method,
    canonicalUri(input.rawPath, input.service),
    canonicalQuery(input.rawQuery, input.excludeQuery),
    headers,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function stringToSign(
  amzDate: string,
  scope: string,
  canonical: string,
): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

export function signingKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

export function signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

/** Compares two hex signatures in constant time. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The string to sign of one chunk of an aws-chunked signed payload. */
export function chunkStringToSign(
  amzDate: string,
  scope: string,
  previousSignature: string,
  chunk: Buffer,
): string {
  return [
    'AWS4-HMAC-SHA256-PAYLOAD',
    amzDate,
    scope,
    previousSignature,
    EMPTY_SHA256,
    sha256Hex(chunk),
  ].join('\n');
}

/** The string to sign of the trailing headers of an aws-chunked payload. */
export function trailerStringToSign(
  amzDate: string,
  scope: string,
  previousSignature: string,
  trailers: [string, string][],
): string {
  const canonical = trailers.map(([n, v]) => `${n}:${v}\n`).join('');
  return [
    'AWS4-HMAC-SHA256-TRAILER',
    amzDate,
    scope,
    previousSignature,
    sha256Hex(canonical),
  ].join('\n');
}

export type ParsedAuthorization = {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
};

/** Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
export function parseAuthorization(
  header: string,
): ParsedAuthorization | undefined {
  const match = header.match(/^AWS4-HMAC-SHA256\s+(.*)$/);
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return parseCredentialFields(
    fields.get('Credential'),
    fields.get('SignedHeaders'),
    fields.get('Signature'),
  );
}

export function parseCredentialFields(
  credential: string | undefined,
  signedHeaders: string | undefined,
  sig: string | undefined,
): ParsedAuthorization | undefined {
  if (!credential || !signedHeaders || !sig) return undefined;
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: signedHeaders.split(';').filter(Boolean),
    signature: sig,
  };
}

/** `20130524T000000Z` for a date. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Parses `20130524T000000Z`; undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const m = value.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export type SignAwsRequestOptions = {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  region: string;
  service: string;
  credentials: AwsCredentials;
  /** Defaults to now. */
  date?: Date;
  /**
   * For S3, the `x-amz-content-sha256` value; default the body's SHA-256
   * (`UNSIGNED-PAYLOAD` is also accepted by S3).
   */
  payloadHash?: string;
};

/**
 * Signs a request with SigV4 (Authorization header) the way the AWS SDKs do,
 * and returns the headers to send: the given ones plus `x-amz-date`,
 * `x-amz-content-sha256` (S3), `x-amz-security-token` and `authorization`.
 * `host` is signed as the URL's host, which HTTP clients send by themselves.
 */
export function signAwsRequest(
  options: SignAwsRequestOptions,
): Record<string, string> {
  const url = new URL(options.url);
  const when = toAmzDate(options.date ?? new Date());
  const body = options.body ?? '';
  const payloadHash = options.payloadHash ?? sha256Hex(body);
  const headers: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    ),
    host: url.host,
    'x-amz-date': when,
  };
  if (options.service === 's3') headers['x-amz-content-sha256'] = payloadHash;
  if (options.credentials.sessionToken)
    headers['x-amz-security-token'] = options.credentials.sessionToken;
  const signedHeaders = Object.keys(headers).sort();
  const scope = `${when.slice(0, 8)}/${options.region}/${
    options.service
  }/aws4_request`;
  const canonical = canonicalRequest({
    method: options.method.toUpperCase(),
    rawPath: url.pathname,
    rawQuery: url.search.replace(/^\?/, ''),
    headers: headerMap(Object.entries(headers).flat()),
    signedHeaders,
    payloadHash,
    service: options.service,
  });
  const key = signingKey(
    options.credentials.secretAccessKey,
    when.slice(0, 8),
    options.region,
    options.service,
  );
  const sig = signature(key, stringToSign(when, scope, canonical));
  const { host: _host, ...toSend } = headers;
  return {
    ...toSend,
    authorization: `${ALGORITHM} Credential=${
      options.credentials.accessKeyId
    }/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`,
  };
}
