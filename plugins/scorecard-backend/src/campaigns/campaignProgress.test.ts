import type { ScorecardCampaignDefinition } from '@internal/backstage-plugin-scorecard-common';
import {
  burndown,
  campaignFigures,
  campaignStatus,
  isCampaignOver,
  isReminderDue,
  snapshotsToRecord,
  type CampaignCheckRow,
} from './campaignProgress';

const campaign: ScorecardCampaignDefinition = {
  id: 'q1-security',
  title: 'Q1 security',
  description: '',
  checks: ['vulnerability-scanning', 'image-signed'],
  scope: {},
  startDate: '2026-12-01',
  targetDate: '2027-03-31',
  reminderDays: 14,
};

const at = (iso: string) => new Date(iso);

describe('campaign dates', () => {
  it('is planned before its start date, active from 00:00 UTC of it', () => {
    expect(campaignStatus(campaign, null, at('2026-11-30T23:59:59Z'))).toBe(
      'planned',
    );
    expect(campaignStatus(campaign, null, at('2026-12-01T00:00:00Z'))).toBe(
      'active',
    );
    expect(
      campaignStatus(
        campaign,
        at('2027-04-01T01:00:00Z'),
        at('2027-04-02T00:00:00Z'),
      ),
    ).toBe('archived');
  });

  it('is over at the end of its target date, UTC', () => {
    expect(isCampaignOver(campaign, at('2027-03-31T23:59:59Z'))).toBe(false);
    expect(isCampaignOver(campaign, at('2027-04-01T00:00:00Z'))).toBe(true);
  });

  it('reminds from reminderDays days before the end of the target date', () => {
    expect(isReminderDue(campaign, at('2027-03-17T23:59:59Z'))).toBe(false);
    expect(isReminderDue(campaign, at('2027-03-18T00:00:00Z'))).toBe(true);
    expect(isReminderDue(campaign, at('2027-03-31T23:59:59Z'))).toBe(true);
    expect(isReminderDue(campaign, at('2027-04-01T00:00:00Z'))).toBe(false);
    // never before the start, even with a window longer than the campaign
    const short = { ...campaign, reminderDays: 365 };
    expect(isReminderDue(short, at('2026-11-30T00:00:00Z'))).toBe(false);
    expect(isReminderDue(short, at('2026-12-01T00:00:00Z'))).toBe(true);
  });
});

const row = (
  entityRef: string,
  owner: string | null,
  checkId: string,
  status: CampaignCheckRow['status'],
  exempt = false,
): CampaignCheckRow => ({ entityRef, owner, checkId, status, exempt });

describe('campaignFigures', () => {
  it('counts an entity done when each campaign check that applies passes or is exempt', () => {
    const figures = campaignFigures(
      [
        // both pass: done
        row(
          'component:default/a',
          'group:default/orders',
          'image-signed',
          'passed',
        ),
        row(
          'component:default/a',
          'group:default/orders',
          'vulnerability-scanning',
          'passed',
        ),
        // one applies and is exempt: done
        row(
          'component:default/b',
          'group:default/orders',
          'image-signed',
          'failed',
          true,
        ),
        // unknown is not done; remaining in the campaign's order
        row(
          'component:default/c',
          'group:default/orders',
          'image-signed',
          'unknown',
        ),
        row(
          'component:default/c',
          'group:default/orders',
          'vulnerability-scanning',
          'failed',
        ),
        // no owner
        row('component:default/d', null, 'vulnerability-scanning', 'passed'),
        row(
          'component:default/e',
          'group:default/payments',
          'image-signed',
          'failed',
        ),
      ],
      campaign.checks,
    );
    expect(figures).toEqual({
      progress: { entities: 5, done: 3 },
      teams: [
        { owner: 'group:default/orders', entities: 3, done: 2 },
        { owner: 'group:default/payments', entities: 1, done: 0 },
        { owner: 'none', entities: 1, done: 1 },
      ],
      entities: [
        {
          entityRef: 'component:default/c',
          owner: 'group:default/orders',
          done: false,
          remaining: ['vulnerability-scanning', 'image-signed'],
        },
        {
          entityRef: 'component:default/e',
          owner: 'group:default/payments',
          done: false,
          remaining: ['image-signed'],
        },
        {
          entityRef: 'component:default/a',
          owner: 'group:default/orders',
          done: true,
          remaining: [],
        },
        {
          entityRef: 'component:default/b',
          owner: 'group:default/orders',
          done: true,
          remaining: [],
        },
        {
          entityRef: 'component:default/d',
          owner: null,
          done: true,
          remaining: [],
        },
      ],
    });
  });

  it('is empty without entities', () => {
    expect(campaignFigures([], campaign.checks)).toEqual({
      progress: { entities: 0, done: 0 },
      teams: [],
      entities: [],
    });
  });
});

describe('snapshots and burn-down', () => {
  const t1 = at('2026-12-01T10:00:00Z');
  const t2 = at('2026-12-01T11:00:00Z');
  const t3 = at('2026-12-01T12:00:00Z');
  const orders = 'group:default/orders';
  const payments = 'group:default/payments';

  it('records the teams whose figures changed, and zeros for a team gone', () => {
    const previous = [
      { takenAt: t1, owner: orders, entities: 3, done: 1 },
      { takenAt: t1, owner: payments, entities: 2, done: 0 },
      { takenAt: t2, owner: orders, entities: 3, done: 2 },
    ];
    expect(
      snapshotsToRecord(previous, [
        { owner: orders, entities: 3, done: 2 },
        { owner: 'none', entities: 1, done: 1 },
      ]),
    ).toEqual([
      { owner: 'none', entities: 1, done: 1 },
      { owner: payments, entities: 0, done: 0 },
    ]);
    expect(
      snapshotsToRecord(previous, [
        { owner: orders, entities: 3, done: 2 },
        { owner: payments, entities: 2, done: 0 },
      ]),
    ).toEqual([]);
    expect(
      snapshotsToRecord(
        previous,
        [
          { owner: orders, entities: 3, done: 2 },
          { owner: payments, entities: 2, done: 0 },
        ],
        { all: true },
      ),
    ).toEqual([
      { owner: orders, entities: 3, done: 2 },
      { owner: payments, entities: 2, done: 0 },
    ]);
  });

  it("sums each team's latest figures at each snapshot time", () => {
    expect(
      burndown([
        { takenAt: t1, owner: orders, entities: 3, done: 1 },
        { takenAt: t1, owner: payments, entities: 2, done: 0 },
        // only orders changed
        { takenAt: t2, owner: orders, entities: 3, done: 2 },
        // payments left the campaign
        { takenAt: t3, owner: payments, entities: 0, done: 0 },
      ]),
    ).toEqual([
      { timestamp: '2026-12-01T10:00:00.000Z', entities: 5, remaining: 4 },
      { timestamp: '2026-12-01T11:00:00.000Z', entities: 5, remaining: 3 },
      { timestamp: '2026-12-01T12:00:00.000Z', entities: 3, remaining: 1 },
    ]);
    expect(burndown([])).toEqual([]);
  });
});
