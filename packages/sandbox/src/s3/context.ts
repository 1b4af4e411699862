import express from 'express';
import type { InjectedFaults } from '../http';
import { randomBytes } from 'node:crypto';
import type { Principal } from './iam';
import { S3Model } from './model';
import { toXml, XML_DECLARATION, XmlNode } from './xml';

/*
 * What the request handlers share: the stand-in they serve (`S3Server`), the
 * request being handled (`S3Context`), and S3's answers (`send`, and
 * `sendS3Error`'s `<Error>` bodies, without a body for HEAD).
 */

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

/** What the request handlers need of the stand-in. */
export interface S3Server {
  readonly model: S3Model;
  /** The endpoint, for the `Location` of completed uploads. */
  readonly url: string;
  readonly maxSkewMs: number;
  record(request: S3RecordedRequest): void;
  /** Latency and failures; a failure finds its request's `S3Context` in `res.locals.s3`. */
  readonly faults: InjectedFaults;
}

/** A request being handled. */
export type S3Context = {
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

export type S3Error = {
  status: number;
  code: string;
  message: string;
  details?: XmlNode;
};

export function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function sendS3Error(ctx: S3Context, error: S3Error) {
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

export function send(
  ctx: S3Context,
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

export function noSuchKey(key: string): S3Error {
  return {
    status: 404,
    code: 'NoSuchKey',
    message: 'The specified key does not exist.',
    details: { Key: key },
  };
}
