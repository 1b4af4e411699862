import type { CheckStatus } from '@internal/backstage-plugin-scorecard-common';
import {
  decideNotifications,
  scorecardLink,
  type EntityTransition,
} from './decideNotifications';

const levels = [
  { name: 'Bronze', checks: ['has-owner'] },
  { name: 'Silver', checks: ['pagerduty-service', 'vulnerability-scanning'] },
  { name: 'Gold', checks: ['techdocs'] },
];
const checkTitles = new Map([
  ['has-owner', 'Has owner group defined'],
  ['pagerduty-service', 'Has PagerDuty service'],
  ['vulnerability-scanning', 'Vulnerability scanning in CI'],
  ['techdocs', 'TechDocs configured'],
]);
const options = { levels, checkTitles };

type Checks = Record<string, CheckStatus | [CheckStatus, 'exempt']>;
const state = (checks: Checks) =>
  Object.entries(checks).map(([checkId, s]) => ({
    checkId,
    status: Array.isArray(s) ? s[0] : s,
    exempt: Array.isArray(s),
    detail: `${checkId} is ${Array.isArray(s) ? s[0] : s}`,
  }));

const REF = 'component:default/order-service';
const OWNER = 'group:default/order-squad';

function transition(
  before: { level: string | null; checks: Checks },
  after: { level: string | null; checks: Checks },
  extra: Partial<EntityTransition> = {},
): EntityTransition {
  return {
    entityRef: REF,
    owner: OWNER,
    previous: {
      fingerprint: 'f1',
      historyId: '41',
      level: before.level,
      checks: new Map(
        state(before.checks).map(c => [
          c.checkId,
          { status: c.status, exempt: c.exempt },
        ]),
      ),
    },
    next: { level: after.level, checks: state(after.checks) },
    ...extra,
  };
}

const ALL_PASS: Checks = {
  'has-owner': 'passed',
  'pagerduty-service': 'passed',
  'vulnerability-scanning': 'passed',
  techdocs: 'passed',
};

describe('decideNotifications', () => {
  it('notifies a check that went from passed to failed, and the level lost', () => {
    const notices = decideNotifications(
      [
        transition(
          { level: 'Gold', checks: ALL_PASS },
          {
            level: 'Bronze',
            checks: { ...ALL_PASS, 'vulnerability-scanning': 'failed' },
          },
        ),
      ],
      options,
    );
    expect(notices).toEqual([
      {
        kind: 'check-regressed',
        dedupeKey:
          'check-regressed:component:default/order-service:vulnerability-scanning:h41',
        entityRef: REF,
        recipient: OWNER,
        title: 'order-service: Vulnerability scanning in CI now fails',
        description: 'vulnerability-scanning is failed',
        link: '/catalog/default/component/order-service/scorecard',
      },
      {
        kind: 'level-lost',
        dedupeKey: 'level-lost:component:default/order-service:Gold:h41',
        entityRef: REF,
        recipient: OWNER,
        title: 'order-service: lost the Gold level (now Bronze)',
        description: 'Failing: Vulnerability scanning in CI',
        link: '/catalog/default/component/order-service/scorecard',
      },
    ]);
  });

  it('notifies Bronze → no level', () => {
    const notices = decideNotifications(
      [
        transition(
          { level: 'Bronze', checks: { 'has-owner': 'passed' } },
          { level: null, checks: { 'has-owner': 'failed' } },
        ),
      ],
      options,
    );
    expect(notices.map(n => [n.kind, n.title])).toEqual([
      ['check-regressed', 'order-service: Has owner group defined now fails'],
      ['level-lost', 'order-service: lost the Bronze level (now no level)'],
    ]);
  });

  it.each<[string, Checks, Checks]>([
    ['passed → unknown', { techdocs: 'passed' }, { techdocs: 'unknown' }],
    ['unknown → failed', { techdocs: 'unknown' }, { techdocs: 'failed' }],
    [
      'failed → failed (detail)',
      { techdocs: 'failed' },
      { techdocs: 'failed' },
    ],
    ['failed → passed', { techdocs: 'failed' }, { techdocs: 'passed' }],
    ['unknown → passed', { techdocs: 'unknown' }, { techdocs: 'passed' }],
    ['a new check that fails', {}, { techdocs: 'failed' }],
    [
      'passed → failed, now exempt',
      { techdocs: 'passed' },
      { techdocs: ['failed', 'exempt'] },
    ],
  ])('sends nothing for %s', (_, before, after) => {
    expect(
      decideNotifications(
        [
          transition(
            { level: null, checks: { ...before } },
            { level: null, checks: { ...after } },
          ),
        ],
        options,
      ),
    ).toEqual([]);
  });

  it('notifies passed (exempt) → failed (no longer exempt)', () => {
    const notices = decideNotifications(
      [
        transition(
          { level: null, checks: { techdocs: ['passed', 'exempt'] } },
          { level: null, checks: { techdocs: 'failed' } },
        ),
      ],
      options,
    );
    expect(notices.map(n => n.dedupeKey)).toEqual([
      'check-regressed:component:default/order-service:techdocs:h41',
    ]);
  });

  it('sends no level-lost for a level lost only to unknown results', () => {
    expect(
      decideNotifications(
        [
          transition(
            { level: 'Gold', checks: ALL_PASS },
            { level: 'Silver', checks: { ...ALL_PASS, techdocs: 'unknown' } },
          ),
        ],
        options,
      ),
    ).toEqual([]);
  });

  it('sends no level-lost for a level lost to a check that is new', () => {
    const { techdocs, ...withoutTechdocs } = ALL_PASS;
    expect(
      decideNotifications(
        [
          transition(
            { level: 'Gold', checks: withoutTechdocs },
            { level: 'Silver', checks: { ...ALL_PASS, techdocs: 'failed' } },
          ),
        ],
        options,
      ),
    ).toEqual([]);
  });

  it('notifies a level lost to an exemption that ended on a failing check', () => {
    const notices = decideNotifications(
      [
        transition(
          {
            level: 'Gold',
            checks: { ...ALL_PASS, techdocs: ['failed', 'exempt'] },
          },
          { level: 'Silver', checks: { ...ALL_PASS, techdocs: 'failed' } },
        ),
      ],
      options,
    );
    expect(notices.map(n => [n.kind, n.title, n.description])).toEqual([
      [
        'level-lost',
        'order-service: lost the Gold level (now Silver)',
        'Failing: TechDocs configured',
      ],
    ]);
  });

  it('sends no level-lost for a level gained or a level no longer configured', () => {
    expect(
      decideNotifications(
        [
          transition(
            { level: 'Silver', checks: { ...ALL_PASS, techdocs: 'failed' } },
            { level: 'Gold', checks: ALL_PASS },
          ),
          transition(
            { level: 'Platinum', checks: ALL_PASS },
            { level: 'Gold', checks: { ...ALL_PASS, 'has-owner': 'unknown' } },
          ),
        ],
        options,
      ),
    ).toEqual([]);
  });

  it('sends nothing for an entity without owner', () => {
    expect(
      decideNotifications(
        [
          transition(
            { level: 'Gold', checks: ALL_PASS },
            { level: null, checks: { ...ALL_PASS, 'has-owner': 'failed' } },
            { owner: null },
          ),
        ],
        options,
      ),
    ).toEqual([]);
  });

  it('builds the same key from the same previous state, a new one from a later state', () => {
    const regress = (historyId: string | null, fingerprint = 'f1') =>
      decideNotifications(
        [
          transition(
            { level: null, checks: { techdocs: 'passed' } },
            { level: null, checks: { techdocs: 'failed' } },
            {
              previous: {
                fingerprint,
                historyId,
                level: null,
                checks: new Map([
                  ['techdocs', { status: 'passed', exempt: false }],
                ]),
              },
            },
          ),
        ],
        options,
      )[0].dedupeKey;
    // another replica, same stored state; the detail it read may differ
    expect(regress('41')).toBe(regress('41'));
    // the check passed again (history row 57), then failed again
    expect(regress('57')).toBe(
      'check-regressed:component:default/order-service:techdocs:h57',
    );
    // no history row: the fingerprint names the state
    expect(regress(null, 'abc')).toBe(
      'check-regressed:component:default/order-service:techdocs:fabc',
    );
  });

  it('uses the check id when the check has no title (no longer configured)', () => {
    const notices = decideNotifications(
      [
        transition(
          { level: null, checks: { 'old-check': 'passed' } },
          { level: null, checks: { 'old-check': 'failed' } },
        ),
      ],
      options,
    );
    expect(notices[0].title).toBe('order-service: old-check now fails');
  });
});

describe('scorecardLink', () => {
  it('links the Scorecard tab of the entity page', () => {
    expect(scorecardLink('api:payments/orders-api')).toBe(
      '/catalog/payments/api/orders-api/scorecard',
    );
  });
});
