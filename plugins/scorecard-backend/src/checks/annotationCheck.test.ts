import { entity, run } from './__testUtils__/runCheck';
import { annotationCheckType } from './annotationCheck';

describe('annotation', () => {
  it('passes when present, fails when missing, empty or not matching', async () => {
    const p = { annotation: 'pagerduty.com/service-id' };
    expect(
      await run(
        annotationCheckType,
        p,
        entity({ 'pagerduty.com/service-id': 'PXXXXX' }),
      ),
    ).toEqual({ status: 'passed', detail: 'pagerduty.com/service-id: PXXXXX' });
    expect(await run(annotationCheckType, p, entity())).toEqual({
      status: 'failed',
      detail: 'no pagerduty.com/service-id annotation',
    });
    expect(
      (
        await run(
          annotationCheckType,
          p,
          entity({ 'pagerduty.com/service-id': ' ' }),
        )
      ).status,
    ).toBe('failed');
    const runbook = { annotation: 'runbook.io/url', pattern: '^https?://' };
    expect(
      await run(
        annotationCheckType,
        runbook,
        entity({ 'runbook.io/url': 'wiki page' }),
      ),
    ).toEqual({
      status: 'failed',
      detail: String.raw`runbook.io/url is "wiki page", which does not match ^https?:\/\/`,
    });
    const slo = { annotation: 'slo.io/slo-defined', equals: 'true' };
    expect(
      (
        await run(
          annotationCheckType,
          slo,
          entity({ 'slo.io/slo-defined': 'false' }),
        )
      ).detail,
    ).toBe('slo.io/slo-defined is "false", expected "true"');
  });
});
