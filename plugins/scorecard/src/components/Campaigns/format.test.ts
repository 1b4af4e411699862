import {
  describeBurndown,
  entityCampaignLine,
  orderCampaigns,
  progressText,
} from './format';
import { campaignSummary } from './__testUtils__/campaignsApi';

describe('campaign formats', () => {
  it("writes the entity card's line", () => {
    expect(
      entityCampaignLine({
        id: 'q1-security',
        title: 'Q1 security',
        targetDate: '2027-03-31',
        status: 'active',
        checks: 3,
        passed: 2,
        done: false,
      }),
    ).toBe('Q1 security: due 2027-03-31, 2 of 3 done');
  });

  it('writes progress with its percentage', () => {
    expect(progressText({ entities: 3, done: 2 })).toBe(
      '2 of 3 entities done (67%)',
    );
    expect(progressText({ entities: 1, done: 1 })).toBe(
      '1 of 1 entity done (100%)',
    );
    expect(progressText({ entities: 0, done: 0 })).toBe(
      '0 of 0 entities done (0%)',
    );
  });

  it('orders active, planned, then archived campaigns, soonest due first', () => {
    expect(
      orderCampaigns([
        campaignSummary({
          id: 'old',
          status: 'archived',
          targetDate: '2026-06-30',
        }),
        campaignSummary({ id: 'later', targetDate: '2027-06-30' }),
        campaignSummary({
          id: 'next',
          status: 'planned',
          targetDate: '2027-01-31',
        }),
        campaignSummary({ id: 'sooner', targetDate: '2027-03-31' }),
      ]).map(c => c.id),
    ).toEqual(['sooner', 'later', 'next', 'old']);
  });

  it('describes a burn-down for screen readers', () => {
    expect(describeBurndown([])).toBe('burn-down: no evaluation recorded yet');
    expect(
      describeBurndown([
        { timestamp: '2026-12-01T10:00:00.000Z', entities: 3, remaining: 3 },
      ]),
    ).toBe('burn-down: 3 of 3 left on 2026-12-01');
    expect(
      describeBurndown([
        { timestamp: '2026-12-01T10:00:00.000Z', entities: 3, remaining: 3 },
        { timestamp: '2026-12-05T10:00:00.000Z', entities: 3, remaining: 2 },
        { timestamp: '2026-12-07T10:00:00.000Z', entities: 4, remaining: 1 },
      ]),
    ).toBe('burn-down: 3 of 3 left on 2026-12-01 → 1 of 4 left on 2026-12-07');
  });
});
