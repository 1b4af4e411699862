import { ChunkedBodyError, decodeAwsChunked } from './awsChunked';
import {
  canonicalRequest,
  EMPTY_SHA256,
  parseAmzDate,
  parseAuthorization,
  parseCredentialFields,
  ParsedAuthorization,
  sha256Hex,
  signature,
  signaturesEqual,
  signingKey,
  stringToSign,
  UNSIGNED_PAYLOAD,
} from './sigv4';

/**
 * Verifies the SigV4 signature of a request (Authorization header, or a
 * presigned URL's query parameters), the way S3 and STS do, and decodes the
 * payload according to `x-amz-content-sha256`.
 */

export type RawRequest = {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Decoded query parameters (first value). */
  query: Map<string, string>;
  /** Values by lower-case name. */
  headers: Map<string, string>;
  body: Buffer;
};

/** What the verifier needs to know about an access key. */
export type KeyLookup =
  | { kind: 'unknown' }
  | {
      kind: 'user' | 'session';
      secretAccessKey: string;
      sessionToken?: string;
      expiration?: Date;
    };

export type AuthFailure = {
  kind:
    | 'missing'
    | 'unsupported'
    | 'malformed'
    | 'wrongRegion'
    | 'wrongService'
    | 'unknownKey'
    | 'badToken'
    | 'expiredToken'
    | 'skew'
    | 'presignExpired'
    | 'headersNotSigned'
    | 'signature'
    | 'payload';
  message?: string;
  /** Extra elements for the error body. */
  details?: Record<string, string>;
  /** For payload failures: status and error code. */
  status?: number;
  code?: string;
};

export type AuthSuccess = {
  accessKeyId: string;
  /** The payload, aws-chunked bodies decoded. */
  body: Buffer;
  /** Trailing headers of aws-chunked bodies. */
  trailers: Map<string, string>;
  /** How the payload was signed: the x-amz-content-sha256 value, or `sha256`. */
  payloadSigning: string;
};

export type VerifyOptions = {
  /** `s3` (payload per x-amz-content-sha256), or any other service (`sts`, `ce`: the body's SHA-256) */
  service: string;
  region: string;
  maxSkewMs: number;
  now: Date;
  lookup: (accessKeyId: string) => KeyLookup;
};

const PRESIGN_MAX_EXPIRES = 604800;

export function verifyRequest(
  req: RawRequest,
  options: VerifyOptions,
): AuthSuccess | AuthFailure {
  const header = req.headers.get('authorization');
  const presigned = req.query.has('X-Amz-Algorithm');
  if (!header && !presigned) return { kind: 'missing' };

  let parsed: ParsedAuthorization | undefined;
  let amzDate: string | undefined;
  let token: string | undefined;
  if (header) {
    if (!header.startsWith('AWS4-HMAC-SHA256')) return { kind: 'unsupported' };
    parsed = parseAuthorization(header);
    amzDate = req.headers.get('x-amz-date');
    token = req.headers.get('x-amz-security-token');
  } else {
    if (req.query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
      return { kind: 'unsupported' };
    parsed = parseCredentialFields(
      req.query.get('X-Amz-Credential'),
      req.query.get('X-Amz-SignedHeaders'),
      req.query.get('X-Amz-Signature'),
    );
    amzDate = req.query.get('X-Amz-Date');
    token = req.query.get('X-Amz-Security-Token');
  }
  if (!parsed) {
    return {
      kind: 'malformed',
      message: header
        ? 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.'
        : 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    };
  }
  const requestTime = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !requestTime) {
    return {
      kind: 'missing',
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    };
  }
  if (parsed.date !== amzDate.slice(0, 8)) {
    return {
      kind: 'malformed',
      message: `The authorization header is malformed; Invalid credential date "${
        parsed.date
      }". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
    };
  }
  if (parsed.terminator !== 'aws4_request') {
    return {
      kind: 'malformed',
      message: `The authorization header is malformed; incorrect terminal "${parsed.terminator}". This endpoint uses "aws4_request".`,
    };
  }
  if (parsed.region !== options.region)
    return { kind: 'wrongRegion', message: parsed.region };
  if (parsed.service !== options.service)
    return { kind: 'wrongService', message: parsed.service };

  if (presigned) {
    const expires = Number(req.query.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 0) {
      return {
        kind: 'malformed',
        message: 'X-Amz-Expires should be a number',
      };
    }
    if (expires > PRESIGN_MAX_EXPIRES) {
      return {
        kind: 'malformed',
        message:
          'X-Amz-Expires must be less than a week (in seconds) that is 604800',
      };
    }
    if (options.now.getTime() > requestTime.getTime() + expires * 1000) {
      return {
        kind: 'presignExpired',
        details: {
          'X-Amz-Expires': String(expires),
          Expires: new Date(requestTime.getTime() + expires * 1000)
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
          ServerTime: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      };
    }
  } else if (
    Math.abs(options.now.getTime() - requestTime.getTime()) > options.maxSkewMs
  ) {
    return {
      kind: 'skew',
      details: {
        RequestTime: amzDate,
        ServerTime: options.now.toISOString(),
        MaxAllowedSkewMilliseconds: String(options.maxSkewMs),
      },
    };
  }

  if (!parsed.signedHeaders.includes('host')) {
    return {
      kind: 'malformed',
      message: 'The authorization header is malformed; Host must be signed.',
    };
  }
  if (options.service === 's3') {
    const unsigned = [...req.headers.keys()].filter(
      name =>
        name.startsWith('x-amz-') && !parsed!.signedHeaders.includes(name),
    );
    if (header && unsigned.length) {
      return {
        kind: 'headersNotSigned',
        details: { HeadersNotSigned: unsigned.join(', ') },
      };
    }
  }

  const key = options.lookup(parsed.accessKeyId);
  if (key.kind === 'unknown') return { kind: 'unknownKey' };
  if (key.kind === 'session' && !token) return { kind: 'unknownKey' };
  if (token !== key.sessionToken) return { kind: 'badToken' };
  if (key.expiration && key.expiration.getTime() <= options.now.getTime())
    return { kind: 'expiredToken' };

  let payloadHash: string;
  if (options.service === 's3') {
    const declared = req.headers.get('x-amz-content-sha256');
    if (!declared && header) {
      return {
        kind: 'payload',
        status: 400,
        code: 'InvalidRequest',
        message:
          'Missing required header for this request: x-amz-content-sha256',
      };
    }
    payloadHash = declared ?? UNSIGNED_PAYLOAD;
  } else {
    payloadHash = sha256Hex(req.body);
  }

  const canonical = canonicalRequest({
    method: req.method,
    rawPath: req.rawPath,
    rawQuery: req.rawQuery,
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash,
    service: options.service,
    excludeQuery: presigned ? ['X-Amz-Signature'] : [],
  });
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const toSign = stringToSign(amzDate, scope, canonical);
  const signingKeyBytes = signingKey(
    key.secretAccessKey,
    parsed.date,
    parsed.region,
    parsed.service,
  );
  const expected = signature(signingKeyBytes, toSign);
  if (!signaturesEqual(parsed.signature, expected)) {
    return {
      kind: 'signature',
      details: {
        AWSAccessKeyId: parsed.accessKeyId,
        StringToSign: toSign,
        SignatureProvided: parsed.signature,
        CanonicalRequest: canonical,
      },
    };
  }

  const success = (
    body: Buffer,
    trailers: [string, string][] = [],
  ): AuthSuccess => ({
    accessKeyId: parsed!.accessKeyId,
    body,
    trailers: new Map(trailers),
    payloadSigning: /^[0-9a-f]{64}$/.test(payloadHash) ? 'sha256' : payloadHash,
  });
  if (options.service !== 's3') return success(req.body);
  return verifyS3Payload(req, payloadHash, success, {
    key: signingKeyBytes,
    amzDate,
    scope,
    seedSignature: expected,
  });
}

function verifyS3Payload(
  req: RawRequest,
  payloadHash: string,
  success: (body: Buffer, trailers?: [string, string][]) => AuthSuccess,
  signing: {
    key: Buffer;
    amzDate: string;
    scope: string;
    seedSignature: string;
  },
): AuthSuccess | AuthFailure {
  if (payloadHash === UNSIGNED_PAYLOAD) return success(req.body);
  if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    const computed = req.body.length ? sha256Hex(req.body) : EMPTY_SHA256;
    if (computed !== payloadHash) {
      return {
        kind: 'payload',
        status: 400,
        code: 'XAmzContentSHA256Mismatch',
        message:
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        details: {
          ClientComputedContentSHA256: payloadHash,
          S3ComputedContentSHA256: computed,
        },
      };
    }
    return success(req.body);
  }
  const streaming: Record<string, { trailer: boolean; signed: boolean }> = {
    'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { trailer: true, signed: false },
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { trailer: false, signed: true },
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': {
      trailer: true,
      signed: true,
    },
  };
  const mode = streaming[payloadHash];
  if (!mode) {
    if (payloadHash.startsWith('STREAMING-AWS4-ECDSA')) {
      return {
        kind: 'payload',
        status: 501,
        code: 'NotImplemented',
        message: 'SigV4a (ECDSA) streaming payloads are not implemented',
      };
    }
    return {
      kind: 'payload',
      status: 400,
      code: 'InvalidArgument',
      message:
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.',
      details: {
        ArgumentName: 'x-amz-content-sha256',
        ArgumentValue: payloadHash,
      },
    };
  }
  const decodedLength = req.headers.get('x-amz-decoded-content-length');
  if (decodedLength === undefined) {
    return {
      kind: 'payload',
      status: 411,
      code: 'MissingContentLength',
      message: 'You must provide the Content-Length HTTP header.',
    };
  }
  try {
    const decoded = decodeAwsChunked(req.body, {
      trailer: mode.trailer,
      signing: mode.signed ? signing : undefined,
    });
    if (decoded.data.length !== Number(decodedLength)) {
      return {
        kind: 'payload',
        status: 400,
        code: 'IncompleteBody',
        message:
          'You did not provide the number of bytes specified by the Content-Length HTTP header',
      };
    }
    const declaredTrailers = (req.headers.get('x-amz-trailer') ?? '')
      .split(',')
      .map(t => t.trim().toLowerCase())
      .filter(Boolean);
    const missing = declaredTrailers.find(
      t => !decoded.trailers.some(([name]) => name === t),
    );
    if (missing) {
      return {
        kind: 'payload',
        status: 400,
        code: 'MalformedTrailerError',
        message: `The request contained trailing data that was not well-formed or did not conform to our published schema: missing ${missing}.`,
      };
    }
    return success(decoded.data, decoded.trailers);
  } catch (error) {
    if (error instanceof ChunkedBodyError) {
      return {
        kind: error.code === 'SignatureDoesNotMatch' ? 'signature' : 'payload',
        status: error.status,
        code: error.code,
        message: error.message,
      };
    }
    throw error;
  }
}
