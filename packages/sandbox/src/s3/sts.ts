import { randomBytes } from 'node:crypto';
import { AuthFailure } from './auth';
import { S3Context, S3Server } from './context';
import { authenticate, roleAccount, roleName } from './iam';
import { isoSeconds, randomId, S3Session } from './model';
import { STS_NAMESPACE, xmlDocument, XmlNode } from './xml';

/*
 * STS on the same port (`POST /` with a form body): GetCallerIdentity and
 * AssumeRole (role chaining, ExternalId, session durations), with STS's
 * `ErrorResponse` bodies.
 */

export function sendStsError(
  ctx: S3Context,
  status: number,
  code: string,
  message: string,
) {
  ctx.record.errorCode = code;
  const body = xmlDocument(
    'ErrorResponse',
    {
      Error: {
        Type: status >= 500 ? 'Receiver' : 'Sender',
        Code: code,
        Message: message,
      },
      RequestId: ctx.requestId,
    },
    STS_NAMESPACE,
  );
  ctx.res.writeHead(status, {
    'x-amzn-requestid': ctx.requestId,
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
  });
  ctx.res.end(body);
}

function stsAuthError(ctx: S3Context, failure: AuthFailure) {
  const signatureMessage =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  const map: Record<AuthFailure['kind'], [number, string, string]> = {
    missing: [
      403,
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    ],
    unsupported: [400, 'IncompleteSignature', 'Unsupported authorization type'],
    malformed: [400, 'IncompleteSignature', failure.message ?? ''],
    wrongRegion: [
      403,
      'SignatureDoesNotMatch',
      `Credential should be scoped to a valid region. `,
    ],
    wrongService: [
      403,
      'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'sts'. ",
    ],
    unknownKey: [
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    ],
    badToken: [
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    ],
    expiredToken: [
      403,
      'ExpiredToken',
      'The security token included in the request is expired',
    ],
    skew: [
      403,
      'SignatureDoesNotMatch',
      `Signature expired: ${failure.details?.RequestTime} is now earlier than the allowed time window.`,
    ],
    presignExpired: [403, 'SignatureDoesNotMatch', 'Signature expired'],
    headersNotSigned: [403, 'SignatureDoesNotMatch', signatureMessage],
    signature: [403, 'SignatureDoesNotMatch', signatureMessage],
    payload: [400, 'InvalidRequest', failure.message ?? ''],
  };
  const [status, code, message] = map[failure.kind];
  sendStsError(ctx, status, code, message);
}

export function handleSts(s3: S3Server, ctx: S3Context) {
  const contentType = ctx.headers.get('content-type') ?? '';
  const form = new URLSearchParams(
    contentType.startsWith('application/x-www-form-urlencoded')
      ? ctx.body.toString('utf8')
      : '',
  );
  const action = form.get('Action') ?? '';
  ctx.record.operation = action || 'Unknown';
  const auth = authenticate(s3, ctx, 'sts');
  if (!('accessKeyId' in auth)) {
    stsAuthError(ctx, auth);
    return;
  }
  if (s3.faults.answerFailure(ctx.req, ctx.res, '/')) return;
  const version = form.get('Version');
  if (action === 'GetCallerIdentity' && version === '2011-06-15') {
    getCallerIdentity(s3, ctx);
    return;
  }
  if (action === 'AssumeRole' && version === '2011-06-15') {
    assumeRole(s3, ctx, form);
    return;
  }
  sendStsError(
    ctx,
    400,
    'InvalidAction',
    `Could not find operation ${action} for version ${
      version ?? 'NO_VERSION_SPECIFIED'
    }`,
  );
}

function getCallerIdentity(s3: S3Server, ctx: S3Context) {
  const principal = ctx.principal!;
  const account = principal.roleArn
    ? roleAccount(principal.roleArn)
    : s3.model.accountId;
  sendStsResult(ctx, 'GetCallerIdentity', {
    Arn: principal.arn,
    UserId: principal.userId,
    Account: account,
  });
}

function sendStsResult(ctx: S3Context, action: string, result: XmlNode) {
  const body = xmlDocument(
    `${action}Response`,
    {
      [`${action}Result`]: result,
      ResponseMetadata: { RequestId: ctx.requestId },
    },
    STS_NAMESPACE,
  );
  ctx.res.writeHead(200, {
    'x-amzn-requestid': ctx.requestId,
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
  });
  ctx.res.end(body);
}

export function assumeRole(
  s3: S3Server,
  ctx: S3Context,
  form: URLSearchParams,
) {
  const principal = ctx.principal!;
  const roleArn = form.get('RoleArn') ?? '';
  const sessionName = form.get('RoleSessionName') ?? '';
  ctx.record.roleArn = roleArn;
  ctx.record.roleSessionName = sessionName;
  const validation = (message: string) =>
    sendStsError(ctx, 400, 'ValidationError', message);
  if (roleArn.length < 20) {
    validation(
      `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
    );
    return;
  }
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    validation(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
    return;
  }
  const role = s3.model.roles.get(roleArn);
  const mayAssume = principal.canAssume.some(
    arn => arn === '*' || arn === roleArn,
  );
  if (!role || !mayAssume) {
    sendStsError(
      ctx,
      403,
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
    return;
  }
  if (
    role.externalId !== undefined &&
    form.get('ExternalId') !== role.externalId
  ) {
    sendStsError(
      ctx,
      403,
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
    return;
  }
  const chained = principal.roleArn !== undefined;
  const maxDuration = chained ? 3600 : role.maxSessionDurationSeconds ?? 3600;
  const durationText = form.get('DurationSeconds');
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    validation(
      `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${
        duration < 900
          ? 'greater than or equal to 900'
          : 'less than or equal to 43200'
      }`,
    );
    return;
  }
  if (duration > maxDuration) {
    validation(
      chained
        ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
        : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    return;
  }
  const session: S3Session = {
    accessKeyId: randomId('ASIA', 16),
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(300).toString('base64')}`,
    roleArn,
    sessionName,
    arn: `arn:aws:sts::${roleAccount(roleArn)}:assumed-role/${roleName(
      roleArn,
    )}/${sessionName}`,
    expiration: new Date(
      Math.floor(Date.now() / 1000) * 1000 + duration * 1000,
    ),
    issuedTo: principal.arn,
  };
  s3.model.issued.set(session.accessKeyId, session);
  sendStsResult(ctx, 'AssumeRole', {
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: session.arn,
    },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: isoSeconds(session.expiration),
    },
    SourceIdentity: form.get('SourceIdentity') ?? undefined,
  });
}
