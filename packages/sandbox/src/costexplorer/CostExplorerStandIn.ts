import express from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { verifyRequest } from '../s3/auth';
import { headerMap } from '../s3/sigv4';
import { AwsCredentials } from '../s3/sigv4';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import {
  CostExplorerValidationError,
  CostLineItem,
  Expression,
  GroupDefinition,
  METRICS,
  MetricName,
  addMonths,
  amountString,
  evaluate,
  groupKeyOf,
  metricOf,
  parseDay,
  periodsOf,
  validateExpression,
  validateGroupBy,
} from './model';

/*
 * A stand-in for AWS Cost Explorer (https://ce.us-east-1.amazonaws.com), the
 * part the portal's cost insights read: GetCostAndUsage.
 *
 * As the real service: the AWS JSON 1.1 protocol (POST / with
 * `X-Amz-Target: AWSInsightsIndexService.<Operation>` and
 * `Content-Type: application/x-amz-json-1.1`), requests signed with SigV4 for
 * service `ce` in `us-east-1` and verified against the configured keys (the
 * S3 stand-in's verifier), errors as `{"__type": "...", "Message": "..."}`
 * with `x-amzn-ErrorType`, and GetCostAndUsage with TimePeriod (End
 * exclusive), Granularity DAILY/MONTHLY, Metrics, Filter (And/Or/Not,
 * Dimensions, Tags with MatchOptions), up to two GroupBy (DIMENSION, TAG:
 * keys `team$order-squad`) and NextPageToken paging.
 *
 * Errors from state: `DataUnavailableException` for a period starting after
 * the last day with data (today and later, by default),
 * `BillExpirationException` for one starting more than 14 months back,
 * `ValidationException`, `InvalidNextTokenException`,
 * `RequestChangedException`. Injected with `failNextCall(type)`, or
 * `failNext('POST', '^/GetCostAndUsage$', status, '<type>: <message>')`
 * (what the sandbox's control API takes from end-to-end tests: POST
 * /faults/costExplorer): `LimitExceededException` (throttling, which the
 * AWS SDK retries), `AccessDeniedException`, `DataUnavailableException`,
 * `BillExpirationException`; without a type, one by status (403
 * AccessDeniedException, 429 LimitExceededException, 5xx
 * ServiceUnavailableException, else ValidationException).
 *
 * Simplified: one payer account, no cost categories, no HOURLY granularity,
 * no other operations (`UnknownOperationException`).
 */

export const COST_EXPLORER_ERROR_TYPES = [
  'LimitExceededException',
  'AccessDeniedException',
  'DataUnavailableException',
  'BillExpirationException',
  'ValidationException',
  'InvalidNextTokenException',
  'RequestChangedException',
  'ServiceUnavailableException',
] as const;
export type CostExplorerErrorType = (typeof COST_EXPLORER_ERROR_TYPES)[number];

const DEFAULT_MESSAGES: Record<CostExplorerErrorType, string> = {
  LimitExceededException: 'Rate exceeded',
  AccessDeniedException:
    'User: arn:aws:sts::000000000000:assumed-role/backstage-cost-explorer/portal is not authorized to perform: ce:GetCostAndUsage on resource: arn:aws:ce:us-east-1:000000000000:/GetCostAndUsage because no identity-based policy allows the ce:GetCostAndUsage action',
  DataUnavailableException:
    'Data is not available. Please try to adjust the time period. If you just enabled Cost Explorer, data might not be ingested yet',
  BillExpirationException:
    'The requested report expired. Update the date interval and try again.',
  ValidationException: 'Invalid request',
  InvalidNextTokenException: 'The pagination token is invalid.',
  RequestChangedException:
    'Your request parameters changed between pages. Submit all of the parameters again.',
  ServiceUnavailableException: 'Service Unavailable',
};

const STATUS: Record<string, number> = {
  ServiceUnavailableException: 503,
  MissingAuthenticationTokenException: 403,
};

export type CostExplorerStandInOptions = {
  port?: number;
  /** keys whose signatures are accepted; default the sandbox's */
  credentials?: AwsCredentials[];
  region?: string;
  /** groups (or totals) per page; default 500 */
  pageSize?: number;
  /** the last day with data; default yesterday (UTC) */
  lastDataDay?: () => string;
  maxSkewMs?: number;
};

export type CostExplorerRecordedRequest = {
  target: string;
  accessKeyId?: string;
  body: any;
  status?: number;
  errorType?: string;
};

/** Keys of the sandbox's Cost Explorer (not AWS keys: no AKIA prefix). */
export const SANDBOX_COST_EXPLORER_CREDENTIALS: AwsCredentials = {
  accessKeyId: 'SANDBOXCOSTEXPLORER',
  secretAccessKey: 'sandbox-cost-explorer-secret',
};

const TARGET_PREFIX = 'AWSInsightsIndexService.';

class CeError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = STATUS[type] ?? 400,
  ) {
    super(message);
  }
}

/** An injected failure's error: `<type>: <message>`, or a type by status. */
function injectedError(status: number, message = ''): CeError {
  const match = message.match(/^(\w+Exception)(?::\s*(.*))?$/s);
  if (match) {
    const type = match[1];
    return new CeError(
      type,
      match[2] ||
        DEFAULT_MESSAGES[type as CostExplorerErrorType] ||
        'Request failed',
      status,
    );
  }
  let type: CostExplorerErrorType = 'ValidationException';
  if (status === 403) type = 'AccessDeniedException';
  else if (status === 429) type = 'LimitExceededException';
  else if (status >= 500) type = 'ServiceUnavailableException';
  return new CeError(type, message || DEFAULT_MESSAGES[type], status);
}

function yesterday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export class CostExplorerStandIn extends FaultInjectingStandIn {
  readonly items: CostLineItem[] = [];
  readonly requests: CostExplorerRecordedRequest[] = [];

  private constructor(
    private readonly credentials: AwsCredentials[],
    private readonly region: string,
    private readonly pageSize: number,
    private readonly lastDataDay: () => string,
    private readonly maxSkewMs: number,
  ) {
    super();
  }

  static async start(
    options: CostExplorerStandInOptions = {},
  ): Promise<CostExplorerStandIn> {
    const instance = new CostExplorerStandIn(
      options.credentials ?? [SANDBOX_COST_EXPLORER_CREDENTIALS],
      options.region ?? 'us-east-1',
      options.pageSize ?? 500,
      options.lastDataDay ?? yesterday,
      options.maxSkewMs ?? 15 * 60_000,
    );
    const app = express();
    app.disable('x-powered-by');
    app.use(express.raw({ type: () => true, limit: '1mb' }));
    app.post('/', (req, res) => instance.handle(req, res));
    app.use((_req, res) => {
      res
        .status(404)
        .json({ __type: 'UnknownOperationException', Message: 'Not found' });
    });
    await instance.listen(app, options.port);
    return instance;
  }

  /** Adds line items (what the bill says each resource cost each day). */
  seed(items: CostLineItem[]): void {
    this.items.push(...items);
  }

  /**
   * The next `times` calls of an operation (default GetCostAndUsage) fail
   * with this Cost Explorer error.
   */
  failNextCall(
    type: CostExplorerErrorType,
    options: { times?: number; message?: string; operation?: string } = {},
  ): void {
    this.failNext(
      'POST',
      new RegExp(`^/${options.operation ?? 'GetCostAndUsage'}$`),
      STATUS[type] ?? 400,
      `${type}: ${options.message ?? DEFAULT_MESSAGES[type]}`,
      options.times ?? 1,
    );
  }

  private send(res: express.Response, status: number, body: object) {
    res
      .status(status)
      .setHeader('content-type', 'application/x-amz-json-1.1')
      .setHeader('x-amzn-requestid', randomUUID())
      .send(JSON.stringify(body));
  }

  private sendError(
    res: express.Response,
    record: CostExplorerRecordedRequest,
    error: CeError,
  ) {
    record.status = error.status;
    record.errorType = error.type;
    res.setHeader('x-amzn-errortype', `${error.type}:`);
    this.send(res, error.status, {
      __type: error.type,
      Message: error.message,
    });
  }

  /** `{__type, Message}`: a failure's message may name the type (see `injectedError`). */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    this.sendError(
      res,
      res.locals.record,
      injectedError(failure.status, failure.message),
    );
  }

  private async handle(req: express.Request, res: express.Response) {
    const target = req.header('x-amz-target') ?? '';
    const record: CostExplorerRecordedRequest = { target, body: undefined };
    this.requests.push(record);
    res.locals.record = record;
    await this.injectedLatency();
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const accessKeyId = this.authenticate(req, body);
      record.accessKeyId = accessKeyId;
      if (!target.startsWith(TARGET_PREFIX)) {
        throw new CeError('UnknownOperationException', '');
      }
      const operation = target.slice(TARGET_PREFIX.length);
      const contentType = req.header('content-type') ?? '';
      if (!contentType.startsWith('application/x-amz-json-1.1')) {
        throw new CeError(
          'SerializationException',
          `Unsupported content type ${contentType}: use application/x-amz-json-1.1`,
        );
      }
      let input: any;
      try {
        input = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        throw new CeError(
          'SerializationException',
          'Start of structure or map found where not expected.',
        );
      }
      record.body = input;
      if (this.answerInjectedFailure(req, res, `/${operation}`)) {
        return undefined;
      }
      if (operation !== 'GetCostAndUsage') {
        throw new CeError('UnknownOperationException', '');
      }
      const output = this.getCostAndUsage(input);
      record.status = 200;
      this.send(res, 200, output);
    } catch (error) {
      if (error instanceof CeError) return this.sendError(res, record, error);
      if (error instanceof CostExplorerValidationError) {
        return this.sendError(
          res,
          record,
          new CeError('ValidationException', error.message),
        );
      }
      return this.sendError(
        res,
        record,
        new CeError('InternalServerError', String(error), 500),
      );
    }
    return undefined;
  }

  /** SigV4 for `ce`; the access key id, or a CeError as AWS answers. */
  private authenticate(req: express.Request, body: Buffer): string {
    const url = req.originalUrl;
    const q = url.indexOf('?');
    const result = verifyRequest(
      {
        method: req.method,
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        query: new Map(),
        headers: headerMap(req.rawHeaders),
        body,
      },
      {
        service: 'ce',
        region: this.region,
        maxSkewMs: this.maxSkewMs,
        now: new Date(),
        lookup: id => {
          const found = this.credentials.find(c => c.accessKeyId === id);
          return found
            ? {
                kind: found.sessionToken ? 'session' : 'user',
                secretAccessKey: found.secretAccessKey,
                sessionToken: found.sessionToken,
              }
            : { kind: 'unknown' };
        },
      },
    );
    if ('accessKeyId' in result) return result.accessKeyId;
    switch (result.kind) {
      case 'missing':
        throw new CeError(
          'MissingAuthenticationTokenException',
          result.message ?? 'Missing Authentication Token',
        );
      case 'unknownKey':
      case 'badToken':
        throw new CeError(
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
      case 'expiredToken':
        throw new CeError(
          'ExpiredTokenException',
          'The security token included in the request is expired',
        );
      case 'signature':
        throw new CeError(
          'InvalidSignatureException',
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        );
      case 'skew':
        throw new CeError(
          'InvalidSignatureException',
          `Signature expired: ${result.details?.RequestTime} is now earlier than the allowed time window.`,
        );
      case 'wrongRegion':
        throw new CeError(
          'InvalidSignatureException',
          `Credential should be scoped to a valid region, not '${result.message}'. `,
        );
      case 'wrongService':
        throw new CeError(
          'InvalidSignatureException',
          `Credential should be scoped to correct service: 'ce'. `,
        );
      default:
        throw new CeError(
          'IncompleteSignatureException',
          result.message ??
            'Authorization header requires Credential, SignedHeaders and Signature',
        );
    }
  }

  private getCostAndUsage(input: any) {
    const period = input.TimePeriod;
    if (!period || typeof period !== 'object') {
      throw new CostExplorerValidationError('TimePeriod is required');
    }
    const start = parseDay(period.Start, 'Start');
    const end = parseDay(period.End, 'End');
    if (start >= end) {
      throw new CostExplorerValidationError(
        'Start date (and hour) should be before end date (and hour)',
      );
    }
    const granularity = input.Granularity;
    if (granularity !== 'DAILY' && granularity !== 'MONTHLY') {
      throw new CostExplorerValidationError(
        granularity === 'HOURLY'
          ? 'Hourly granularity is not enabled for this account'
          : `Granularity is required and must be DAILY, MONTHLY or HOURLY; got ${JSON.stringify(
              granularity,
            )}`,
      );
    }
    const metrics: string[] = input.Metrics;
    if (!Array.isArray(metrics) || metrics.length === 0) {
      throw new CostExplorerValidationError('Metrics is required');
    }
    const unknown = metrics.filter(m => !METRICS.includes(m as MetricName));
    if (unknown.length) {
      throw new CostExplorerValidationError(
        `Metrics [${unknown.join(
          ', ',
        )}] are not supported. Valid metrics: ${METRICS.join(', ')}`,
      );
    }
    const filter: Expression | undefined = input.Filter;
    if (filter !== undefined) validateExpression(filter);
    const groupBy: GroupDefinition[] = input.GroupBy ?? [];
    validateGroupBy(groupBy);

    const lastDay = this.lastDataDay();
    if (start > lastDay) {
      throw new CeError(
        'DataUnavailableException',
        DEFAULT_MESSAGES.DataUnavailableException,
      );
    }
    if (start < addMonths(`${lastDay.slice(0, 7)}-01`, -13)) {
      throw new CeError(
        'BillExpirationException',
        DEFAULT_MESSAGES.BillExpirationException,
      );
    }

    const items = this.items.filter(
      i => i.date >= start && i.date < end && (!filter || evaluate(filter, i)),
    );
    const cell = (selected: CostLineItem[]) =>
      Object.fromEntries(
        metrics.map(m => [
          m,
          {
            Amount: amountString(
              selected.reduce(
                (sum, i) => sum + metricOf(i, m as MetricName),
                0,
              ),
            ),
            Unit:
              m === 'UsageQuantity' || m === 'NormalizedUsageAmount'
                ? 'N/A'
                : 'USD',
          },
        ]),
      );
    const currentMonth = new Date().toISOString().slice(0, 7);
    // every (period, group) cell, in order; pages cut this list
    const rows = periodsOf(start, end, granularity).map(p => {
      const inPeriod = items.filter(i => i.date >= p.Start && i.date < p.End);
      const groups = new Map<string, CostLineItem[]>();
      if (groupBy.length) {
        for (const i of inPeriod) {
          const keys = groupBy.map(g => groupKeyOf(i, g));
          const id = JSON.stringify(keys);
          groups.set(id, [...(groups.get(id) ?? []), i]);
        }
      }
      return {
        period: p,
        estimated: p.End > lastDay || p.Start.slice(0, 7) >= currentMonth,
        total: groupBy.length ? {} : cell(inPeriod),
        groups: [...groups.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([id, selected]) => ({
            Keys: JSON.parse(id) as string[],
            Metrics: cell(selected),
          })),
      };
    });

    // paging: NextPageToken is the offset in (period, group) cells, bound
    // to the request it came from
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ ...input, NextPageToken: undefined }))
      .digest('hex')
      .slice(0, 16);
    let offset = 0;
    if (input.NextPageToken !== undefined) {
      let token: { o: number; h: string };
      try {
        token = JSON.parse(
          Buffer.from(String(input.NextPageToken), 'base64').toString('utf8'),
        );
      } catch {
        throw new CeError(
          'InvalidNextTokenException',
          DEFAULT_MESSAGES.InvalidNextTokenException,
        );
      }
      if (typeof token?.o !== 'number' || typeof token.h !== 'string') {
        throw new CeError(
          'InvalidNextTokenException',
          DEFAULT_MESSAGES.InvalidNextTokenException,
        );
      }
      if (token.h !== requestHash) {
        throw new CeError(
          'RequestChangedException',
          DEFAULT_MESSAGES.RequestChangedException,
        );
      }
      offset = token.o;
    }
    const resultsByTime: object[] = [];
    let position = 0;
    let taken = 0;
    let nextOffset: number | undefined;
    for (const row of rows) {
      const size = Math.max(row.groups.length, 1);
      if (position + size <= offset) {
        position += size;
        continue;
      }
      if (taken >= this.pageSize) {
        nextOffset = position;
        break;
      }
      const from = Math.max(0, offset - position);
      const room = this.pageSize - taken;
      const groups = row.groups.slice(from, from + room);
      resultsByTime.push({
        TimePeriod: row.period,
        Total: row.total,
        Groups: groups,
        Estimated: row.estimated,
      });
      taken += Math.max(groups.length, 1);
      if (from + groups.length < row.groups.length) {
        nextOffset = position + from + groups.length;
        break;
      }
      position += size;
    }
    const output: Record<string, unknown> = {
      ResultsByTime: resultsByTime,
      DimensionValueAttributes: [],
    };
    if (groupBy.length) output.GroupDefinitions = groupBy;
    if (nextOffset !== undefined) {
      output.NextPageToken = Buffer.from(
        JSON.stringify({ o: nextOffset, h: requestHash }),
      ).toString('base64');
    }
    return output;
  }
}
