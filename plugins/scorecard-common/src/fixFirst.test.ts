import { checksToFixFirst } from './fixFirst';
import type { ScorecardCheckResult } from './types';

const check = (
  id: string,
  status: ScorecardCheckResult['status'],
  exempt = false,
): ScorecardCheckResult => ({
  id,
  title: id,
  dimension: 'security',
  description: '',
  status,
  passed: status === 'passed',
  detail: '',
  exempt,
  evaluatedAt: '2026-12-06T00:00:00Z',
});

const levels = [
  { name: 'Bronze', checks: ['owner', 'docs'] },
  { name: 'Silver', checks: ['runbook', 'scan'] },
  { name: 'Gold', checks: ['slo'] },
];

describe('checksToFixFirst', () => {
  it('puts the lowest unreached level first, then the levels above, then the rest', () => {
    const fix = checksToFixFirst(
      [
        check('slo', 'failed'),
        check('extra', 'failed'),
        check('scan', 'unknown'),
        check('owner', 'passed'),
        check('docs', 'failed'),
        check('runbook', 'failed'),
      ],
      levels,
    );
    expect(fix.map(c => [c.id, c.blocksLevel])).toEqual([
      ['docs', 'Bronze'],
      ['scan', 'Silver'],
      ['runbook', 'Silver'],
      ['slo', 'Gold'],
      ['extra', null],
    ]);
  });

  it('leaves out passed and exempt checks', () => {
    expect(
      checksToFixFirst(
        [check('owner', 'passed'), check('docs', 'failed', true)],
        levels,
      ),
    ).toEqual([]);
  });
});
