import express from 'express';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import { S3Context, S3RecordedRequest, S3Server, sendS3Error } from './context';
import {
  S3Model,
  S3Object,
  S3RolePolicy,
  S3Session,
  S3UserPolicy,
} from './model';
import { s3App } from './router';
import { sendStsError } from './sts';
import { XmlNode } from './xml';

export type { S3RecordedRequest } from './context';
export type {
  S3Action,
  S3Grant,
  S3Object,
  S3ObjectChecksum,
  S3RolePolicy,
  S3Session,
  S3UserPolicy,
} from './model';

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

/**
 * What an injected failure says instead of the defaults for its status: the
 * S3 (or STS) error code and message (a string: the message).
 */
export type S3InjectedError = { code?: string; message?: string };

const DEFAULT_ADMIN_KEY = 'SANDBOXADMINKEY';
const DEFAULT_ADMIN_SECRET = 'sandbox-secret-access-key';
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
 *
 * Where it lives: `router.ts` reads, records and dispatches requests,
 * `auth.ts`/`sigv4.ts`/`awsChunked.ts` verify signatures, `iam.ts` decides
 * who calls and what they may do, `buckets.ts`, `objects.ts`, `writes.ts`
 * and `multipart.ts` are the S3 operations, `sts.ts` is STS, `model.ts`
 * the state.
 *
 * Injected failures (`failNext`) match decoded paths (`/bucket/key`, `/`
 * for STS) and answer S3's `<Error>` (STS's `<ErrorResponse>`) with the
 * code and message for their status, unless the failure gives them.
 */
export class S3StandIn extends FaultInjectingStandIn<string | S3InjectedError> {
  private readonly model: S3Model;
  /** Every request received, in order. */
  readonly requests: S3RecordedRequest[] = [];

  private constructor(
    region: string,
    accountId: string,
    private readonly maxSkewMs: number,
  ) {
    super();
    this.model = new S3Model(region, accountId);
  }

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
    await instance.listen(s3App(instance.handlerContext()), options.port);
    return instance;
  }

  /** The region requests are signed for. */
  get region(): string {
    return this.model.region;
  }

  /** The account of the users' ARNs. */
  get accountId(): string {
    return this.model.accountId;
  }

  createBucket(name: string): void {
    this.model.createBucket(name);
  }

  /** Stores an object directly (no request, no authorisation). */
  putObject(
    bucket: string,
    key: string,
    body: string | Buffer,
    options: { contentType?: string; metadata?: Record<string, string> } = {},
  ): S3Object {
    return this.model.putObject(bucket, key, body, options);
  }

  /** The objects of a bucket, by key, optionally below a prefix. */
  objects(bucket: string, prefix = ''): S3Object[] {
    return this.model.objects(bucket, prefix);
  }

  getObject(bucket: string, key: string): S3Object | undefined {
    return this.model.getObject(bucket, key);
  }

  /** Adds (or replaces) an IAM user with an access key. */
  addUser(
    accessKeyId: string,
    secretAccessKey: string,
    policy: S3UserPolicy = {},
  ): void {
    this.model.addUser(accessKeyId, secretAccessKey, policy);
  }

  /** Adds (or replaces) a role that users may assume. */
  addRole(roleArn: string, policy: S3RolePolicy): void {
    this.model.addRole(roleArn, policy);
  }

  /** The temporary credentials AssumeRole issued, oldest first. */
  sessions(): S3Session[] {
    return this.model.sessions();
  }

  /** Lets every issued session expire now (`ExpiredToken` from then on). */
  expireSessions(): void {
    this.model.expireSessions();
  }

  /** S3's `<Error>`, or STS's `<ErrorResponse>` for `POST /`. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure<string | S3InjectedError>,
  ): void {
    const ctx: S3Context = res.locals.s3;
    const given =
      typeof failure.message === 'string'
        ? { message: failure.message }
        : failure.message ?? {};
    if (ctx.record.service === 'sts') {
      sendStsError(
        ctx,
        failure.status,
        given.code ??
          (failure.status >= 500 ? 'InternalFailure' : 'Throttling'),
        given.message ?? 'Rate exceeded',
      );
      return;
    }
    const [defaultCode, defaultMessage] = DEFAULT_ERRORS[failure.status] ?? [
      'InternalError',
      'We encountered an internal error. Please try again.',
    ];
    const code = given.code ?? defaultCode;
    const details: XmlNode = {};
    if (code === 'NoSuchKey') details.Key = ctx.record.key ?? '';
    if (code === 'NoSuchBucket') details.BucketName = ctx.record.bucket ?? '';
    sendS3Error(ctx, {
      status: failure.status,
      code,
      message: given.message ?? defaultMessage,
      details,
    });
  }

  /** What the request handlers need of the stand-in. */
  private handlerContext(): S3Server {
    // the address is known only once the server listens
    const url = () => this.url;
    return {
      model: this.model,
      get url() {
        return url();
      },
      maxSkewMs: this.maxSkewMs,
      record: request => this.requests.push(request),
      faults: this.injectedFaults(),
    };
  }
}
