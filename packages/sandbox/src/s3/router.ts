import express from 'express';
import { randomBytes } from 'node:crypto';
import {
  createBucketOp,
  deleteBucket,
  getBucketLocation,
  headBucket,
  listBuckets,
  listObjectsV2,
} from './buckets';
import {
  decodeSegment,
  S3Context,
  S3RecordedRequest,
  S3Server,
  sendS3Error,
} from './context';
import { authenticate, s3AuthError } from './iam';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
} from './multipart';
import {
  copyObject,
  deleteObject,
  deleteObjects,
  getObjectOp,
  putObjectOp,
} from './objects';
import { headerMap } from './sigv4';
import { handleSts } from './sts';
import { XML_DECLARATION } from './xml';

/*
 * Routing: every request is read whole, recorded, and dispatched to STS
 * (`POST /`) or to the S3 operation its method, path and query name.
 */

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

/** The stand-in's HTTP app. */
export function s3App(s3: S3Server): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req, res) => {
    handle(s3, req, res).catch(error => {
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
  return app;
}

async function handle(
  s3: S3Server,
  req: express.Request,
  res: express.Response,
) {
  await s3.faults.latency();
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
  s3.record(record);
  res.on('finish', () => {
    record.status = res.statusCode;
  });
  const ctx: S3Context = {
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
  res.locals.s3 = ctx;
  if (isSts) {
    handleSts(s3, ctx);
    return;
  }
  handleS3(s3, ctx, decodedPath);
}

function operationOf(ctx: S3Context, bucket: string, key: string): string {
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
  if (m === 'PUT' && ctx.headers.has('x-amz-copy-source')) return 'CopyObject';
  if (m === 'PUT') return 'PutObject';
  if (m === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (m === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (m === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (m === 'DELETE') return 'DeleteObject';
  return 'Unknown';
}

function handleS3(s3: S3Server, ctx: S3Context, decodedPath: string) {
  const trimmed = decodedPath.replace(/^\//, '');
  const slash = trimmed.indexOf('/');
  const bucket = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const key = slash < 0 ? '' : trimmed.slice(slash + 1);
  const operation = operationOf(ctx, bucket, key);
  Object.assign(ctx.record, {
    operation,
    ...(bucket && { bucket }),
    ...(key && { key }),
  });

  const auth = authenticate(s3, ctx, 's3');
  if (!('accessKeyId' in auth)) {
    sendS3Error(ctx, s3AuthError(s3, auth));
    return;
  }
  if (s3.faults.answerFailure(ctx.req, ctx.res, decodedPath)) return;

  if (operation === 'ListBuckets') {
    listBuckets(s3, ctx);
    return;
  }
  if (operation === 'NotImplemented') {
    sendS3Error(ctx, {
      status: 501,
      code: 'NotImplemented',
      message:
        'A header you provided implies functionality that is not implemented.',
    });
    return;
  }
  if (operation === 'Unknown') {
    sendS3Error(ctx, {
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
    createBucketOp(s3, ctx, bucket);
    return;
  }
  const stored = s3.model.buckets.get(bucket);
  if (!stored) {
    sendS3Error(ctx, {
      status: 404,
      code: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
      details: { BucketName: bucket },
    });
    return;
  }
  const handlers: Record<string, () => void> = {
    HeadBucket: () => headBucket(s3, ctx, stored),
    ListObjectsV2: () => listObjectsV2(s3, ctx, stored),
    GetBucketLocation: () => getBucketLocation(s3, ctx, stored),
    DeleteBucket: () => deleteBucket(s3, ctx, stored),
    DeleteObjects: () => deleteObjects(ctx, stored),
    GetObject: () => getObjectOp(ctx, stored, key),
    HeadObject: () => getObjectOp(ctx, stored, key),
    PutObject: () => putObjectOp(ctx, stored, key),
    CopyObject: () => copyObject(s3, ctx, stored, key),
    DeleteObject: () => deleteObject(ctx, stored, key),
    CreateMultipartUpload: () => createMultipartUpload(ctx, stored, key),
    UploadPart: () => uploadPart(ctx, stored, key),
    CompleteMultipartUpload: () =>
      completeMultipartUpload(s3, ctx, stored, key),
    AbortMultipartUpload: () => abortMultipartUpload(ctx, stored, key),
  };
  handlers[operation]();
}
