import { randomBytes } from 'node:crypto';
import { checksum, ChecksumAlgorithm, md5 } from './checksums';

/*
 * The S3 stand-in's state: buckets with their objects and multipart
 * uploads, IAM users and roles, and the temporary credentials STS issued.
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

export type StoredBucket = {
  name: string;
  created: Date;
  objects: Map<string, S3Object>;
  uploads: Map<string, MultipartUpload>;
};

export type UploadedPart = {
  body: Buffer;
  etag: string;
  checksum?: string;
  lastModified: Date;
};

export type MultipartUpload = {
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

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nowToTheSecond(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function randomId(prefix: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return (
    prefix +
    [...randomBytes(length)].map(b => alphabet[b % alphabet.length]).join('')
  );
}

export function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '');
}

/** Buckets, objects, users, roles and sessions, in memory. */
export class S3Model {
  readonly buckets = new Map<string, StoredBucket>();
  readonly users = new Map<string, StoredUser>();
  readonly roles = new Map<string, StoredRole>();
  readonly issued = new Map<string, S3Session>();

  constructor(
    /** The region requests are signed for. */
    readonly region: string,
    /** The account of the users' ARNs. */
    readonly accountId: string,
  ) {}

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
}
