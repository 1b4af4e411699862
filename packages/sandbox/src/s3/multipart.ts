import { randomBytes } from 'node:crypto';
import {
  checksum,
  checksumElement,
  checksumHeader,
  digest,
  md5,
  parseChecksumAlgorithm,
} from './checksums';
import { S3Context, S3Server, send, sendS3Error } from './context';
import { guard } from './iam';
import {
  MultipartUpload,
  nowToTheSecond,
  S3Object,
  S3ObjectChecksum,
  StoredBucket,
  unquote,
  UploadedPart,
} from './model';
import { uriEncode } from './sigv4';
import { checkWriteHeaders, objectTemplate, verifyIntegrity } from './writes';
import { elements, firstText, hasRoot, S3_NAMESPACE, xmlDocument } from './xml';

/*
 * Multipart uploads: CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload (part order, sizes, ETags, composite and
 * full-object checksums) and AbortMultipartUpload.
 */

const MIN_PART_SIZE = 5 * 1024 * 1024;

export function createMultipartUpload(
  ctx: S3Context,
  bucket: StoredBucket,
  key: string,
) {
  if (!guard(ctx, 's3:PutObject', bucket.name, key)) return;
  const headerError = checkWriteHeaders(ctx, key);
  if (headerError) {
    sendS3Error(ctx, headerError);
    return;
  }
  const algorithmHeader = ctx.headers.get('x-amz-checksum-algorithm');
  const algorithm = parseChecksumAlgorithm(algorithmHeader);
  if (algorithmHeader !== undefined && !algorithm) {
    sendS3Error(ctx, {
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
    sendS3Error(ctx, {
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
    template: objectTemplate(ctx, bucket.name, key),
    checksumAlgorithm: algorithm,
    checksumType,
    parts: new Map(),
  };
  bucket.uploads.set(upload.id, upload);
  send(
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

function findUpload(
  ctx: S3Context,
  bucket: StoredBucket,
  key: string,
): MultipartUpload | undefined {
  const uploadId = ctx.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (upload && upload.key === key) return upload;
  sendS3Error(ctx, {
    status: 404,
    code: 'NoSuchUpload',
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    details: { UploadId: uploadId },
  });
  return undefined;
}

export function uploadPart(ctx: S3Context, bucket: StoredBucket, key: string) {
  if (!guard(ctx, 's3:PutObject', bucket.name, key)) return;
  const partNumberText = ctx.query.get('partNumber')!;
  const partNumber = Number(partNumberText);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    sendS3Error(ctx, {
      status: 400,
      code: 'InvalidArgument',
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      details: { ArgumentName: 'partNumber', ArgumentValue: partNumberText },
    });
    return;
  }
  const upload = findUpload(ctx, bucket, key);
  if (!upload) return;
  const integrity = verifyIntegrity(ctx, ctx.body);
  if (integrity.error) {
    sendS3Error(ctx, integrity.error);
    return;
  }
  const expected = upload.checksumAlgorithm;
  if (
    expected &&
    integrity.checksum &&
    integrity.checksum.algorithm !== expected
  ) {
    sendS3Error(ctx, {
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
  send(ctx, 200, undefined, {
    etag: part.etag,
    'x-amz-server-side-encryption': upload.template.serverSideEncryption,
    ...(expected && { [checksumHeader(expected)]: part.checksum }),
    'content-length': 0,
  });
}

export function completeMultipartUpload(
  s3: S3Server,
  ctx: S3Context,
  bucket: StoredBucket,
  key: string,
) {
  if (!guard(ctx, 's3:PutObject', bucket.name, key)) return;
  const upload = findUpload(ctx, bucket, key);
  if (!upload) return;
  const xml = ctx.body.toString('utf8');
  const malformed = () =>
    sendS3Error(ctx, {
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
      sendS3Error(ctx, {
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
      sendS3Error(ctx, {
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
        sendS3Error(ctx, {
          status: 400,
          code: 'InvalidRequest',
          message: `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${
            entry.number
          } in the request.`,
        });
        return;
      }
      if (entry.checksum !== part.checksum) {
        sendS3Error(ctx, {
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
      sendS3Error(ctx, {
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
  send(
    ctx,
    200,
    xmlDocument(
      'CompleteMultipartUploadResult',
      {
        Location: `${s3.url}/${bucket.name}/${uriEncode(key, false)}`,
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

export function abortMultipartUpload(
  ctx: S3Context,
  bucket: StoredBucket,
  key: string,
) {
  if (!guard(ctx, 's3:AbortMultipartUpload', bucket.name, key)) return;
  const upload = findUpload(ctx, bucket, key);
  if (!upload) return;
  bucket.uploads.delete(upload.id);
  send(ctx, 204, undefined);
}
