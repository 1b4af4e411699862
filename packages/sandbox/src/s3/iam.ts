import { AuthFailure, AuthSuccess, KeyLookup, verifyRequest } from './auth';
import { S3Context, S3Error, S3Server, sendS3Error } from './context';
import { S3Action, S3Grant } from './model';

/*
 * Who calls (the user or assumed-role session of the SigV4 access key) and
 * what they may do (their identity policy: actions on buckets).
 */

export type Principal = {
  arn: string;
  userId: string;
  accessKeyId?: string;
  /** The role of a session. */
  roleArn?: string;
  grant?: S3Grant;
  canAssume: string[];
};

export function actionAllowed(grant: S3Grant | undefined, action: S3Action) {
  return Boolean(
    grant?.actions.some(a => a === action || a === 's3:*' || String(a) === '*'),
  );
}

export function bucketAllowed(grant: S3Grant | undefined, bucket: string) {
  return Boolean(grant?.buckets.some(b => b === '*' || b === bucket));
}

export function roleName(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

export function roleAccount(roleArn: string): string {
  return roleArn.split(':')[4] ?? '';
}

function lookupKey(s3: S3Server, accessKeyId: string): KeyLookup {
  const user = s3.model.users.get(accessKeyId);
  if (user) return { kind: 'user', secretAccessKey: user.secretAccessKey };
  const session = s3.model.issued.get(accessKeyId);
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

function principalFor(s3: S3Server, accessKeyId: string): Principal {
  const user = s3.model.users.get(accessKeyId);
  if (user) {
    return {
      arn: user.arn,
      userId: user.userId,
      accessKeyId,
      grant: user.grant,
      canAssume: user.canAssume,
    };
  }
  const session = s3.model.issued.get(accessKeyId)!;
  const role = s3.model.roles.get(session.roleArn);
  return {
    arn: session.arn,
    userId: `${role?.roleId ?? 'AROA'}:${session.sessionName}`,
    accessKeyId,
    roleArn: session.roleArn,
    grant: role,
    canAssume: role?.canAssume ?? [],
  };
}

export function authenticate(
  s3: S3Server,
  ctx: S3Context,
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
      region: s3.model.region,
      maxSkewMs: s3.maxSkewMs,
      now: new Date(),
      lookup: id => lookupKey(s3, id),
    },
  );
  if ('accessKeyId' in result) {
    ctx.principal = principalFor(s3, result.accessKeyId);
    ctx.body = result.body;
    ctx.trailers = result.trailers;
    ctx.record.principal = ctx.principal.arn;
    ctx.record.accessKeyId = result.accessKeyId;
    ctx.record.payloadSigning = result.payloadSigning;
  }
  return result;
}

export function s3AuthError(s3: S3Server, failure: AuthFailure): S3Error {
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
        message: `The authorization header is malformed; the region '${failure.message}' is wrong; expecting '${s3.model.region}'`,
        details: { Region: s3.model.region },
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

/** AccessDenied unless the caller's policy allows the action. */
export function accessDenied(
  ctx: S3Context,
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

export function guard(
  ctx: S3Context,
  action: S3Action,
  bucket: string,
  key?: string,
): boolean {
  const error = accessDenied(ctx, action, bucket, key);
  if (error) sendS3Error(ctx, error);
  return !error;
}
