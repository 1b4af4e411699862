import {
  checksum,
  checksumElement,
  checksumHeader,
  CHECKSUM_ALGORITHMS,
  md5,
  parseChecksumAlgorithm,
} from './checksums';
import {
  decodeSegment,
  noSuchKey,
  S3Context,
  S3Server,
  send,
  sendS3Error,
} from './context';
import { accessDenied, guard } from './iam';
import { nowToTheSecond, S3Object, StoredBucket, unquote } from './model';
import { checkWriteHeaders, objectTemplate, verifyIntegrity } from './writes';
import {
  elements,
  firstText,
  hasRoot,
  S3_NAMESPACE,
  xmlDocument,
  XmlNode,
} from './xml';

/*
 * Object operations: PutObject, GetObject and HeadObject (ranges,
 * conditions, response-* overrides), DeleteObject, DeleteObjects and
 * CopyObject.
 */

export function putObjectOp(ctx: S3Context, bucket: StoredBucket, key: string) {
  if (!guard(ctx, 's3:PutObject', bucket.name, key)) return;
  const headerError = checkWriteHeaders(ctx, key);
  if (headerError) {
    sendS3Error(ctx, headerError);
    return;
  }
  const existing = bucket.objects.get(key);
  const ifNoneMatch = ctx.headers.get('if-none-match');
  const ifMatch = ctx.headers.get('if-match');
  if (ifNoneMatch === '*' && existing) {
    sendS3Error(ctx, {
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
      details: { Condition: 'If-None-Match' },
    });
    return;
  }
  if (ifMatch !== undefined) {
    if (!existing) {
      sendS3Error(ctx, noSuchKey(key));
      return;
    }
    if (unquote(ifMatch) !== unquote(existing.etag)) {
      sendS3Error(ctx, {
        status: 412,
        code: 'PreconditionFailed',
        message:
          'At least one of the pre-conditions you specified did not hold',
        details: { Condition: 'If-Match' },
      });
      return;
    }
  }
  const integrity = verifyIntegrity(ctx, ctx.body);
  if (integrity.error) {
    sendS3Error(ctx, integrity.error);
    return;
  }
  const object: S3Object = {
    ...objectTemplate(ctx, bucket.name, key),
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
  send(ctx, 200, undefined, {
    etag: object.etag,
    'x-amz-server-side-encryption': object.serverSideEncryption,
    ...(integrity.checksum && {
      [checksumHeader(integrity.checksum.algorithm)]: integrity.checksum.value,
      'x-amz-checksum-type': 'FULL_OBJECT',
    }),
    'content-length': 0,
  });
}

function objectHeaders(
  ctx: S3Context,
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
    headers[checksumHeader(object.checksum.algorithm)] = object.checksum.value;
    headers['x-amz-checksum-type'] = object.checksum.type;
  }
  return headers;
}

export function getObjectOp(ctx: S3Context, bucket: StoredBucket, key: string) {
  const denied = accessDenied(ctx, 's3:GetObject', bucket.name, key);
  if (denied) {
    sendS3Error(ctx, denied);
    return;
  }
  const object = bucket.objects.get(key);
  if (!object) {
    // S3 only says whether a key exists to callers who may list the bucket
    const listDenied = accessDenied(ctx, 's3:ListBucket', bucket.name);
    sendS3Error(
      ctx,
      listDenied
        ? {
            status: 403,
            code: 'AccessDenied',
            message: 'Access Denied',
          }
        : noSuchKey(key),
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
    sendS3Error(ctx, {
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
      details: { Condition: 'If-Match' },
    });
    return;
  }
  if (
    ifMatch === undefined &&
    ifUnmodifiedSince !== undefined &&
    modifiedAfter(ifUnmodifiedSince)
  ) {
    sendS3Error(ctx, {
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
      details: { Condition: 'If-Unmodified-Since' },
    });
    return;
  }
  const notModified =
    ifNoneMatch !== undefined
      ? etagListHas(ifNoneMatch)
      : ifModifiedSince !== undefined && !modifiedAfter(ifModifiedSince);
  if (notModified) {
    send(ctx, 304, undefined, {
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
      sendS3Error(ctx, {
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
    send(ctx, 206, slice, {
      ...objectHeaders(ctx, object, false),
      'content-range': `bytes ${start}-${end}/${object.size}`,
      'content-length': slice.length,
    });
    return;
  }
  send(ctx, 200, object.body, {
    ...objectHeaders(ctx, object, true),
    'content-length': object.size,
  });
}

export function deleteObject(
  ctx: S3Context,
  bucket: StoredBucket,
  key: string,
) {
  if (!guard(ctx, 's3:DeleteObject', bucket.name, key)) return;
  bucket.objects.delete(key);
  send(ctx, 204, undefined);
}

export function deleteObjects(ctx: S3Context, bucket: StoredBucket) {
  const hasChecksum =
    ctx.headers.has('content-md5') ||
    CHECKSUM_ALGORITHMS.some(
      a =>
        ctx.headers.has(checksumHeader(a)) ||
        ctx.trailers.has(checksumHeader(a)),
    );
  if (!hasChecksum) {
    sendS3Error(ctx, {
      status: 400,
      code: 'InvalidRequest',
      message: 'Missing required header for this request: Content-MD5',
    });
    return;
  }
  const integrity = verifyIntegrity(ctx, ctx.body);
  if (integrity.error) {
    sendS3Error(ctx, integrity.error);
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
    sendS3Error(ctx, {
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
    const denied = accessDenied(ctx, 's3:DeleteObject', bucket.name, key);
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
  send(
    ctx,
    200,
    xmlDocument(
      'DeleteResult',
      { Deleted: deleted, Error: errors },
      S3_NAMESPACE,
    ),
  );
}

export function copyObject(
  s3: S3Server,
  ctx: S3Context,
  bucket: StoredBucket,
  key: string,
) {
  const source = ctx.headers.get('x-amz-copy-source')!;
  const [sourcePath, sourceQuery] = source.replace(/^\//, '').split('?');
  const slash = sourcePath.indexOf('/');
  if (slash <= 0 || (sourceQuery && !sourceQuery.startsWith('versionId='))) {
    sendS3Error(ctx, {
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
  const sourceBucket = s3.model.buckets.get(sourceBucketName);
  if (!sourceBucket) {
    sendS3Error(ctx, {
      status: 404,
      code: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
      details: { BucketName: sourceBucketName },
    });
    return;
  }
  if (!guard(ctx, 's3:GetObject', sourceBucketName, sourceKey)) return;
  if (!guard(ctx, 's3:PutObject', bucket.name, key)) return;
  const headerError = checkWriteHeaders(ctx, key);
  if (headerError) {
    sendS3Error(ctx, headerError);
    return;
  }
  const original = sourceBucket.objects.get(sourceKey);
  if (!original) {
    sendS3Error(ctx, noSuchKey(sourceKey));
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
    sendS3Error(ctx, {
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
  const keepChecksum = !algorithm && original.checksum?.type === 'FULL_OBJECT';
  const newAlgorithm = algorithm ?? 'CRC64NVME';
  const template = replace
    ? objectTemplate(ctx, bucket.name, key)
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
  send(
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
