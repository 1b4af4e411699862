import { scoreResults, type RawCheckResult } from './scoring';

const levels = [
  { name: 'Bronze', checks: ['owner', 'docs'] },
  { name: 'Silver', checks: ['runbook'] },
  { name: 'Gold', checks: ['slo', 'pdb'] },
];
const r = (
  checkId: string,
  status: RawCheckResult['status'],
): RawCheckResult => ({
  checkId,
  status,
  detail: '',
});

describe('scoreResults', () => {
  it('counts passes, reaches levels in order, and stops at the first unmet one', () => {
    const score = scoreResults(
      [
        r('owner', 'passed'),
        r('docs', 'passed'),
        r('runbook', 'failed'),
        r('slo', 'passed'),
      ],
      [],
      levels,
    );
    expect([score.passed, score.total, score.level]).toEqual([3, 4, 'Bronze']);
    expect(
      scoreResults([r('owner', 'failed'), r('docs', 'passed')], [], levels)
        .level,
    ).toBeNull();
  });

  it('never counts unknown as a pass', () => {
    const score = scoreResults(
      [r('owner', 'unknown'), r('docs', 'passed')],
      [],
      levels,
    );
    expect([score.passed, score.total, score.level]).toEqual([1, 2, null]);
  });

  it('skips levels none of whose checks apply', () => {
    // a Resource: only owner applies
    expect(scoreResults([r('owner', 'passed')], [], levels).level).toBe(
      'Bronze',
    );
    expect(
      scoreResults(
        [r('owner', 'passed'), r('docs', 'passed'), r('slo', 'passed')],
        [],
        levels,
      ).level,
    ).toBe('Gold');
  });

  it('leaves exempt checks out of the score, lets them satisfy levels, and says when to rescore', () => {
    const soon = new Date(Date.now() + 60_000);
    const later = new Date(Date.now() + 120_000);
    const results = [
      r('owner', 'passed'),
      r('docs', 'passed'),
      r('runbook', 'failed'),
      r('pdb', 'unknown'),
    ];
    const score = scoreResults(
      results,
      [
        { checkId: 'runbook', expiresAt: later },
        { checkId: 'pdb', expiresAt: soon },
      ],
      levels,
    );
    expect([score.passed, score.total, score.level]).toEqual([2, 2, 'Gold']);
    expect(score.rescoreAt).toEqual(soon);
    expect([...score.exempt].sort()).toEqual(['pdb', 'runbook']);
    expect(score.fingerprint).not.toBe(
      scoreResults(results, [], levels).fingerprint,
    );
  });
});
