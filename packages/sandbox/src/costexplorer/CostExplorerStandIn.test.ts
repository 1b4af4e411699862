import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { signAwsRequest } from '../s3/sigv4';
import {
  CostExplorerStandIn,
  SANDBOX_COST_EXPLORER_CREDENTIALS,
} from './CostExplorerStandIn';
import { CostLineItem } from './model';

/*
 * The Cost Explorer stand-in through the real AWS SDK client (SigV4, AWS
 * JSON 1.1, its error parsing and retries).
 */

const LAST_DAY = '2026-03-31';
const RDS = 'Amazon Relational Database Service';
const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const SQS = 'Amazon Simple Queue Service';

function days(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return d.toISOString().slice(0, 10);
  });
}

// March 2026: order-service 10 (RDS) + 5 (EC2) a day, payment-service 2
// (SQS) a day, and 1 a day untagged
const items: CostLineItem[] = days('2026-03-01', 31).flatMap(
  (date): CostLineItem[] => [
    {
      date,
      service: RDS,
      tags: { team: 'order-squad', service: 'order-service' },
      unblendedCost: 10,
      amortizedCost: 8,
    },
    {
      date,
      service: EC2,
      tags: { team: 'order-squad', service: 'order-service' },
      unblendedCost: 5,
    },
    {
      date,
      service: SQS,
      tags: { team: 'payments-squad', service: 'payment-service' },
      unblendedCost: 2,
    },
    { date, service: EC2, tags: {}, unblendedCost: 1 },
  ],
);

describe('CostExplorerStandIn', () => {
  let ce: CostExplorerStandIn;
  let client: CostExplorerClient;

  const clientWith = (
    credentials = SANDBOX_COST_EXPLORER_CREDENTIALS,
    region = 'us-east-1',
  ) =>
    new CostExplorerClient({
      region,
      endpoint: ce.url,
      credentials,
      maxAttempts: 3,
    });

  const send = (input: GetCostAndUsageCommandInput, c = client) =>
    c.send(new GetCostAndUsageCommand(input));

  const march = { Start: '2026-03-01', End: '2026-04-01' };

  beforeAll(async () => {
    ce = await CostExplorerStandIn.start({
      pageSize: 20,
      lastDataDay: () => LAST_DAY,
    });
    ce.seed(items);
    client = clientWith();
  });
  afterAll(() => ce?.close());
  afterEach(() => ce.clearFaults());

  it('answers a signed GetCostAndUsage with daily totals', async () => {
    const out = await send({
      TimePeriod: { Start: '2026-03-10', End: '2026-03-13' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
    });
    expect(out.ResultsByTime).toHaveLength(3);
    expect(out.ResultsByTime![0]).toEqual({
      TimePeriod: { Start: '2026-03-10', End: '2026-03-11' },
      Total: {
        UnblendedCost: { Amount: '18', Unit: 'USD' },
        AmortizedCost: { Amount: '16', Unit: 'USD' },
      },
      Groups: [],
      Estimated: false,
    });
    expect(out.NextPageToken).toBeUndefined();
    const request = ce.requests[ce.requests.length - 1];
    expect(request.target).toBe('AWSInsightsIndexService.GetCostAndUsage');
    expect(request.accessKeyId).toBe('SANDBOXCOSTEXPLORER');
  });

  it('filters by tag and groups by AWS service, monthly', async () => {
    const out = await send({
      TimePeriod: march,
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      Filter: { Tags: { Key: 'service', Values: ['order-service'] } },
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    });
    expect(out.GroupDefinitions).toEqual([
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ]);
    expect(out.ResultsByTime).toHaveLength(1);
    expect(out.ResultsByTime![0].Total).toEqual({});
    expect(out.ResultsByTime![0].Groups).toEqual([
      {
        Keys: [EC2],
        Metrics: { UnblendedCost: { Amount: '155', Unit: 'USD' } },
      },
      {
        Keys: [RDS],
        Metrics: { UnblendedCost: { Amount: '310', Unit: 'USD' } },
      },
    ]);
  });

  it("groups by tag with AWS's key$value keys, untagged as key$", async () => {
    const out = await send({
      TimePeriod: { Start: '2026-03-01', End: '2026-03-02' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'TAG', Key: 'team' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });
    expect(
      out.ResultsByTime![0].Groups!.map(g => [
        ...g.Keys!,
        g.Metrics!.UnblendedCost.Amount,
      ]),
    ).toEqual([
      ['team$', EC2, '1'],
      ['team$order-squad', EC2, '5'],
      ['team$order-squad', RDS, '10'],
      ['team$payments-squad', SQS, '2'],
    ]);
  });

  it('combines And, Or and Not over tags and dimensions, with match options', async () => {
    const total = async (Filter: any) => {
      const out = await send({
        TimePeriod: { Start: '2026-03-01', End: '2026-03-02' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter,
      });
      return Number(out.ResultsByTime![0].Total!.UnblendedCost.Amount);
    };
    expect(
      await total({
        And: [
          { Tags: { Key: 'team', Values: ['order-squad'] } },
          { Not: { Dimensions: { Key: 'SERVICE', Values: [RDS] } } },
        ],
      }),
    ).toBe(5);
    expect(
      await total({
        Or: [
          { Tags: { Key: 'service', Values: ['payment-service'] } },
          { Tags: { Key: 'team', MatchOptions: ['ABSENT'] } },
        ],
      }),
    ).toBe(3);
    expect(
      await total({
        Tags: {
          Key: 'service',
          Values: ['ORDER'],
          MatchOptions: ['STARTS_WITH', 'CASE_INSENSITIVE'],
        },
      }),
    ).toBe(15);
    expect(
      await total({ Dimensions: { Key: 'SERVICE', Values: [EC2, SQS] } }),
    ).toBe(8);
  });

  it('pages with NextPageToken, and refuses a token of another request', async () => {
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: march,
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'TAG', Key: 'service' }],
    };
    // 31 days x 3 groups = 93 groups, 20 a page
    const pages = [];
    let token: string | undefined;
    do {
      const out = await send({ ...input, NextPageToken: token });
      pages.push(out);
      token = out.NextPageToken;
    } while (token && pages.length < 10);
    expect(pages).toHaveLength(5);
    const groups = pages.flatMap(p =>
      p.ResultsByTime!.flatMap(r =>
        r.Groups!.map(g => `${r.TimePeriod!.Start} ${g.Keys![0]}`),
      ),
    );
    expect(groups).toHaveLength(93);
    expect(new Set(groups).size).toBe(93);

    await expect(
      send({
        ...input,
        Metrics: ['AmortizedCost'],
        NextPageToken: pages[0].NextPageToken,
      }),
    ).rejects.toMatchObject({ name: 'RequestChangedException' });
    await expect(
      send({ ...input, NextPageToken: 'not-a-token' }),
    ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });

  it.each([
    [{ Start: '2026-03-05', End: '2026-03-05' }, /should be before end date/],
    [{ Start: '2026-3-5', End: '2026-03-06' }, /Start date is invalid/],
    [{ Start: '2026-02-30', End: '2026-03-06' }, /Start date is invalid/],
  ])('refuses the TimePeriod %j as ValidationException', async (period, m) => {
    await expect(
      send({
        TimePeriod: period,
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
      }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(m),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses more than two GroupBy, unknown metrics and two-rooted filters', async () => {
    const base = {
      TimePeriod: march,
      Granularity: 'DAILY' as const,
      Metrics: ['UnblendedCost'],
    };
    await expect(
      send({
        ...base,
        GroupBy: [
          { Type: 'TAG', Key: 'team' },
          { Type: 'TAG', Key: 'service' },
          { Type: 'DIMENSION', Key: 'SERVICE' },
        ],
      }),
    ).rejects.toThrow(/up to two different groups/);
    await expect(send({ ...base, Metrics: ['Cost'] })).rejects.toThrow(
      /Metrics \[Cost\] are not supported/,
    );
    await expect(
      send({
        ...base,
        Filter: {
          Tags: { Key: 'team', Values: ['x'] },
          Dimensions: { Key: 'SERVICE', Values: [RDS] },
        },
      }),
    ).rejects.toThrow(/more than one roots/);
  });

  it('has no data from today on, and no bills older than 14 months', async () => {
    await expect(
      send({
        TimePeriod: { Start: '2026-04-01', End: '2026-04-02' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
      }),
    ).rejects.toMatchObject({ name: 'DataUnavailableException' });
    await expect(
      send({
        TimePeriod: { Start: '2024-12-01', End: '2025-01-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
      }),
    ).rejects.toMatchObject({
      name: 'BillExpirationException',
      message:
        'The requested report expired. Update the date interval and try again.',
    });
  });

  it('refuses unknown keys and bad signatures as AWS does', async () => {
    const input = {
      TimePeriod: march,
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    await expect(
      send(
        input,
        clientWith({ accessKeyId: 'SANDBOXUNKNOWN', secretAccessKey: 'x' }),
      ),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    await expect(
      send(
        input,
        clientWith({
          accessKeyId: SANDBOX_COST_EXPLORER_CREDENTIALS.accessKeyId,
          secretAccessKey: 'wrong-secret',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/does not match the signature/),
    });
    await expect(
      send(input, clientWith(SANDBOX_COST_EXPLORER_CREDENTIALS, 'eu-west-1')),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    // unsigned
    const res = await fetch(ce.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSInsightsIndexService.GetCostAndUsage',
      },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      Message: 'Missing Authentication Token',
    });
  });

  it('speaks AWS JSON 1.1 only: the target and content type', async () => {
    const call = (target: string, contentType: string) => {
      const body = JSON.stringify({});
      const headers = signAwsRequest({
        method: 'POST',
        url: `${ce.url}/`,
        headers: { 'content-type': contentType, 'x-amz-target': target },
        body,
        region: 'us-east-1',
        service: 'ce',
        credentials: SANDBOX_COST_EXPLORER_CREDENTIALS,
      });
      return fetch(`${ce.url}/`, { method: 'POST', headers, body });
    };
    const unknown = await call(
      'AWSInsightsIndexService.GetSavingsPlansCoverage',
      'application/x-amz-json-1.1',
    );
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe('UnknownOperationException');
    const wrongType = await call(
      'AWSInsightsIndexService.GetCostAndUsage',
      'application/json',
    );
    expect((await wrongType.json()).__type).toBe('SerializationException');
  });

  it('throttles (LimitExceededException), which the SDK retries', async () => {
    const input = {
      TimePeriod: march,
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    const before = ce.requests.length;
    ce.failNextCall('LimitExceededException', { times: 2 });
    const out = await send(input);
    expect(out.ResultsByTime![0].Total!.UnblendedCost.Amount).toBe('558');
    expect(ce.requests.slice(before).map(r => r.errorType)).toEqual([
      'LimitExceededException',
      'LimitExceededException',
      undefined,
    ]);

    ce.failNextCall('LimitExceededException', { times: 3 });
    await expect(send(input)).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400, attempts: 3 },
    });
  }, 30_000);

  it.each([
    'AccessDeniedException',
    'DataUnavailableException',
    'BillExpirationException',
  ] as const)('fails with an injected %s, not retried', async type => {
    const before = ce.requests.length;
    ce.failNextCall(type);
    await expect(
      send({
        TimePeriod: march,
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
      }),
    ).rejects.toMatchObject({ name: type, $metadata: { attempts: 1 } });
    expect(ce.requests.length - before).toBe(1);
  });

  it('takes failures as failNext queues them (the control API)', async () => {
    const input = {
      TimePeriod: march,
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    ce.failNext('POST', '^/GetCostAndUsage$', 400, 'AccessDeniedException');
    await expect(send(input)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(
        /not authorized to perform: ce:GetCostAndUsage/,
      ),
    });
    ce.failNext('*', '.*', 403);
    await expect(send(input)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    ce.failNext('POST', '.*', 503, 'down for maintenance', 3);
    await expect(send(input)).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      message: 'down for maintenance',
    });
    await expect(send(input)).resolves.toBeDefined();
  }, 30_000);
});
