import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GroupDefinition,
} from '@aws-sdk/client-cost-explorer';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase, InputError } from '@backstage/errors';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { CostInsightsConfig } from './config';

/** One cell of Cost Explorer's answer: a day (or month), a group, an amount. */
export type CostRow = {
  /** TimePeriod.Start, YYYY-MM-DD */
  start: string;
  /** the group's keys, as GroupBy names them (`service$order-service`) */
  keys: string[];
  amount: number;
  unit: string;
};

export type CostQuery = {
  /** YYYY-MM-DD, inclusive */
  start: string;
  /** YYYY-MM-DD, exclusive */
  end: string;
  granularity: 'DAILY' | 'MONTHLY';
  filter?: Expression;
  groupBy?: GroupDefinition[];
};

/**
 * What went wrong in Cost Explorer, with the status the portal answers and
 * what to do about it.
 */
export class CostExplorerError extends CustomErrorBase {
  name = 'CostExplorerError';
  constructor(
    message: string,
    readonly statusCode: number,
    /** Cost Explorer's error type, e.g. LimitExceededException */
    readonly awsCode: string,
  ) {
    // Cost Explorer's message is in `message` already: no "caused by"
    super(message);
  }
}

/** Cost Explorer's error, as the portal explains it. */
export function explainCostExplorerError(
  error: any,
  maxAttempts: number,
): Error {
  const code: string = error?.name ?? 'Error';
  const said = error?.message ? `: ${error.message}` : '';
  switch (code) {
    case 'LimitExceededException':
    case 'ThrottlingException':
      return new CostExplorerError(
        `AWS Cost Explorer is throttling the portal (${code}) after ${
          error?.$metadata?.attempts ?? maxAttempts
        } attempts; try again in a minute`,
        429,
        code,
      );
    case 'AccessDeniedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
    case 'MissingAuthenticationTokenException':
    case 'InvalidClientTokenId':
    case 'CredentialsProviderError':
      return new CostExplorerError(
        `AWS Cost Explorer refused the portal's credentials (${code})${said}. The portal's role needs ce:GetCostAndUsage (costInsights.aws.accountId, aws.accounts)`,
        502,
        code,
      );
    case 'DataUnavailableException':
      return new CostExplorerError(
        `AWS Cost Explorer has no data for this period yet (${code})${said}`,
        503,
        code,
      );
    case 'BillExpirationException':
      return new InputError(
        `AWS Cost Explorer no longer has the bills of this period (${code})${said}`,
      );
    case 'ValidationException':
      return new InputError(
        `AWS Cost Explorer refused the query (${code})${said}`,
      );
    default:
      return new CostExplorerError(
        `AWS Cost Explorer could not be read (${code})${said}`,
        502,
        code,
      );
  }
}

const MAX_PAGES = 50;

/**
 * GetCostAndUsage through the AWS SDK (which signs and retries), every page,
 * with the answers kept `cache.ttlMs` (Cost Explorer charges per request),
 * at most `cache.maxEntries` of them.
 */
export class CostExplorerSource {
  private readonly cache = new Map<
    string,
    { expires: number; rows: Promise<CostRow[]> }
  >();

  private constructor(
    private readonly client: CostExplorerClient,
    private readonly config: CostInsightsConfig,
    private readonly logger: LoggerService,
  ) {}

  static async create(options: {
    config: CostInsightsConfig;
    credentialsManager: AwsCredentialsManager;
    logger: LoggerService;
  }): Promise<CostExplorerSource> {
    const { config } = options;
    const { sdkCredentialProvider } =
      await options.credentialsManager.getCredentialProvider(
        config.aws.accountId ? { accountId: config.aws.accountId } : undefined,
      );
    const client = new CostExplorerClient({
      region: config.aws.region,
      endpoint: config.aws.endpoint,
      credentials: sdkCredentialProvider,
      maxAttempts: config.aws.maxAttempts,
    });
    return new CostExplorerSource(client, config, options.logger);
  }

  /** The cost (the configured metric) of each period and group. */
  async getCosts(query: CostQuery): Promise<CostRow[]> {
    const key = JSON.stringify(query);
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.rows;
    const rows = this.fetchAll(query);
    if (this.config.cache.ttlMs > 0) {
      this.cache.delete(key);
      this.cache.set(key, { expires: now + this.config.cache.ttlMs, rows });
      while (this.cache.size > this.config.cache.maxEntries) {
        this.cache.delete(this.cache.keys().next().value!);
      }
      // failures are not kept
      rows.catch(() => {
        if (this.cache.get(key)?.rows === rows) this.cache.delete(key);
      });
    }
    return rows;
  }

  private async fetchAll(query: CostQuery): Promise<CostRow[]> {
    const metric = this.config.metric;
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: query.start, End: query.end },
      Granularity: query.granularity,
      Metrics: [metric],
      Filter: query.filter,
      GroupBy: query.groupBy?.length ? query.groupBy : undefined,
    };
    const rows: CostRow[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let out;
      try {
        out = await this.client.send(
          new GetCostAndUsageCommand({ ...input, NextPageToken: token }),
        );
      } catch (error) {
        this.logger.warn(
          `GetCostAndUsage ${query.start}..${query.end} failed: ${error}`,
        );
        throw explainCostExplorerError(error, this.config.aws.maxAttempts);
      }
      for (const result of out.ResultsByTime ?? []) {
        const start = result.TimePeriod?.Start ?? '';
        if (input.GroupBy) {
          for (const group of result.Groups ?? []) {
            const value = group.Metrics?.[metric];
            rows.push({
              start,
              keys: group.Keys ?? [],
              amount: Number(value?.Amount ?? 0),
              unit: value?.Unit ?? 'USD',
            });
          }
        } else {
          const value = result.Total?.[metric];
          rows.push({
            start,
            keys: [],
            amount: Number(value?.Amount ?? 0),
            unit: value?.Unit ?? 'USD',
          });
        }
      }
      token = out.NextPageToken;
      if (!token) return rows;
    }
    throw new CostExplorerError(
      `AWS Cost Explorer answered more than ${MAX_PAGES} pages; narrow the period`,
      502,
      'TooManyPages',
    );
  }
}
