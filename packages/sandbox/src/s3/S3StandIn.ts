import express from 'express';
import { randomBytes } from 'node:crypto';
import { listen, RunningServer } from '../http';
import { AuthFailure, AuthSuccess, KeyLookup, verifyRequest } from './auth';
import {
  checksum,
  ChecksumAlgorithm,
  checksumElement,
  checksumHeader,
  CHECKSUM_ALGORITHMS,
  digest,
  isWellFormedChecksum,
  md5,
  parseChecksumAlgorithm,
} from './checksums';
import { headerMap, uriEncode } from './sigv4';
import {
  elements,
  firstText,
  hasRoot,
  S3_NAMESPACE,
  STS_NAMESPACE,
  toXml,
  XML_DECLARATION,
  xmlDocument,
  XmlNode,
} from './xml';

/**
 * A stand-in for Amazon S3 (path-style REST API) and the STS `AssumeRole`
 * and `GetCallerIdentity` actions, on one port, for the AWS SDK for
 * JavaScript v3 and anything else that signs with SigV4.
 *
 * S3 operations: HeadBucket, ListObjectsV2 (prefix, delimiter, max-keys,
 * continuation tokens, start-after, encoding-type=url, fetch-owner),
 * GetBucketLocation, CreateBucket, DeleteBucket, ListBuckets, PutObject,
 * GetObject (Range, If-Match/If-None-Match/If-(Un)Modified-Since, response-*
 * overrides), HeadObject, DeleteObject, DeleteObjects, CopyObject, and
 * multipart uploads (CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload). Requests are addressed
 * path-style: `<url>/<bucket>/<key>` (SDK: `forcePathStyle: true` and
 * `endpoint: <url>`).
 *
 * Authentication is AWS Signature Version 4 (Authorization header or
 * presigned URL), verified with the secret keys the stand-in knows: the users
 * you add and the temporary credentials its STS issued (with their session
 * tokens and expiry). Payloads: a hex SHA-256, `UNSIGNED-PAYLOAD`, and the
 * aws-chunked `STREAMING-*` variants (chunk and trailer signatures verified),
 * plus Content-MD5 and the `x-amz-checksum-*` checksums (CRC32, CRC32C,
 * CRC64NVME, SHA1, SHA256, as headers or trailers).
 *
 * Authorisation is an identity policy per user or role: IAM actions
 * (`s3:GetObject` also covers HeadObject, `s3:ListBucket` covers
 * HeadBucket and ListObjectsV2, `s3:PutObject` covers multipart uploads, ...)
 * on bucket names. Users may assume the roles listed in `canAssume`.
 *
 * STS: `POST /` with a form body (`Action=AssumeRole&RoleArn=...`), point
 * the SDK at it with `AWS_ENDPOINT_URL_STS=<url>`.
 *
 * Simplified compared with AWS: one region and one account; no versioning,
 * ACLs, bucket policies, tagging, object lock or virtual-hosted addressing;
 * policies are allow-lists of actions on whole buckets (no conditions, no
 * key prefixes, no session policies); every object reports SSE-S3
 * (`AES256`) unless another algorithm was requested; a part uploaded
 * without its checksum gets one computed (S3 refuses it); SigV4a is not
 * supported. Errors use S3's and STS's codes, messages and status codes;
 * errors for HEAD requests have no body, as on S3.
 */

/** IAM actions the stand-in checks. */
export type S3Action =
  | 's3:GetObject'
  | 's3:PutObject'
  | 's3:DeleteObject'
  | 's3:ListBucket'
  | 's3:GetBucketLocation'
  | 's3:ListAllMyBuckets'
  | 's3:CreateBucket'
  | 's3:DeleteBucket'
  | 's3:AbortMultipartUpload'
  | 's3:*';

/** An identity policy: these actions on these buckets (`'*'`: all). */
export type S3Grant = { actions: S3Action[]; buckets: string[] };

export type S3RolePolicy = S3Grant & {
  /** Longest session AssumeRole grants, in seconds; default 3600. */
  maxSessionDurationSeconds?: number;
  /** When set, AssumeRole must pass this ExternalId. */
  externalId?: string;
  /** Roles a session of this role may assume (role chaining). */
  canAssume?: string[];
};

export type S3UserPolicy = {
  actions?: S3Action[];
  buckets?: string[];
  /** Role ARNs the user may assume (`'*'`: all). */
  canAssume?: string[];
  /** The IAM user name in its ARN; default: the access key id. */
  name?: string;
};

export type S3StandInOptions = {
  port?: number;
  /** The region requests must be signed for; default `us-east-1`. */
  region?: string;
  /** The account of user ARNs; default `123456789`. */
  accountId?: string;
  /** Buckets that exist from the start. */
  buckets?: string[];
  /**
   * Access key id → secret and policy. Default: one administrator,
   * `SANDBOXADMINKEY` / `sandbox-secret-access-key`, allowed everything.
   */
  users?: Record<string, { secretAccessKey: string } & S3UserPolicy>;
  /** Role ARN → policy. */
  roles?: Record<string, S3RolePolicy>;
  /** Largest accepted difference between x-amz-date and now; default 15 min. */
  maxClockSkewMs?: number;
};

export type S3ObjectChecksum = {
  algorithm: ChecksumAlgorithm;
  /** Base64; composite checksums end with `-<parts>`. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
};

/** An object as stored. */
export type S3Object = {
  bucket: string;
  key: string;
  body: Buffer;
  size: number;
  /** With quotes, as in the ETag header. */
  etag: string;
  lastModified: Date;
  contentType: string;
  /** x-amz-meta-* headers, names in lower case without the prefix. */
  metadata: Record<string, string>;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: string;
  serverSideEncryption: string;
  checksum?: S3ObjectChecksum;
  /** Number of parts for objects from multipart uploads. */
  partsCount?: number;
};

/** Temporary credentials issued by AssumeRole. */
export type S3Session = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  sessionName: string;
  /** arn:aws:sts::<account>:assumed-role/<role>/<session> */
  arn: string;
  expiration: Date;
  /** The ARN of the caller of AssumeRole. */
  issuedTo: string;
};

/** A request the stand-in received. */
export type S3RecordedRequest = {
  service: 's3' | 'sts';
  method: string;
  /** Decoded path, e.g. `/bucket/key`. */
  path: string;
  query: Record<string, string>;
  /** The S3 operation or STS action, e.g. `PutObject`, `AssumeRole`. */
  operation: string;
  bucket?: string;
  key?: string;
  /** The authenticated caller's ARN. */
  principal?: string;
  accessKeyId?: string;
  /** `sha256`, `UNSIGNED-PAYLOAD` or a `STREAMING-*` value. */
  payloadSigning?: string;
  /** AssumeRole: the role and session name asked for. */
  roleArn?: string;
  roleSessionName?: string;
  status?: number;
  errorCode?: string;
};

type StoredBucket = {
  name: string;
  created: Date;
  objects: Map<string, S3Object>;
  uploads: Map<string, MultipartUpload>;
};

type UploadedPart = {
  body: Buffer;
  etag: string;
  checksum?: string;
  lastModified: Date;
};

type MultipartUpload = {
  id: string;
  bucket: string;
  key: string;
  initiated: Date;
  template: Omit<
    S3Object,
    'body' | 'size' | 'etag' | 'lastModified' | 'checksum' | 'partsCount'
  >;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType: 'FULL_OBJECT' | 'COMPOSITE';
  parts: Map<number, UploadedPart>;
};

type StoredUser = {
  secretAccessKey: string;
  arn: string;
  userId: string;
  grant: S3Grant;
  canAssume: string[];
};

type StoredRole = S3RolePolicy & { roleId: string };

type Principal = {
  arn: string;
  userId: string;
  accessKeyId?: string;
  /** The role of a session. */
  roleArn?: string;
  grant?: S3Grant;
  canAssume: string[];
};

type InjectedFailure = {
  method: string;
  path: RegExp;
  status: number;
  code?: string;
  message?: string;
  times: number;
};

type Ctx = {
  req: express.Request;
  res: express.Response;
  method: string;
  rawPath: string;
  rawQuery: string;
  query: Map<string, string>;
  headers: Map<string, string>;
  requestId: string;
  record: S3RecordedRequest;
  body: Buffer;
  trailers: Map<string, string>;
  principal?: Principal;
};

type S3Error = {
  status: number;
  code: string;
  message: string;
  details?: XmlNode;
};

const DEFAULT_ADMIN_KEY = 'SANDBOXADMINKEY';
const DEFAULT_ADMIN_SECRET = 'sandbox-secret-access-key';
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_KEYS = 1000;
const DEFAULT_ERRORS: Record<number, [string, string]> = {
  400: ['InvalidRequest', 'Invalid Request'],
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  409: [
    'OperationAborted',
    'A conflicting conditional operation is currently in progress against this resource. Please try again.',
  ],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  501: [
    'NotImplemented',
    'A header you provided implies functionality that is not implemented.',
  ],
  503: ['SlowDown', 'Please reduce your request rate.'],
};
const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const UNSUPPORTED_SUBRESOURCES = [
  'acl',
  'tagging',
  'versioning',
  'versions',
  'policy',
  'cors',
  'lifecycle',
  'website',
  'encryption',
  'replication',
  'notification',
  'logging',
  'object-lock',
  'retention',
  'legal-hold',
  'restore',
  'select',
  'attributes',
  'torrent',
];
const STORED_HEADERS = [
  ['cache-control', 'cacheControl'],
  ['content-disposition', 'contentDisposition'],
  ['content-encoding', 'contentEncoding'],
  ['content-language', 'contentLanguage'],
  ['expires', 'expires'],
] as const;

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nowToTheSecond(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function randomId(prefix: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return (
    prefix +
    [...randomBytes(length)].map(b => alphabet[b % alphabet.length]).join('')
  );
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '');
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function actionAllowed(grant: S3Grant | undefined, action: S3Action) {
  return Boolean(
    grant?.actions.some(a => a === action || a === 's3:*' || String(a) === '*'),
  );
}

function bucketAllowed(grant: S3Grant | undefined, bucket: string) {
  return Boolean(grant?.buckets.some(b => b === '*' || b === bucket));
}

function roleName(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function roleAccount(roleArn: string): string {
  return roleArn.split(':')[4] ?? '';
}

export class S3StandIn {
  private readonly buckets = new Map<string, StoredBucket>();
  private readonly users = new Map<string, StoredUser>();
  private readonly roles = new Map<string, StoredRole>();
  private readonly issued = new Map<string, S3Session>();
  private readonly failures: InjectedFailure[] = [];
  private latencyMs = 0;
  private server?: RunningServer;
  /** Every request received, in order. */
  readonly requests: S3RecordedRequest[] = [];

  private constructor(
    /** The region requests are signed for. */
    readonly region: string,
    /** The account of the users' ARNs. */
    readonly accountId: string,
    private readonly maxSkewMs: number,
  ) {}

  static async start(options: S3StandInOptions = {}): Promise<S3StandIn> {
    const instance = new S3StandIn(
      options.region ?? 'us-east-1',
      options.accountId ?? '123456789',
      options.maxClockSkewMs ?? 15 * 60 * 1000,
    );
    const users = options.users ?? {
      [DEFAULT_ADMIN_KEY]: {
        secretAccessKey: DEFAULT_ADMIN_SECRET,
        name: 'sandbox-admin',
        actions: ['s3:*'],
        buckets: ['*'],
        canAssume: ['*'],
      },
    };
    for (const [accessKeyId, { secretAccessKey, ...policy }] of Object.entries(
      users,
    ))
      instance.addUser(accessKeyId, secretAccessKey, policy);
    for (const [arn, policy] of Object.entries(options.roles ?? {}))
      instance.addRole(arn, policy);
    for (const bucket of options.buckets ?? []) instance.createBucket(bucket);
    const app = express();
    app.disable('x-powered-by');
    app.disable('etag');
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/xml' });
          res.end(
            `${XML_DECLARATION}<Error><Code>InternalError</Code><Message>${String(
              error,
            )}</Message></Error>`,
          );
        } else res.destroy();
      });
    });
    instance.server = await listen(app, options.port);
    return instance;
  }

  /** The endpoint for S3 (path-style) and STS. */
  get url(): string {
    return this.server!.url;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  /** Delays every answer. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * The next `times` requests with this method whose decoded path (`/bucket/key`,
   * `/` for STS) matches fail with this status and S3 (or STS) error code.
   */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    code?: string,
    message?: string,
    times = 1,
  ): void {
    this.failures.push({
      method: method.toUpperCase(),
      path,
      status,
      code,
      message,
      times,
    });
  }

  createBucket(name: string): void {
    if (!this.buckets.has(name)) {
      this.buckets.set(name, {
        name,
        created: nowToTheSecond(),
        objects: new Map(),
        uploads: new Map(),
      });
    }
  }

  /** Stores an object directly (no request, no authorisation). */
  putObject(
    bucket: string,
    key: string,
    body: string | Buffer,
    options: { contentType?: string; metadata?: Record<string, string> } = {},
  ): S3Object {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const object: S3Object = {
      bucket,
      key,
      body: data,
      size: data.length,
      etag: `"${md5(data).toString('hex')}"`,
      lastModified: nowToTheSecond(),
      contentType: options.contentType ?? 'binary/octet-stream',
      metadata: options.metadata ?? {},
      serverSideEncryption: 'AES256',
      checksum: {
        algorithm: 'CRC64NVME',
        value: checksum('CRC64NVME', data),
        type: 'FULL_OBJECT',
      },
    };
    this.bucket(bucket).objects.set(key, object);
    return object;
  }

  /** The objects of a bucket, by key, optionally below a prefix. */
  objects(bucket: string, prefix = ''): S3Object[] {
    return [...this.bucket(bucket).objects.values()]
      .filter(o => o.key.startsWith(prefix))
      .sort((a, b) => compareKeys(a.key, b.key));
  }

  getObject(bucket: string, key: string): S3Object | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  /** Adds (or replaces) an IAM user with an access key. */
  addUser(
    accessKeyId: string,
    secretAccessKey: string,
    policy: S3UserPolicy = {},
  ): void {
    const name = policy.name ?? accessKeyId;
    this.users.set(accessKeyId, {
      secretAccessKey,
      arn: `arn:aws:iam::${this.accountId}:user/${name}`,
      userId: randomId('AIDA', 17),
      grant: { actions: policy.actions ?? [], buckets: policy.buckets ?? [] },
      canAssume: policy.canAssume ?? [],
    });
  }

  /** Adds (or replaces) a role that users may assume. */
  addRole(roleArn: string, policy: S3RolePolicy): void {
    this.roles.set(roleArn, {
      ...policy,
      roleId: this.roles.get(roleArn)?.roleId ?? randomId('AROA', 17),
    });
  }

  /** The temporary credentials AssumeRole issued, oldest first. */
  sessions(): S3Session[] {
    return [...this.issued.values()];
  }

  /** Lets every issued session expire now (`ExpiredToken` from then on). */
  expireSessions(): void {
    const past = new Date(Date.now() - 1000);
    for (const session of this.issued.values()) session.expiration = past;
  }

  private bucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new Error(`no bucket ${name}`);
    return bucket;
  }

  // --- request handling -----------------------------------------------------

  private async handle(req: express.Request, res: express.Response) {
    if (this.latencyMs) await new Promise(r => setTimeout(r, this.latencyMs));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);

    const url = req.originalUrl;
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const query = new Map<string, string>();
    for (const pair of rawQuery.split('&').filter(Boolean)) {
      const eq = pair.indexOf('=');
      const name = decodeSegment(eq < 0 ? pair : pair.slice(0, eq));
      if (!query.has(name))
        query.set(name, eq < 0 ? '' : decodeSegment(pair.slice(eq + 1)));
    }
    const headers = headerMap(req.rawHeaders);
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const decodedPath = rawPath
      .split('/')
      .map(s => decodeSegment(s))
      .join('/');
    const isSts = req.method === 'POST' && rawPath === '/';
    const record: S3RecordedRequest = {
      service: isSts ? 'sts' : 's3',
      method: req.method,
      path: decodedPath,
      query: Object.fromEntries(query),
      operation: 'Unknown',
    };
    this.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    const ctx: Ctx = {
      req,
      res,
      method: req.method,
      rawPath,
      rawQuery,
      query,
      headers,
      requestId,
      record,
      body,
      trailers: new Map(),
    };
    if (isSts) {
      this.handleSts(ctx);
      return;
    }
    this.handleS3(ctx, decodedPath);
  }

  private lookupKey(accessKeyId: string): KeyLookup {
    const user = this.users.get(accessKeyId);
    if (user) return { kind: 'user', secretAccessKey: user.secretAccessKey };
    const session = this.issued.get(accessKeyId);
    if (session) {
      return {
        kind: 'session',
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiration,
      };
    }
    return { kind: 'unknown' };
  }

  private principalFor(accessKeyId: string): Principal {
    const user = this.users.get(accessKeyId);
    if (user) {
      return {
        arn: user.arn,
        userId: user.userId,
        accessKeyId,
        grant: user.grant,
        canAssume: user.canAssume,
      };
    }
    const session = this.issued.get(accessKeyId)!;
    const role = this.roles.get(session.roleArn);
    return {
      arn: session.arn,
      userId: `${role?.roleId ?? 'AROA'}:${session.sessionName}`,
      accessKeyId,
      roleArn: session.roleArn,
      grant: role,
      canAssume: role?.canAssume ?? [],
    };
  }

  private authenticate(
    ctx: Ctx,
    service: 's3' | 'sts',
  ): AuthSuccess | AuthFailure {
    const result = verifyRequest(
      {
        method: ctx.method,
        rawPath: ctx.rawPath,
        rawQuery: ctx.rawQuery,
        query: ctx.query,
        headers: ctx.headers,
        body: ctx.body,
      },
      {
        service,
        region: this.region,
        maxSkewMs: this.maxSkewMs,
        now: new Date(),
        lookup: id => this.lookupKey(id),
      },
    );
    if ('accessKeyId' in result) {
      ctx.principal = this.principalFor(result.accessKeyId);
      ctx.body = result.body;
      ctx.trailers = result.trailers;
      ctx.record.principal = ctx.principal.arn;
      ctx.record.accessKeyId = result.accessKeyId;
      ctx.record.payloadSigning = result.payloadSigning;
    }
    return result;
  }

  private takeFailure(method: string, path: string) {
    const failure = this.failures.find(
      f => f.method === method && f.path.test(path),
    );
    if (!failure) return undefined;
    failure.times -= 1;
    if (failure.times <= 0)
      this.failures.splice(this.failures.indexOf(failure), 1);
    return failure;
  }

  // --- S3 -------------------------------------------------------------------

  private s3AuthError(failure: AuthFailure): S3Error {
    const details = failure.details;
    switch (failure.kind) {
      case 'missing':
        return {
          status: 403,
          code: 'AccessDenied',
          message: failure.message ?? 'Access Denied',
        };
      case 'unsupported':
        return {
          status: 400,
          code: 'InvalidRequest',
          message:
            'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
        };
      case 'malformed':
        return {
          status: 400,
          code: 'AuthorizationHeaderMalformed',
          message: failure.message!,
        };
      case 'wrongRegion':
        return {
          status: 400,
          code: 'AuthorizationHeaderMalformed',
          message: `The authorization header is malformed; the region '${failure.message}' is wrong; expecting '${this.region}'`,
          details: { Region: this.region },
        };
      case 'wrongService':
        return {
          status: 400,
          code: 'AuthorizationHeaderMalformed',
          message: `The authorization header is malformed; incorrect service "${failure.message}". This endpoint belongs to "s3".`,
        };
      case 'unknownKey':
        return {
          status: 403,
          code: 'InvalidAccessKeyId',
          message:
            'The AWS Access Key Id you provided does not exist in our records.',
        };
      case 'badToken':
        return {
          status: 400,
          code: 'InvalidToken',
          message: 'The provided token is malformed or otherwise invalid.',
        };
      case 'expiredToken':
        return {
          status: 400,
          code: 'ExpiredToken',
          message: 'The provided token has expired.',
        };
      case 'skew':
        return {
          status: 403,
          code: 'RequestTimeTooSkewed',
          message:
            'The difference between the request time and the current time is too large.',
          details,
        };
      case 'presignExpired':
        return {
          status: 403,
          code: 'AccessDenied',
          message: 'Request has expired',
          details,
        };
      case 'headersNotSigned':
        return {
          status: 403,
          code: 'AccessDenied',
          message:
            'There were headers present in the request which were not signed',
          details,
        };
      case 'signature':
        return {
          status: 403,
          code: 'SignatureDoesNotMatch',
          message:
            'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
          details,
        };
      default:
        return {
          status: failure.status ?? 400,
          code: failure.code ?? 'InvalidRequest',
          message: failure.message ?? 'Invalid Request',
          details,
        };
    }
  }

  private sendS3Error(ctx: Ctx, error: S3Error) {
    ctx.record.errorCode = error.code;
    const headers = {
      'x-amz-request-id': ctx.requestId,
      'x-amz-id-2': randomBytes(24).toString('base64'),
      server: 'AmazonS3',
    };
    if (ctx.method === 'HEAD') {
      ctx.res.writeHead(error.status, headers);
      ctx.res.end();
      return;
    }
    const body = `${XML_DECLARATION}<Error>${toXml({
      Code: error.code,
      Message: error.message,
      ...error.details,
      RequestId: ctx.requestId,
      HostId: randomBytes(24).toString('base64'),
    })}</Error>`;
    ctx.res.writeHead(error.status, {
      ...headers,
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(body),
    });
    ctx.res.end(body);
  }

  private send(
    ctx: Ctx,
    status: number,
    body: string | Buffer | undefined,
    headers: Record<string, string | number | undefined> = {},
  ) {
    const all: Record<string, string | number> = {
      'x-amz-request-id': ctx.requestId,
      'x-amz-id-2': randomBytes(24).toString('base64'),
      server: 'AmazonS3',
    };
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined) all[name] = value;
    if (body !== undefined) {
      if (!('content-type' in all)) all['content-type'] = 'application/xml';
      if (!('content-length' in all))
        all['content-length'] = Buffer.byteLength(body);
    }
    ctx.res.writeHead(status, all);
    ctx.res.end(ctx.method === 'HEAD' ? undefined : body);
  }

  private operationOf(ctx: Ctx, bucket: string, key: string): string {
    const q = ctx.query;
    const m = ctx.method;
    if (bucket === '') return m === 'GET' ? 'ListBuckets' : 'Unknown';
    if (UNSUPPORTED_SUBRESOURCES.some(s => q.has(s))) return 'NotImplemented';
    if (key === '') {
      if (m === 'HEAD') return 'HeadBucket';
      if (m === 'GET' && q.get('list-type') === '2') return 'ListObjectsV2';
      if (m === 'GET' && q.has('location')) return 'GetBucketLocation';
      if (m === 'GET' && q.has('uploads')) return 'NotImplemented';
      if (m === 'GET') return 'NotImplemented';
      if (m === 'PUT') return 'CreateBucket';
      if (m === 'DELETE') return 'DeleteBucket';
      if (m === 'POST' && q.has('delete')) return 'DeleteObjects';
      return 'Unknown';
    }
    if (m === 'GET') return q.has('uploadId') ? 'NotImplemented' : 'GetObject';
    if (m === 'HEAD') return 'HeadObject';
    if (m === 'PUT' && q.has('partNumber') && q.has('uploadId')) {
      return ctx.headers.has('x-amz-copy-source')
        ? 'NotImplemented'
        : 'UploadPart';
    }
    if (m === 'PUT' && ctx.headers.has('x-amz-copy-source'))
      return 'CopyObject';
    if (m === 'PUT') return 'PutObject';
    if (m === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
    if (m === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
    if (m === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
    if (m === 'DELETE') return 'DeleteObject';
    return 'Unknown';
  }

  private handleS3(ctx: Ctx, decodedPath: string) {
    const trimmed = decodedPath.replace(/^\//, '');
    const slash = trimmed.indexOf('/');
    const bucket = slash < 0 ? trimmed : trimmed.slice(0, slash);
    const key = slash < 0 ? '' : trimmed.slice(slash + 1);
    const operation = this.operationOf(ctx, bucket, key);
    Object.assign(ctx.record, {
      operation,
      ...(bucket && { bucket }),
      ...(key && { key }),
    });

    const auth = this.authenticate(ctx, 's3');
    if (!('accessKeyId' in auth)) {
      this.sendS3Error(ctx, this.s3AuthError(auth));
      return;
    }
    const failure = this.takeFailure(ctx.method, decodedPath);
    if (failure) {
      const [defaultCode, defaultMessage] = DEFAULT_ERRORS[failure.status] ?? [
        'InternalError',
        'We encountered an internal error. Please try again.',
      ];
      const code = failure.code ?? defaultCode;
      const details: XmlNode = {};
      if (code === 'NoSuchKey') details.Key = key;
      if (code === 'NoSuchBucket') details.BucketName = bucket;
      this.sendS3Error(ctx, {
        status: failure.status,
        code,
        message: failure.message ?? defaultMessage,
        details,
      });
      return;
    }

    if (operation === 'ListBuckets') {
      this.listBuckets(ctx);
      return;
    }
    if (operation === 'NotImplemented') {
      this.sendS3Error(ctx, {
        status: 501,
        code: 'NotImplemented',
        message:
          'A header you provided implies functionality that is not implemented.',
      });
      return;
    }
    if (operation === 'Unknown') {
      this.sendS3Error(ctx, {
        status: 405,
        code: 'MethodNotAllowed',
        message: 'The specified method is not allowed against this resource.',
        details: {
          Method: ctx.method,
          ResourceType: key ? 'OBJECT' : 'BUCKET',
        },
      });
      return;
    }
    if (operation === 'CreateBucket') {
      this.createBucketOp(ctx, bucket);
      return;
    }
    const stored = this.buckets.get(bucket);
    if (!stored) {
      this.sendS3Error(ctx, {
        status: 404,
        code: 'NoSuchBucket',
        message: 'The specified bucket does not exist',
        details: { BucketName: bucket },
      });
      return;
    }
    const handlers: Record<string, () => void> = {
      HeadBucket: () => this.headBucket(ctx, stored),
      ListObjectsV2: () => this.listObjectsV2(ctx, stored),
      GetBucketLocation: () => this.getBucketLocation(ctx, stored),
      DeleteBucket: () => this.deleteBucket(ctx, stored),
      DeleteObjects: () => this.deleteObjects(ctx, stored),
      GetObject: () => this.getObjectOp(ctx, stored, key),
      HeadObject: () => this.getObjectOp(ctx, stored, key),
      PutObject: () => this.putObjectOp(ctx, stored, key),
      CopyObject: () => this.copyObject(ctx, stored, key),
      DeleteObject: () => this.deleteObject(ctx, stored, key),
      CreateMultipartUpload: () => this.createMultipartUpload(ctx, stored, key),
      UploadPart: () => this.uploadPart(ctx, stored, key),
      CompleteMultipartUpload: () =>
        this.completeMultipartUpload(ctx, stored, key),
      AbortMultipartUpload: () => this.abortMultipartUpload(ctx, stored, key),
    };
    handlers[operation]();
  }

  /** AccessDenied unless the caller's policy allows the action. */
  private denied(
    ctx: Ctx,
    action: S3Action,
    bucket: string,
    key?: string,
  ): S3Error | undefined {
    const grant = ctx.principal?.grant;
    if (actionAllowed(grant, action) && bucketAllowed(grant, bucket))
      return undefined;
    const resource = `arn:aws:s3:::${bucket}${
      key === undefined ? '' : `/${key}`
    }`;
    return {
      status: 403,
      code: 'AccessDenied',
      message: `User: ${ctx.principal?.arn} is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy allows the ${action} action`,
    };
  }

  private guard(
    ctx: Ctx,
    action: S3Action,
    bucket: string,
    key?: string,
  ): boolean {
    const error = this.denied(ctx, action, bucket, key);
    if (error) this.sendS3Error(ctx, error);
    return !error;
  }

  private listBuckets(ctx: Ctx) {
    if (!actionAllowed(ctx.principal?.grant, 's3:ListAllMyBuckets')) {
      this.sendS3Error(ctx, this.denied(ctx, 's3:ListAllMyBuckets', '*')!);
      return;
    }
    const buckets = [...this.buckets.values()]
      .filter(b => bucketAllowed(ctx.principal?.grant, b.name))
      .sort((a, b) => compareKeys(a.name, b.name));
    this.send(
      ctx,
      200,
      xmlDocument(
        'ListAllMyBucketsResult',
        {
          Owner: { ID: this.accountId },
          Buckets: {
            Bucket: buckets.map(b => ({
              Name: b.name,
              CreationDate: b.created.toISOString(),
              BucketRegion: this.region,
            })),
          },
        },
        S3_NAMESPACE,
      ),
    );
  }

  private createBucketOp(ctx: Ctx, name: string) {
    if (!this.guard(ctx, 's3:CreateBucket', name)) return;
    if (
      !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ||
      name.includes('..') ||
      /^\d+\.\d+\.\d+\.\d+$/.test(name)
    ) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidBucketName',
        message: 'The specified bucket is not valid.',
        details: { BucketName: name },
      });
      return;
    }
    const constraint = firstText(
      ctx.body.toString('utf8'),
      'LocationConstraint',
    );
    const expected = this.region === 'us-east-1' ? undefined : this.region;
    if ((constraint || undefined) !== expected) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidLocationConstraint',
        message: 'The specified location-constraint is not valid',
        details: { LocationConstraint: constraint ?? '' },
      });
      return;
    }
    if (this.buckets.has(name) && this.region !== 'us-east-1') {
      this.sendS3Error(ctx, {
        status: 409,
        code: 'BucketAlreadyOwnedByYou',
        message:
          'Your previous request to create the named bucket succeeded and you already own it.',
        details: { BucketName: name },
      });
      return;
    }
    this.createBucket(name);
    this.send(ctx, 200, undefined, {
      location: `/${name}`,
      'content-length': 0,
    });
  }

  private headBucket(ctx: Ctx, bucket: StoredBucket) {
    if (!this.guard(ctx, 's3:ListBucket', bucket.name)) return;
    this.send(ctx, 200, undefined, {
      'x-amz-bucket-region': this.region,
      'x-amz-access-point-alias': 'false',
      'content-type': 'application/xml',
    });
  }

  private getBucketLocation(ctx: Ctx, bucket: StoredBucket) {
    if (!this.guard(ctx, 's3:GetBucketLocation', bucket.name)) return;
    const location = this.region === 'us-east-1' ? '' : this.region;
    this.send(
      ctx,
      200,
      `${XML_DECLARATION}<LocationConstraint xmlns="${S3_NAMESPACE}">${location}</LocationConstraint>`,
    );
  }

  private deleteBucket(ctx: Ctx, bucket: StoredBucket) {
    if (!this.guard(ctx, 's3:DeleteBucket', bucket.name)) return;
    if (bucket.objects.size > 0) {
      this.sendS3Error(ctx, {
        status: 409,
        code: 'BucketNotEmpty',
        message: 'The bucket you tried to delete is not empty',
        details: { BucketName: bucket.name },
      });
      return;
    }
    this.buckets.delete(bucket.name);
    this.send(ctx, 204, undefined);
  }

  private listObjectsV2(ctx: Ctx, bucket: StoredBucket) {
    if (!this.guard(ctx, 's3:ListBucket', bucket.name)) return;
    const q = ctx.query;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') || undefined;
    const encodingType = q.get('encoding-type');
    if (encodingType !== undefined && encodingType !== 'url') {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidArgument',
        message: 'Invalid Encoding Method specified in Request',
        details: { ArgumentName: 'encoding-type', ArgumentValue: encodingType },
      });
      return;
    }
    const maxKeysText = q.get('max-keys');
    const maxKeys = maxKeysText === undefined ? MAX_KEYS : Number(maxKeysText);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidArgument',
        message: 'Provided max-keys not an integer or within integer range',
        details: { ArgumentName: 'max-keys', ArgumentValue: maxKeysText ?? '' },
      });
      return;
    }
    const token = q.get('continuation-token');
    let marker: { m: string; p: boolean } | undefined;
    if (token !== undefined) {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64').toString());
        if (typeof decoded.m !== 'string' || typeof decoded.p !== 'boolean')
          throw new Error('bad token');
        marker = decoded;
      } catch {
        this.sendS3Error(ctx, {
          status: 400,
          code: 'InvalidArgument',
          message: 'The continuation token provided is incorrect',
          details: { ArgumentName: 'continuation-token' },
        });
        return;
      }
    } else if (q.get('start-after')) {
      marker = { m: q.get('start-after')!, p: false };
    }
    const limit = Math.min(maxKeys, MAX_KEYS);
    const keys = [...bucket.objects.keys()]
      .filter(k => k.startsWith(prefix))
      .sort(compareKeys);
    const items: { value: string; prefix: boolean }[] = [];
    let truncated = false;
    for (const key of keys) {
      if (marker && compareKeys(key, marker.m) <= 0) continue;
      if (marker?.p && key.startsWith(marker.m)) continue;
      let item = { value: key, prefix: false };
      if (delimiter) {
        const at = key.indexOf(delimiter, prefix.length);
        if (at >= 0)
          item = { value: key.slice(0, at + delimiter.length), prefix: true };
      }
      const last = items[items.length - 1];
      if (last?.prefix && item.prefix && last.value === item.value) continue;
      if (items.length >= limit) {
        truncated = limit > 0;
        break;
      }
      items.push(item);
    }
    const enc = (value: string) =>
      encodingType === 'url' ? uriEncode(value, false) : value;
    const fetchOwner = q.get('fetch-owner') === 'true';
    const lastItem = items[items.length - 1];
    const body: XmlNode = {
      Name: bucket.name,
      Prefix: enc(prefix),
      Delimiter: delimiter && enc(delimiter),
      MaxKeys: maxKeys,
      EncodingType: encodingType,
      KeyCount: items.length,
      IsTruncated: truncated,
      ContinuationToken: token,
      NextContinuationToken:
        truncated && lastItem
          ? Buffer.from(
              JSON.stringify({ m: lastItem.value, p: lastItem.prefix }),
            ).toString('base64')
          : undefined,
      StartAfter: q.has('start-after') ? enc(q.get('start-after')!) : undefined,
      Contents: items
        .filter(i => !i.prefix)
        .map(i => {
          const object = bucket.objects.get(i.value)!;
          return {
            Key: enc(object.key),
            LastModified: object.lastModified.toISOString(),
            ETag: object.etag,
            ChecksumAlgorithm: object.checksum?.algorithm,
            ChecksumType: object.checksum?.type,
            Size: object.size,
            Owner: fetchOwner ? { ID: this.accountId } : undefined,
            StorageClass: 'STANDARD',
          };
        }),
      CommonPrefixes: items
        .filter(i => i.prefix)
        .map(i => ({ Prefix: enc(i.value) })),
    };
    this.send(ctx, 200, xmlDocument('ListBucketResult', body, S3_NAMESPACE));
  }

  /** Verifies Content-MD5 and x-amz-checksum-* (headers or trailers). */
  private verifyIntegrity(
    ctx: Ctx,
    data: Buffer,
  ): {
    error?: S3Error;
    checksum?: { algorithm: ChecksumAlgorithm; value: string };
  } {
    const md5Header = ctx.headers.get('content-md5');
    if (md5Header !== undefined) {
      const given = Buffer.from(md5Header, 'base64');
      if (given.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(md5Header)) {
        return {
          error: {
            status: 400,
            code: 'InvalidDigest',
            message: 'The Content-MD5 you specified was invalid.',
            details: { 'Content-MD5': md5Header },
          },
        };
      }
      const computed = md5(data);
      if (!given.equals(computed)) {
        return {
          error: {
            status: 400,
            code: 'BadDigest',
            message:
              'The Content-MD5 you specified did not match what we received.',
            details: {
              ExpectedDigest: given.toString('hex'),
              CalculatedDigest: computed.toString('base64'),
            },
          },
        };
      }
    }
    const provided = CHECKSUM_ALGORITHMS.flatMap(algorithm => {
      const name = checksumHeader(algorithm);
      const value = ctx.headers.get(name) ?? ctx.trailers.get(name);
      return value === undefined ? [] : [{ algorithm, value }];
    });
    if (provided.length > 1) {
      return {
        error: {
          status: 400,
          code: 'InvalidRequest',
          message:
            'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
        },
      };
    }
    const sdkAlgorithm = ctx.headers.get('x-amz-sdk-checksum-algorithm');
    if (sdkAlgorithm && provided.length === 0) {
      return {
        error: {
          status: 400,
          code: 'InvalidRequest',
          message:
            'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
        },
      };
    }
    const [given] = provided;
    if (!given) return {};
    if (!isWellFormedChecksum(given.algorithm, given.value)) {
      return {
        error: {
          status: 400,
          code: 'InvalidRequest',
          message: `Value for ${checksumHeader(
            given.algorithm,
          )} header is invalid.`,
        },
      };
    }
    if (checksum(given.algorithm, data) !== given.value) {
      return {
        error: {
          status: 400,
          code: 'BadDigest',
          message: `The ${given.algorithm} you specified did not match the calculated checksum.`,
        },
      };
    }
    return { checksum: given };
  }

  /** Content-Type, Cache-Control, ..., x-amz-meta-* of a write request. */
  private objectTemplate(ctx: Ctx, bucket: string, key: string) {
    const metadata: Record<string, string> = {};
    for (const [name, value] of ctx.headers)
      if (name.startsWith('x-amz-meta-'))
        metadata[name.slice('x-amz-meta-'.length)] = value;
    const template: MultipartUpload['template'] = {
      bucket,
      key,
      contentType: ctx.headers.get('content-type') ?? 'binary/octet-stream',
      metadata,
      serverSideEncryption:
        ctx.headers.get('x-amz-server-side-encryption') ?? 'AES256',
    };
    for (const [header, field] of STORED_HEADERS) {
      let value = ctx.headers.get(header);
      if (header === 'content-encoding' && value) {
        value =
          value
            .split(',')
            .map(v => v.trim())
            .filter(v => v !== 'aws-chunked')
            .join(',') || undefined;
      }
      if (value !== undefined) template[field] = value;
    }
    return template;
  }

  private checkWriteHeaders(ctx: Ctx, key: string): S3Error | undefined {
    const sse = ctx.headers.get('x-amz-server-side-encryption');
    if (sse !== undefined && !SSE_ALGORITHMS.includes(sse)) {
      return {
        status: 400,
        code: 'InvalidArgument',
        message: 'The encryption method specified is not supported',
        details: {
          ArgumentName: 'x-amz-server-side-encryption',
          ArgumentValue: sse,
        },
      };
    }
    const keyBytes = Buffer.byteLength(key);
    if (keyBytes > 1024) {
      return {
        status: 400,
        code: 'KeyTooLongError',
        message: 'Your key is too long',
        details: { MaxSizeAllowed: '1024', Size: String(keyBytes) },
      };
    }
    return undefined;
  }

  private putObjectOp(ctx: Ctx, bucket: StoredBucket, key: string) {
    if (!this.guard(ctx, 's3:PutObject', bucket.name, key)) return;
    const headerError = this.checkWriteHeaders(ctx, key);
    if (headerError) {
      this.sendS3Error(ctx, headerError);
      return;
    }
    const existing = bucket.objects.get(key);
    const ifNoneMatch = ctx.headers.get('if-none-match');
    const ifMatch = ctx.headers.get('if-match');
    if (ifNoneMatch === '*' && existing) {
      this.sendS3Error(ctx, {
        status: 412,
        code: 'PreconditionFailed',
        message:
          'At least one of the pre-conditions you specified did not hold',
        details: { Condition: 'If-None-Match' },
      });
      return;
    }
    if (ifMatch !== undefined) {
      if (!existing) {
        this.sendS3Error(ctx, this.noSuchKey(key));
        return;
      }
      if (unquote(ifMatch) !== unquote(existing.etag)) {
        this.sendS3Error(ctx, {
          status: 412,
          code: 'PreconditionFailed',
          message:
            'At least one of the pre-conditions you specified did not hold',
          details: { Condition: 'If-Match' },
        });
        return;
      }
    }
    const integrity = this.verifyIntegrity(ctx, ctx.body);
    if (integrity.error) {
      this.sendS3Error(ctx, integrity.error);
      return;
    }
    const object: S3Object = {
      ...this.objectTemplate(ctx, bucket.name, key),
      body: ctx.body,
      size: ctx.body.length,
      etag: `"${md5(ctx.body).toString('hex')}"`,
      lastModified: nowToTheSecond(),
      checksum: integrity.checksum
        ? { ...integrity.checksum, type: 'FULL_OBJECT' }
        : {
            algorithm: 'CRC64NVME',
            value: checksum('CRC64NVME', ctx.body),
            type: 'FULL_OBJECT',
          },
    };
    bucket.objects.set(key, object);
    this.send(ctx, 200, undefined, {
      etag: object.etag,
      'x-amz-server-side-encryption': object.serverSideEncryption,
      ...(integrity.checksum && {
        [checksumHeader(integrity.checksum.algorithm)]:
          integrity.checksum.value,
        'x-amz-checksum-type': 'FULL_OBJECT',
      }),
      'content-length': 0,
    });
  }

  private noSuchKey(key: string): S3Error {
    return {
      status: 404,
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      details: { Key: key },
    };
  }

  private objectHeaders(
    ctx: Ctx,
    object: S3Object,
    whole: boolean,
  ): Record<string, string | number | undefined> {
    const q = ctx.query;
    const headers: Record<string, string | number | undefined> = {
      'last-modified': object.lastModified.toUTCString(),
      etag: object.etag,
      'content-type': q.get('response-content-type') ?? object.contentType,
      'cache-control': q.get('response-cache-control') ?? object.cacheControl,
      'content-disposition':
        q.get('response-content-disposition') ?? object.contentDisposition,
      'content-encoding':
        q.get('response-content-encoding') ?? object.contentEncoding,
      'content-language':
        q.get('response-content-language') ?? object.contentLanguage,
      expires: q.get('response-expires') ?? object.expires,
      'accept-ranges': 'bytes',
      'x-amz-server-side-encryption': object.serverSideEncryption,
    };
    for (const [name, value] of Object.entries(object.metadata))
      headers[`x-amz-meta-${name}`] = value;
    if (
      whole &&
      object.checksum &&
      ctx.headers.get('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED'
    ) {
      headers[checksumHeader(object.checksum.algorithm)] =
        object.checksum.value;
      headers['x-amz-checksum-type'] = object.checksum.type;
    }
    return headers;
  }

  private getObjectOp(ctx: Ctx, bucket: StoredBucket, key: string) {
    const denied = this.denied(ctx, 's3:GetObject', bucket.name, key);
    if (denied) {
      this.sendS3Error(ctx, denied);
      return;
    }
    const object = bucket.objects.get(key);
    if (!object) {
      // S3 only says whether a key exists to callers who may list the bucket
      const listDenied = this.denied(ctx, 's3:ListBucket', bucket.name);
      this.sendS3Error(
        ctx,
        listDenied
          ? {
              status: 403,
              code: 'AccessDenied',
              message: 'Access Denied',
            }
          : this.noSuchKey(key),
      );
      return;
    }
    const h = ctx.headers;
    const ifMatch = h.get('if-match');
    const ifNoneMatch = h.get('if-none-match');
    const ifModifiedSince = h.get('if-modified-since');
    const ifUnmodifiedSince = h.get('if-unmodified-since');
    const etagListHas = (list: string) =>
      list
        .split(',')
        .map(unquote)
        .some(e => e === '*' || e === unquote(object.etag));
    const modifiedAfter = (value: string) => {
      const time = Date.parse(value);
      return Number.isNaN(time) || object.lastModified.getTime() > time;
    };
    if (ifMatch !== undefined && !etagListHas(ifMatch)) {
      this.sendS3Error(ctx, {
        status: 412,
        code: 'PreconditionFailed',
        message:
          'At least one of the pre-conditions you specified did not hold',
        details: { Condition: 'If-Match' },
      });
      return;
    }
    if (
      ifMatch === undefined &&
      ifUnmodifiedSince !== undefined &&
      modifiedAfter(ifUnmodifiedSince)
    ) {
      this.sendS3Error(ctx, {
        status: 412,
        code: 'PreconditionFailed',
        message:
          'At least one of the pre-conditions you specified did not hold',
        details: { Condition: 'If-Unmodified-Since' },
      });
      return;
    }
    const notModified =
      ifNoneMatch !== undefined
        ? etagListHas(ifNoneMatch)
        : ifModifiedSince !== undefined && !modifiedAfter(ifModifiedSince);
    if (notModified) {
      this.send(ctx, 304, undefined, {
        etag: object.etag,
        'last-modified': object.lastModified.toUTCString(),
      });
      return;
    }

    const range = h.get('range');
    const match = range?.match(/^bytes=(\d*)-(\d*)$/);
    if (match && (match[1] !== '' || match[2] !== '')) {
      let start: number;
      let end: number;
      if (match[1] === '') {
        start = Math.max(0, object.size - Number(match[2]));
        end = object.size - 1;
      } else {
        start = Number(match[1]);
        end =
          match[2] === ''
            ? object.size - 1
            : Math.min(Number(match[2]), object.size - 1);
      }
      if (start >= object.size || start > end) {
        this.sendS3Error(ctx, {
          status: 416,
          code: 'InvalidRange',
          message: 'The requested range is not satisfiable',
          details: {
            RangeRequested: range!,
            ActualObjectSize: String(object.size),
          },
        });
        return;
      }
      const slice = object.body.subarray(start, end + 1);
      this.send(ctx, 206, slice, {
        ...this.objectHeaders(ctx, object, false),
        'content-range': `bytes ${start}-${end}/${object.size}`,
        'content-length': slice.length,
      });
      return;
    }
    this.send(ctx, 200, object.body, {
      ...this.objectHeaders(ctx, object, true),
      'content-length': object.size,
    });
  }

  private deleteObject(ctx: Ctx, bucket: StoredBucket, key: string) {
    if (!this.guard(ctx, 's3:DeleteObject', bucket.name, key)) return;
    bucket.objects.delete(key);
    this.send(ctx, 204, undefined);
  }

  private deleteObjects(ctx: Ctx, bucket: StoredBucket) {
    const hasChecksum =
      ctx.headers.has('content-md5') ||
      CHECKSUM_ALGORITHMS.some(
        a =>
          ctx.headers.has(checksumHeader(a)) ||
          ctx.trailers.has(checksumHeader(a)),
      );
    if (!hasChecksum) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidRequest',
        message: 'Missing required header for this request: Content-MD5',
      });
      return;
    }
    const integrity = this.verifyIntegrity(ctx, ctx.body);
    if (integrity.error) {
      this.sendS3Error(ctx, integrity.error);
      return;
    }
    const xml = ctx.body.toString('utf8');
    const objects = elements(xml, 'Object');
    const keys = objects.map(o => firstText(o, 'Key'));
    if (
      !hasRoot(xml, 'Delete') ||
      objects.length === 0 ||
      objects.length > 1000 ||
      keys.some(k => k === undefined)
    ) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'MalformedXML',
        message:
          'The XML you provided was not well-formed or did not validate against our published schema',
      });
      return;
    }
    const quiet = firstText(xml, 'Quiet')?.trim() === 'true';
    const deleted: XmlNode[] = [];
    const errors: XmlNode[] = [];
    for (const key of keys as string[]) {
      const denied = this.denied(ctx, 's3:DeleteObject', bucket.name, key);
      if (denied) {
        errors.push({
          Key: key,
          Code: 'AccessDenied',
          Message: 'Access Denied',
        });
        continue;
      }
      bucket.objects.delete(key);
      if (!quiet) deleted.push({ Key: key });
    }
    this.send(
      ctx,
      200,
      xmlDocument(
        'DeleteResult',
        { Deleted: deleted, Error: errors },
        S3_NAMESPACE,
      ),
    );
  }

  private copyObject(ctx: Ctx, bucket: StoredBucket, key: string) {
    const source = ctx.headers.get('x-amz-copy-source')!;
    const [sourcePath, sourceQuery] = source.replace(/^\//, '').split('?');
    const slash = sourcePath.indexOf('/');
    if (slash <= 0 || (sourceQuery && !sourceQuery.startsWith('versionId='))) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidArgument',
        message: 'Invalid copy source object key',
        details: {
          ArgumentName: 'x-amz-copy-source',
          ArgumentValue: source,
        },
      });
      return;
    }
    const sourceBucketName = decodeSegment(sourcePath.slice(0, slash));
    const sourceKey = decodeSegment(sourcePath.slice(slash + 1));
    const sourceBucket = this.buckets.get(sourceBucketName);
    if (!sourceBucket) {
      this.sendS3Error(ctx, {
        status: 404,
        code: 'NoSuchBucket',
        message: 'The specified bucket does not exist',
        details: { BucketName: sourceBucketName },
      });
      return;
    }
    if (!this.guard(ctx, 's3:GetObject', sourceBucketName, sourceKey)) return;
    if (!this.guard(ctx, 's3:PutObject', bucket.name, key)) return;
    const headerError = this.checkWriteHeaders(ctx, key);
    if (headerError) {
      this.sendS3Error(ctx, headerError);
      return;
    }
    const original = sourceBucket.objects.get(sourceKey);
    if (!original) {
      this.sendS3Error(ctx, this.noSuchKey(sourceKey));
      return;
    }
    const replace =
      ctx.headers.get('x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
    if (
      sourceBucketName === bucket.name &&
      sourceKey === key &&
      !replace &&
      !ctx.headers.has('x-amz-server-side-encryption') &&
      !ctx.headers.has('x-amz-storage-class')
    ) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidRequest',
        message:
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      });
      return;
    }
    const algorithm = parseChecksumAlgorithm(
      ctx.headers.get('x-amz-checksum-algorithm'),
    );
    const keepChecksum =
      !algorithm && original.checksum?.type === 'FULL_OBJECT';
    const newAlgorithm = algorithm ?? 'CRC64NVME';
    const template = replace
      ? this.objectTemplate(ctx, bucket.name, key)
      : {
          ...original,
          bucket: bucket.name,
          key,
          serverSideEncryption:
            ctx.headers.get('x-amz-server-side-encryption') ??
            original.serverSideEncryption,
        };
    const object: S3Object = {
      ...template,
      body: original.body,
      size: original.size,
      etag: `"${md5(original.body).toString('hex')}"`,
      lastModified: nowToTheSecond(),
      checksum: keepChecksum
        ? original.checksum
        : {
            algorithm: newAlgorithm,
            value: checksum(newAlgorithm, original.body),
            type: 'FULL_OBJECT',
          },
      partsCount: undefined,
    };
    bucket.objects.set(key, object);
    this.send(
      ctx,
      200,
      xmlDocument(
        'CopyObjectResult',
        {
          ETag: object.etag,
          LastModified: object.lastModified.toISOString(),
          ...(object.checksum && {
            ChecksumType: object.checksum.type,
            [checksumElement(object.checksum.algorithm)]: object.checksum.value,
          }),
        },
        S3_NAMESPACE,
      ),
      { 'x-amz-server-side-encryption': object.serverSideEncryption },
    );
  }

  private createMultipartUpload(ctx: Ctx, bucket: StoredBucket, key: string) {
    if (!this.guard(ctx, 's3:PutObject', bucket.name, key)) return;
    const headerError = this.checkWriteHeaders(ctx, key);
    if (headerError) {
      this.sendS3Error(ctx, headerError);
      return;
    }
    const algorithmHeader = ctx.headers.get('x-amz-checksum-algorithm');
    const algorithm = parseChecksumAlgorithm(algorithmHeader);
    if (algorithmHeader !== undefined && !algorithm) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidRequest',
        message:
          'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
      });
      return;
    }
    const typeHeader = ctx.headers.get('x-amz-checksum-type')?.toUpperCase();
    const checksumType =
      typeHeader === 'FULL_OBJECT' || algorithm === 'CRC64NVME'
        ? 'FULL_OBJECT'
        : 'COMPOSITE';
    if (
      checksumType === 'FULL_OBJECT' &&
      (algorithm === 'SHA1' || algorithm === 'SHA256')
    ) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidRequest',
        message: `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
      });
      return;
    }
    const upload: MultipartUpload = {
      id: randomBytes(48).toString('base64url'),
      bucket: bucket.name,
      key,
      initiated: new Date(),
      template: this.objectTemplate(ctx, bucket.name, key),
      checksumAlgorithm: algorithm,
      checksumType,
      parts: new Map(),
    };
    bucket.uploads.set(upload.id, upload);
    this.send(
      ctx,
      200,
      xmlDocument(
        'InitiateMultipartUploadResult',
        { Bucket: bucket.name, Key: key, UploadId: upload.id },
        S3_NAMESPACE,
      ),
      {
        'x-amz-server-side-encryption': upload.template.serverSideEncryption,
        ...(algorithm && {
          'x-amz-checksum-algorithm': algorithm,
          'x-amz-checksum-type': checksumType,
        }),
      },
    );
  }

  private findUpload(
    ctx: Ctx,
    bucket: StoredBucket,
    key: string,
  ): MultipartUpload | undefined {
    const uploadId = ctx.query.get('uploadId') ?? '';
    const upload = bucket.uploads.get(uploadId);
    if (upload && upload.key === key) return upload;
    this.sendS3Error(ctx, {
      status: 404,
      code: 'NoSuchUpload',
      message:
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      details: { UploadId: uploadId },
    });
    return undefined;
  }

  private uploadPart(ctx: Ctx, bucket: StoredBucket, key: string) {
    if (!this.guard(ctx, 's3:PutObject', bucket.name, key)) return;
    const partNumberText = ctx.query.get('partNumber')!;
    const partNumber = Number(partNumberText);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidArgument',
        message:
          'Part number must be an integer between 1 and 10000, inclusive',
        details: { ArgumentName: 'partNumber', ArgumentValue: partNumberText },
      });
      return;
    }
    const upload = this.findUpload(ctx, bucket, key);
    if (!upload) return;
    const integrity = this.verifyIntegrity(ctx, ctx.body);
    if (integrity.error) {
      this.sendS3Error(ctx, integrity.error);
      return;
    }
    const expected = upload.checksumAlgorithm;
    if (
      expected &&
      integrity.checksum &&
      integrity.checksum.algorithm !== expected
    ) {
      this.sendS3Error(ctx, {
        status: 400,
        code: 'InvalidRequest',
        message: `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${integrity.checksum.algorithm.toLowerCase()}`,
      });
      return;
    }
    const part: UploadedPart = {
      body: ctx.body,
      etag: `"${md5(ctx.body).toString('hex')}"`,
      checksum: expected && checksum(expected, ctx.body),
      lastModified: new Date(),
    };
    upload.parts.set(partNumber, part);
    this.send(ctx, 200, undefined, {
      etag: part.etag,
      'x-amz-server-side-encryption': upload.template.serverSideEncryption,
      ...(expected && { [checksumHeader(expected)]: part.checksum }),
      'content-length': 0,
    });
  }

  private completeMultipartUpload(ctx: Ctx, bucket: StoredBucket, key: string) {
    if (!this.guard(ctx, 's3:PutObject', bucket.name, key)) return;
    const upload = this.findUpload(ctx, bucket, key);
    if (!upload) return;
    const xml = ctx.body.toString('utf8');
    const malformed = () =>
      this.sendS3Error(ctx, {
        status: 400,
        code: 'MalformedXML',
        message:
          'The XML you provided was not well-formed or did not validate against our published schema',
      });
    if (!hasRoot(xml, 'CompleteMultipartUpload')) {
      malformed();
      return;
    }
    const algorithm = upload.checksumAlgorithm;
    const listed = elements(xml, 'Part').map(part => ({
      number: Number(firstText(part, 'PartNumber')?.trim()),
      etag: unquote(firstText(part, 'ETag') ?? ''),
      checksum: algorithm
        ? firstText(part, checksumElement(algorithm))?.trim()
        : undefined,
    }));
    if (listed.length === 0 || listed.some(p => !Number.isInteger(p.number))) {
      malformed();
      return;
    }
    for (let i = 1; i < listed.length; i++) {
      if (listed[i].number <= listed[i - 1].number) {
        this.sendS3Error(ctx, {
          status: 400,
          code: 'InvalidPartOrder',
          message:
            'The list of parts was not in ascending order. Parts must be ordered by part number.',
          details: { UploadId: upload.id },
        });
        return;
      }
    }
    const parts: UploadedPart[] = [];
    for (const [index, entry] of listed.entries()) {
      const part = upload.parts.get(entry.number);
      if (!part || unquote(part.etag) !== entry.etag) {
        this.sendS3Error(ctx, {
          status: 400,
          code: 'InvalidPart',
          message:
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          details: {
            UploadId: upload.id,
            PartNumber: String(entry.number),
            ETag: entry.etag,
          },
        });
        return;
      }
      if (algorithm && upload.checksumType === 'COMPOSITE') {
        if (!entry.checksum) {
          this.sendS3Error(ctx, {
            status: 400,
            code: 'InvalidRequest',
            message: `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${
              entry.number
            } in the request.`,
          });
          return;
        }
        if (entry.checksum !== part.checksum) {
          this.sendS3Error(ctx, {
            status: 400,
            code: 'InvalidPart',
            message: `The ${algorithm.toLowerCase()} you specified for part ${
              entry.number
            } did not match what we received.`,
            details: { UploadId: upload.id, PartNumber: String(entry.number) },
          });
          return;
        }
      }
      if (index < listed.length - 1 && part.body.length < MIN_PART_SIZE) {
        this.sendS3Error(ctx, {
          status: 400,
          code: 'EntityTooSmall',
          message:
            'Your proposed upload is smaller than the minimum allowed object size.',
          details: {
            ProposedSize: String(part.body.length),
            MinSizeAllowed: String(MIN_PART_SIZE),
            PartNumber: String(entry.number),
            ETag: part.etag,
          },
        });
        return;
      }
      parts.push(part);
    }
    const body = Buffer.concat(parts.map(p => p.body));
    const etag = `"${md5(
      Buffer.concat(parts.map(p => Buffer.from(unquote(p.etag), 'hex'))),
    ).toString('hex')}-${parts.length}"`;
    let objectChecksum: S3ObjectChecksum;
    if (!algorithm) {
      objectChecksum = {
        algorithm: 'CRC64NVME',
        value: checksum('CRC64NVME', body),
        type: 'FULL_OBJECT',
      };
    } else if (upload.checksumType === 'FULL_OBJECT') {
      objectChecksum = {
        algorithm,
        value: checksum(algorithm, body),
        type: 'FULL_OBJECT',
      };
    } else {
      const combined = digest(
        algorithm,
        Buffer.concat(parts.map(p => Buffer.from(p.checksum!, 'base64'))),
      );
      objectChecksum = {
        algorithm,
        value: `${combined.toString('base64')}-${parts.length}`,
        type: 'COMPOSITE',
      };
    }
    const object: S3Object = {
      ...upload.template,
      body,
      size: body.length,
      etag,
      lastModified: nowToTheSecond(),
      checksum: objectChecksum,
      partsCount: parts.length,
    };
    bucket.objects.set(key, object);
    bucket.uploads.delete(upload.id);
    this.send(
      ctx,
      200,
      xmlDocument(
        'CompleteMultipartUploadResult',
        {
          Location: `${this.url}/${bucket.name}/${uriEncode(key, false)}`,
          Bucket: bucket.name,
          Key: key,
          ETag: etag,
          ...(algorithm && {
            [checksumElement(algorithm)]: objectChecksum.value,
            ChecksumType: objectChecksum.type,
          }),
        },
        S3_NAMESPACE,
      ),
      { 'x-amz-server-side-encryption': object.serverSideEncryption },
    );
  }

  private abortMultipartUpload(ctx: Ctx, bucket: StoredBucket, key: string) {
    if (!this.guard(ctx, 's3:AbortMultipartUpload', bucket.name, key)) return;
    const upload = this.findUpload(ctx, bucket, key);
    if (!upload) return;
    bucket.uploads.delete(upload.id);
    this.send(ctx, 204, undefined);
  }

  // --- STS ------------------------------------------------------------------

  private sendStsError(
    ctx: Ctx,
    status: number,
    code: string,
    message: string,
  ) {
    ctx.record.errorCode = code;
    const body = xmlDocument(
      'ErrorResponse',
      {
        Error: {
          Type: status >= 500 ? 'Receiver' : 'Sender',
          Code: code,
          Message: message,
        },
        RequestId: ctx.requestId,
      },
      STS_NAMESPACE,
    );
    ctx.res.writeHead(status, {
      'x-amzn-requestid': ctx.requestId,
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
    });
    ctx.res.end(body);
  }

  private stsAuthError(ctx: Ctx, failure: AuthFailure) {
    const signatureMessage =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    const map: Record<AuthFailure['kind'], [number, string, string]> = {
      missing: [
        403,
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
      ],
      unsupported: [
        400,
        'IncompleteSignature',
        'Unsupported authorization type',
      ],
      malformed: [400, 'IncompleteSignature', failure.message ?? ''],
      wrongRegion: [
        403,
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region. `,
      ],
      wrongService: [
        403,
        'SignatureDoesNotMatch',
        "Credential should be scoped to correct service: 'sts'. ",
      ],
      unknownKey: [
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      ],
      badToken: [
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      ],
      expiredToken: [
        403,
        'ExpiredToken',
        'The security token included in the request is expired',
      ],
      skew: [
        403,
        'SignatureDoesNotMatch',
        `Signature expired: ${failure.details?.RequestTime} is now earlier than the allowed time window.`,
      ],
      presignExpired: [403, 'SignatureDoesNotMatch', 'Signature expired'],
      headersNotSigned: [403, 'SignatureDoesNotMatch', signatureMessage],
      signature: [403, 'SignatureDoesNotMatch', signatureMessage],
      payload: [400, 'InvalidRequest', failure.message ?? ''],
    };
    const [status, code, message] = map[failure.kind];
    this.sendStsError(ctx, status, code, message);
  }

  private handleSts(ctx: Ctx) {
    const contentType = ctx.headers.get('content-type') ?? '';
    const form = new URLSearchParams(
      contentType.startsWith('application/x-www-form-urlencoded')
        ? ctx.body.toString('utf8')
        : '',
    );
    const action = form.get('Action') ?? '';
    ctx.record.operation = action || 'Unknown';
    const auth = this.authenticate(ctx, 'sts');
    if (!('accessKeyId' in auth)) {
      this.stsAuthError(ctx, auth);
      return;
    }
    const failure = this.takeFailure(ctx.method, '/');
    if (failure) {
      this.sendStsError(
        ctx,
        failure.status,
        failure.code ??
          (failure.status >= 500 ? 'InternalFailure' : 'Throttling'),
        failure.message ?? 'Rate exceeded',
      );
      return;
    }
    const version = form.get('Version');
    if (action === 'GetCallerIdentity' && version === '2011-06-15') {
      this.getCallerIdentity(ctx);
      return;
    }
    if (action === 'AssumeRole' && version === '2011-06-15') {
      this.assumeRole(ctx, form);
      return;
    }
    this.sendStsError(
      ctx,
      400,
      'InvalidAction',
      `Could not find operation ${action} for version ${
        version ?? 'NO_VERSION_SPECIFIED'
      }`,
    );
  }

  private getCallerIdentity(ctx: Ctx) {
    const principal = ctx.principal!;
    const account = principal.roleArn
      ? roleAccount(principal.roleArn)
      : this.accountId;
    this.sendStsResult(ctx, 'GetCallerIdentity', {
      Arn: principal.arn,
      UserId: principal.userId,
      Account: account,
    });
  }

  private sendStsResult(ctx: Ctx, action: string, result: XmlNode) {
    const body = xmlDocument(
      `${action}Response`,
      {
        [`${action}Result`]: result,
        ResponseMetadata: { RequestId: ctx.requestId },
      },
      STS_NAMESPACE,
    );
    ctx.res.writeHead(200, {
      'x-amzn-requestid': ctx.requestId,
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
    });
    ctx.res.end(body);
  }

  private assumeRole(ctx: Ctx, form: URLSearchParams) {
    const principal = ctx.principal!;
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    ctx.record.roleArn = roleArn;
    ctx.record.roleSessionName = sessionName;
    const validation = (message: string) =>
      this.sendStsError(ctx, 400, 'ValidationError', message);
    if (roleArn.length < 20) {
      validation(
        `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
      );
      return;
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      validation(
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
      return;
    }
    const role = this.roles.get(roleArn);
    const mayAssume = principal.canAssume.some(
      arn => arn === '*' || arn === roleArn,
    );
    if (!role || !mayAssume) {
      this.sendStsError(
        ctx,
        403,
        'AccessDenied',
        `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      return;
    }
    if (
      role.externalId !== undefined &&
      form.get('ExternalId') !== role.externalId
    ) {
      this.sendStsError(
        ctx,
        403,
        'AccessDenied',
        `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      return;
    }
    const chained = principal.roleArn !== undefined;
    const maxDuration = chained ? 3600 : role.maxSessionDurationSeconds ?? 3600;
    const durationText = form.get('DurationSeconds');
    const duration = durationText === null ? 3600 : Number(durationText);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      validation(
        `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${
          duration < 900
            ? 'greater than or equal to 900'
            : 'less than or equal to 43200'
        }`,
      );
      return;
    }
    if (duration > maxDuration) {
      validation(
        chained
          ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
          : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
      return;
    }
    const session: S3Session = {
      accessKeyId: randomId('ASIA', 16),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(300).toString('base64')}`,
      roleArn,
      sessionName,
      arn: `arn:aws:sts::${roleAccount(roleArn)}:assumed-role/${roleName(
        roleArn,
      )}/${sessionName}`,
      expiration: new Date(
        Math.floor(Date.now() / 1000) * 1000 + duration * 1000,
      ),
      issuedTo: principal.arn,
    };
    this.issued.set(session.accessKeyId, session);
    this.sendStsResult(ctx, 'AssumeRole', {
      AssumedRoleUser: {
        AssumedRoleId: `${role.roleId}:${sessionName}`,
        Arn: session.arn,
      },
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: isoSeconds(session.expiration),
      },
      SourceIdentity: form.get('SourceIdentity') ?? undefined,
    });
  }
}
