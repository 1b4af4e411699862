import { ConfigReader } from '@backstage/config';
import { fakeReader } from '../pushedResults/__testUtils__/fakeReader';
import { entity, run } from './__testUtils__/runCheck';
import { createPushedMetricCheckType } from './pushedMetricCheck';

// run() judges the check "pushed-metric-check"
const CHECK = 'pushed-metric-check';
const NOW = new Date('2026-12-07T12:00:00Z');

const coverage = {
  label: 'coverage',
  unit: '%',
  operator: '>=',
  threshold: 80,
};

const withValue = (value: number | boolean, extra: object = {}) =>
  createPushedMetricCheckType({
    results: fakeReader([{ checkId: CHECK, value, ...extra }]),
    now: () => NOW,
  });

describe('pushed-metric', () => {
  it('passes or fails against the threshold, the evidence in the detail, the value kept', async () => {
    expect(await run(withValue(61), coverage, entity())).toEqual({
      status: 'failed',
      detail: 'coverage 61 % < 80 %',
      value: 61,
    });
    expect(await run(withValue(92), coverage, entity())).toEqual({
      status: 'passed',
      detail: 'coverage 92 % >= 80 %',
      value: 92,
    });
    expect(await run(withValue(80), coverage, entity())).toEqual({
      status: 'passed',
      detail: 'coverage 80 % >= 80 %',
      value: 80,
    });
  });

  it.each([
    ['>', 80.5, 'passed', 'p95 80.5 > 80'],
    ['>', 80, 'failed', 'p95 80 <= 80'],
    ['<=', 80, 'passed', 'p95 80 <= 80'],
    ['<=', 80.5, 'failed', 'p95 80.5 > 80'],
    ['<', 79, 'passed', 'p95 79 < 80'],
    ['<', 80, 'failed', 'p95 80 >= 80'],
    ['>=', 79.99, 'failed', 'p95 79.99 < 80'],
  ])(
    'operator %s with %s: %s, "%s" (no unit)',
    async (operator, value, status, detail) => {
      expect(
        await run(
          withValue(value),
          { label: 'p95', operator, threshold: 80 },
          entity(),
        ),
      ).toEqual({ status, detail, value });
    },
  );

  it("shows the pushed message after the evidence; the label defaults to the check's id", async () => {
    expect(
      await run(
        withValue(120, { message: 'p95 of the last 1000 requests' }),
        { unit: 'ms', operator: '<=', threshold: 200 },
        entity(),
      ),
    ).toEqual({
      status: 'passed',
      detail: `${CHECK} 120 ms <= 200 ms — p95 of the last 1000 requests`,
      value: 120,
    });
  });

  it('is unknown without a result, with the way to push one', async () => {
    const type = createPushedMetricCheckType({
      results: fakeReader([
        { checkId: CHECK, value: 90, entityRef: 'component:default/other' },
      ]),
      now: () => NOW,
    });
    expect(await run(type, coverage, entity())).toEqual({
      status: 'unknown',
      detail: 'no result pushed yet (POST /api/scorecard/v1/results)',
    });
  });

  it('is unknown when the last result is older than maxAge, and judged up to it', async () => {
    const params = { ...coverage, maxAge: { days: 7 } };
    const observedAt = (iso: string) =>
      withValue(92, { observedAt: new Date(iso) });
    expect(
      await run(observedAt('2026-11-30T11:59:59.999Z'), params, entity()),
    ).toEqual({
      status: 'unknown',
      detail: 'last result 2026-11-30T11:59:59.999Z is older than 7 days',
    });
    expect(
      await run(observedAt('2026-11-30T12:00:00.000Z'), params, entity()),
    ).toEqual({
      status: 'passed',
      detail: 'coverage 92 % >= 80 %',
      value: 92,
    });
    // an ISO 8601 duration is read too, and said in the largest exact unit
    expect(
      await run(
        observedAt('2026-12-05T23:00:00Z'),
        { ...coverage, maxAge: 'PT36H' },
        entity(),
      ),
    ).toEqual({
      status: 'unknown',
      detail: 'last result 2026-12-05T23:00:00.000Z is older than 36 hours',
    });
  });

  it('finds results by the normalized entity ref', async () => {
    const reader = fakeReader([]);
    const type = createPushedMetricCheckType({ results: reader });
    await run(type, coverage, {
      ...entity(),
      metadata: { name: 'Order-Service', namespace: 'Payments' },
    });
    expect(reader.asked).toEqual([['component:payments/order-service', CHECK]]);
  });

  it('is unknown when the stored result is not a number (the check was pass/fail)', async () => {
    expect(await run(withValue(true), coverage, entity())).toEqual({
      status: 'unknown',
      detail: 'the last result pushed for coverage is true, not a number',
    });
  });

  it('cannot evaluate without a store (config validation only)', async () => {
    await expect(
      run(createPushedMetricCheckType(), coverage, entity()),
    ).rejects.toThrow('pushed results cannot be read here');
  });

  it.each([
    [undefined, 'params.operator and params.threshold are required'],
    [{ threshold: 80 }, "Missing required config value at 'operator'"],
    [
      { operator: '=>', threshold: 80 },
      'params.operator must be one of >=, >, <=, <, not "=>"',
    ],
    [{ operator: '>=' }, "Missing required config value at 'threshold'"],
    [
      { operator: '>=', threshold: 80, maxAge: { weeks: 0 } },
      'params.maxAge must be longer than 0',
    ],
    [
      { operator: '>=', threshold: 80, maxAge: { fortnights: 1 } },
      /^params.maxAge must be a duration such as \{ days: 7 \} \(.*Needs one or more of 'years'/,
    ],
  ])('refuses params %j', (params, error) => {
    expect(() =>
      createPushedMetricCheckType().parseParams(
        params ? new ConfigReader(params as any) : undefined,
      ),
    ).toThrow(error);
  });
});
