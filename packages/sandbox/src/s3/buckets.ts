import { S3Context, S3Server, send, sendS3Error } from './context';
import { accessDenied, actionAllowed, bucketAllowed, guard } from './iam';
import { compareKeys, StoredBucket } from './model';
import { uriEncode } from './sigv4';
import {
  firstText,
  S3_NAMESPACE,
  XML_DECLARATION,
  xmlDocument,
  XmlNode,
} from './xml';

/*
 * Bucket operations: ListBuckets, CreateBucket, HeadBucket,
 * GetBucketLocation, DeleteBucket and ListObjectsV2.
 */

const MAX_KEYS = 1000;

export function listBuckets(s3: S3Server, ctx: S3Context) {
  if (!actionAllowed(ctx.principal?.grant, 's3:ListAllMyBuckets')) {
    sendS3Error(ctx, accessDenied(ctx, 's3:ListAllMyBuckets', '*')!);
    return;
  }
  const buckets = [...s3.model.buckets.values()]
    .filter(b => bucketAllowed(ctx.principal?.grant, b.name))
    .sort((a, b) => compareKeys(a.name, b.name));
  send(
    ctx,
    200,
    xmlDocument(
      'ListAllMyBucketsResult',
      {
        Owner: { ID: s3.model.accountId },
        Buckets: {
          Bucket: buckets.map(b => ({
            Name: b.name,
            CreationDate: b.created.toISOString(),
            BucketRegion: s3.model.region,
          })),
        },
      },
      S3_NAMESPACE,
    ),
  );
}

export function createBucketOp(s3: S3Server, ctx: S3Context, name: string) {
  if (!guard(ctx, 's3:CreateBucket', name)) return;
  if (
    !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ||
    name.includes('..') ||
    /^\d+\.\d+\.\d+\.\d+$/.test(name)
  ) {
    sendS3Error(ctx, {
      status: 400,
      code: 'InvalidBucketName',
      message: 'The specified bucket is not valid.',
      details: { BucketName: name },
    });
    return;
  }
  const constraint = firstText(ctx.body.toString('utf8'), 'LocationConstraint');
  const expected =
    s3.model.region === 'us-east-1' ? undefined : s3.model.region;
  if ((constraint || undefined) !== expected) {
    sendS3Error(ctx, {
      status: 400,
      code: 'InvalidLocationConstraint',
      message: 'The specified location-constraint is not valid',
      details: { LocationConstraint: constraint ?? '' },
    });
    return;
  }
  if (s3.model.buckets.has(name) && s3.model.region !== 'us-east-1') {
    sendS3Error(ctx, {
      status: 409,
      code: 'BucketAlreadyOwnedByYou',
      message:
        'Your previous request to create the named bucket succeeded and you already own it.',
      details: { BucketName: name },
    });
    return;
  }
  s3.model.createBucket(name);
  send(ctx, 200, undefined, {
    location: `/${name}`,
    'content-length': 0,
  });
}

export function headBucket(s3: S3Server, ctx: S3Context, bucket: StoredBucket) {
  if (!guard(ctx, 's3:ListBucket', bucket.name)) return;
  send(ctx, 200, undefined, {
    'x-amz-bucket-region': s3.model.region,
    'x-amz-access-point-alias': 'false',
    'content-type': 'application/xml',
  });
}

export function getBucketLocation(
  s3: S3Server,
  ctx: S3Context,
  bucket: StoredBucket,
) {
  if (!guard(ctx, 's3:GetBucketLocation', bucket.name)) return;
  const location = s3.model.region === 'us-east-1' ? '' : s3.model.region;
  send(
    ctx,
    200,
    `${XML_DECLARATION}<LocationConstraint xmlns="${S3_NAMESPACE}">${location}</LocationConstraint>`,
  );
}

export function deleteBucket(
  s3: S3Server,
  ctx: S3Context,
  bucket: StoredBucket,
) {
  if (!guard(ctx, 's3:DeleteBucket', bucket.name)) return;
  if (bucket.objects.size > 0) {
    sendS3Error(ctx, {
      status: 409,
      code: 'BucketNotEmpty',
      message: 'The bucket you tried to delete is not empty',
      details: { BucketName: bucket.name },
    });
    return;
  }
  s3.model.buckets.delete(bucket.name);
  send(ctx, 204, undefined);
}

export function listObjectsV2(
  s3: S3Server,
  ctx: S3Context,
  bucket: StoredBucket,
) {
  if (!guard(ctx, 's3:ListBucket', bucket.name)) return;
  const q = ctx.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const encodingType = q.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    sendS3Error(ctx, {
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
    sendS3Error(ctx, {
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
      sendS3Error(ctx, {
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
          Owner: fetchOwner ? { ID: s3.model.accountId } : undefined,
          StorageClass: 'STANDARD',
        };
      }),
    CommonPrefixes: items
      .filter(i => i.prefix)
      .map(i => ({ Prefix: enc(i.value) })),
  };
  send(ctx, 200, xmlDocument('ListBucketResult', body, S3_NAMESPACE));
}
