import {
  day,
  docsFreshness,
  duration,
  mostFailedStep,
  percent,
} from './format';
import { docsHealthRow, templateHealthRow } from './__testUtils__/adoptionApi';

describe('format', () => {
  it('percent', () => {
    expect(percent(0.875)).toBe('88%');
    expect(percent(0)).toBe('0%');
    expect(percent(null)).toBe('–');
  });

  it('duration', () => {
    expect(duration(44.6)).toBe('45 s');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(120)).toBe('2 min');
    expect(duration(3780)).toBe('1 h 3 min');
    expect(duration(7200)).toBe('2 h');
    expect(duration(null)).toBe('–');
  });

  it('day', () => {
    expect(day('2026-12-07T06:00:00.000Z')).toBe('2026-12-07');
    expect(day('')).toBe('never');
    expect(day(null, 'unknown')).toBe('unknown');
  });

  it('mostFailedStep', () => {
    expect(mostFailedStep(templateHealthRow())).toBe(
      'Publish to GitHub (1 failure)',
    );
    expect(
      mostFailedStep(
        templateHealthRow({
          mostFailedStepName: '',
          mostFailedStepFailures: 3,
        }),
      ),
    ).toBe('publish (3 failures)');
    expect(
      mostFailedStep(
        templateHealthRow({
          mostFailedStep: null,
          mostFailedStepName: null,
          mostFailedStepFailures: 0,
        }),
      ),
    ).toBe('none');
  });

  it('docsFreshness: stale or not, and by how much', () => {
    expect(docsFreshness(docsHealthRow())).toBe(
      'Stale: 12 days behind the code',
    );
    expect(docsFreshness(docsHealthRow({ docsBehindDays: 1 }))).toBe(
      'Stale: 1 day behind the code',
    );
    expect(
      docsFreshness(docsHealthRow({ status: 'fresh', docsBehindDays: 0 })),
    ).toBe('Fresh');
    expect(
      docsFreshness(docsHealthRow({ status: 'not-built', lastBuiltAt: null })),
    ).toBe('Not built');
    expect(docsFreshness(docsHealthRow({ status: 'not-built' }))).toBe(
      'Not built since the last docs change',
    );
    expect(
      docsFreshness(
        docsHealthRow({ status: 'unknown', error: 'HTTP 404 from GitHub' }),
      ),
    ).toBe('Unknown: HTTP 404 from GitHub');
  });
});
