import { ConfigReader } from '@backstage/config';
import { fakeReader } from '../pushedResults/__testUtils__/fakeReader';
import { entity, run } from './__testUtils__/runCheck';
import { createPushedBooleanCheckType } from './pushedBooleanCheck';

// run() judges the check "pushed-boolean-check"
const CHECK = 'pushed-boolean-check';
const NOW = new Date('2026-12-07T12:00:00Z');

const withValue = (value: number | boolean, extra: object = {}) =>
  createPushedBooleanCheckType({
    results: fakeReader([{ checkId: CHECK, value, ...extra }]),
    now: () => NOW,
  });

describe('pushed-boolean', () => {
  it('passes or fails as pushed, with the pushed message as the evidence', async () => {
    expect(
      await run(
        withValue(false, { message: '3 images unsigned: api, worker, cron' }),
        undefined,
        entity(),
      ),
    ).toEqual({
      status: 'failed',
      detail: '3 images unsigned: api, worker, cron',
    });
    expect(
      await run(
        withValue(true, { message: 'all 4 images signed' }),
        undefined,
        entity(),
      ),
    ).toEqual({ status: 'passed', detail: 'all 4 images signed' });
    expect(await run(withValue(true), undefined, entity())).toEqual({
      status: 'passed',
      detail: 'pushed as passed, without a message',
    });
  });

  it('is unknown without a result, or with one older than maxAge', async () => {
    expect(
      await run(
        createPushedBooleanCheckType({ results: fakeReader([]) }),
        undefined,
        entity(),
      ),
    ).toEqual({
      status: 'unknown',
      detail: 'no result pushed yet (POST /api/scorecard/v1/results)',
    });
    const old = withValue(true, {
      observedAt: new Date('2026-12-07T10:59:00Z'),
    });
    expect(await run(old, { maxAge: { hours: 1 } }, entity())).toEqual({
      status: 'unknown',
      detail: 'last result 2026-12-07T10:59:00.000Z is older than 1 hour',
    });
    expect(await run(old, { maxAge: { hours: 2 } }, entity())).toEqual({
      status: 'passed',
      detail: 'pushed as passed, without a message',
    });
    // without maxAge a result never expires
    expect((await run(old, undefined, entity())).status).toBe('passed');
  });

  it('is unknown when the stored result is a number (the check was a metric)', async () => {
    expect(await run(withValue(61), {}, entity())).toEqual({
      status: 'unknown',
      detail: 'the last result pushed is 61, not true or false',
    });
  });

  it('refuses a maxAge that is not a duration', () => {
    expect(() =>
      createPushedBooleanCheckType().parseParams(
        new ConfigReader({ maxAge: 'soon' }),
      ),
    ).toThrow(/^params.maxAge must be a duration such as \{ days: 7 \}/);
  });
});
