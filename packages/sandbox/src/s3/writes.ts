import {
  checksum,
  ChecksumAlgorithm,
  checksumHeader,
  CHECKSUM_ALGORITHMS,
  isWellFormedChecksum,
  md5,
} from './checksums';
import { S3Context, S3Error } from './context';
import { MultipartUpload } from './model';

/*
 * What every write checks and stores: Content-MD5 and x-amz-checksum-*,
 * server-side encryption and key length, and the object's headers and
 * metadata (PutObject, CopyObject with REPLACE, CreateMultipartUpload,
 * UploadPart).
 */

const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const STORED_HEADERS = [
  ['cache-control', 'cacheControl'],
  ['content-disposition', 'contentDisposition'],
  ['content-encoding', 'contentEncoding'],
  ['content-language', 'contentLanguage'],
  ['expires', 'expires'],
] as const;

/** Verifies Content-MD5 and x-amz-checksum-* (headers or trailers). */
export function verifyIntegrity(
  ctx: S3Context,
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
export function objectTemplate(ctx: S3Context, bucket: string, key: string) {
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

export function checkWriteHeaders(
  ctx: S3Context,
  key: string,
): S3Error | undefined {
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
