import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ScorecardStore } from '../database/ScorecardStore';
import type { ScorecardNotice } from '../notifications/types';
import {
  campaignStores,
  definition,
  evaluation,
  saveEvaluations,
} from './__testUtils__/campaignFixtures';
import { CampaignService } from './CampaignService';
import type { CampaignStore } from './CampaignStore';

/*
 * The service on SQLite with a clock the tests move: config campaigns
 * synchronized, read-only through the service, archived at the end of their
 * target date with frozen figures, the burn-down recorded after evaluations,
 * reminders within reminderDays, an entity's campaigns.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const ORDERS = 'group:default/order-squad';
const PAYMENTS = 'group:default/payments-squad';

const CHECKS = [
  { id: 'vulnerability-scanning', title: 'Vulnerability scanning in CI' },
  { id: 'image-signed', title: 'Image signed' },
  { id: 'techdocs', title: 'TechDocs configured' },
];

describe('CampaignService', () => {
  let scorecard: ScorecardStore;
  let store: CampaignStore;
  let now: Date;
  let sent: ScorecardNotice[][];

  const service = (
    configIds: string[],
    options: { notifier?: boolean } = { notifier: true },
  ) =>
    new CampaignService({
      store,
      checks: CHECKS,
      configIds: new Set(configIds),
      notifier: options.notifier
        ? {
            send: async notices => {
              sent.push(notices);
              return notices;
            },
          }
        : undefined,
      logger: mockServices.logger.mock(),
      now: () => now,
    });

  const evaluate = (results: {
    orderService: Record<string, 'passed' | 'failed' | 'unknown'>;
    payService: Record<string, 'passed' | 'failed' | 'unknown'>;
  }) =>
    saveEvaluations(
      scorecard,
      [
        evaluation(
          'component:default/order-service',
          { owner: ORDERS, type: 'service' },
          results.orderService,
        ),
        evaluation(
          'component:default/pay-service',
          { owner: PAYMENTS, type: 'service' },
          results.payService,
        ),
        evaluation(
          'component:default/docs-site',
          { owner: ORDERS, type: 'website' },
          { techdocs: 'passed' },
        ),
      ],
      now,
    );

  beforeEach(async () => {
    const stores = await campaignStores(await databases.init('SQLITE_3'));
    scorecard = stores.scorecard;
    store = stores.campaigns;
    now = new Date('2026-12-07T10:00:00Z');
    sent = [];
    await evaluate({
      orderService: {
        'vulnerability-scanning': 'failed',
        'image-signed': 'passed',
      },
      payService: {
        'vulnerability-scanning': 'failed',
        'image-signed': 'failed',
      },
    });
  });

  it('synchronizes the config campaigns: added, changed, removed unless archived', async () => {
    const q1 = definition({ id: 'q1-security' });
    const old = definition({
      id: 'old',
      startDate: '2026-01-01',
      targetDate: '2026-03-31',
    });
    const gone = definition({ id: 'gone' });
    await service([]).create(
      definition({ id: 'taken', title: 'API' }),
      'user:default/frank',
    );
    await service([]).syncConfigCampaigns([q1, old, gone]);
    // old is past its target date: archived at the first look
    expect(await service([]).archiveDue()).toBe(1);

    await service([]).syncConfigCampaigns([
      { ...q1, title: 'Q1 security, revised' },
      definition({ id: 'taken', title: 'From config' }),
    ]);
    const campaigns = await service(['q1-security', 'taken']).list();
    expect(campaigns.map(c => [c.id, c.title, c.source, c.status])).toEqual([
      // removed from the config, but archived: kept as history
      ['old', 'Q1 security', 'config', 'archived'],
      ['q1-security', 'Q1 security, revised', 'config', 'active'],
      // the config takes over an API campaign of the same id
      ['taken', 'From config', 'config', 'active'],
    ]);
  });

  it('refuses to change or delete a config campaign, and an id twice', async () => {
    const q1 = definition({ id: 'q1-security' });
    const s = service(['q1-security']);
    await s.syncConfigCampaigns([q1]);
    await expect(s.update('q1-security', q1)).rejects.toThrow(
      new ConflictError(
        'Campaign q1-security is defined in app-config.yaml (scorecard.campaigns): change it there, in Git',
      ),
    );
    await expect(s.delete('q1-security')).rejects.toThrow(ConflictError);
    await expect(s.create(q1, 'user:default/frank')).rejects.toThrow(
      new ConflictError(
        'A campaign q1-security exists; change it with PUT /v1/campaigns/q1-security',
      ),
    );
    await expect(s.get('nope')).rejects.toThrow(
      new NotFoundError('No campaign nope'),
    );
    await expect(s.delete('nope')).rejects.toThrow(NotFoundError);
  });

  it('archives a campaign at the end of its target date with its figures then, frozen', async () => {
    const s = service([]);
    await s.create(
      definition({ id: 'short', targetDate: '2026-12-10' }),
      'user:default/frank',
    );
    expect(await s.recordProgress()).toEqual({ snapshots: 2 });

    now = new Date('2026-12-10T23:59:59Z');
    expect(await s.archiveDue()).toBe(0);
    now = new Date('2026-12-11T00:00:00Z');
    await evaluate({
      orderService: {
        'vulnerability-scanning': 'passed',
        'image-signed': 'passed',
      },
      payService: {
        'vulnerability-scanning': 'failed',
        'image-signed': 'failed',
      },
    });
    const archived = await s.get('short');
    now = new Date('2026-12-12T00:00:00Z');
    // results that change after the archive change nothing
    await evaluate({
      orderService: {
        'vulnerability-scanning': 'passed',
        'image-signed': 'passed',
      },
      payService: {
        'vulnerability-scanning': 'passed',
        'image-signed': 'passed',
      },
    });
    expect(await s.recordProgress()).toEqual({ snapshots: 0 });
    expect(await s.get('short')).toEqual(archived);
    expect(archived).toMatchObject({
      status: 'archived',
      archivedAt: '2026-12-11T00:00:00.000Z',
      progress: { entities: 2, done: 1 },
      teams: [
        { owner: PAYMENTS, entities: 1, done: 0 },
        { owner: ORDERS, entities: 1, done: 1 },
      ],
      entities: [
        {
          entityRef: 'component:default/pay-service',
          owner: PAYMENTS,
          done: false,
          remaining: ['vulnerability-scanning', 'image-signed'],
        },
        {
          entityRef: 'component:default/order-service',
          owner: ORDERS,
          done: true,
          remaining: [],
        },
      ],
      burndown: [
        { timestamp: '2026-12-07T10:00:00.000Z', entities: 2, remaining: 2 },
        { timestamp: '2026-12-11T00:00:00.000Z', entities: 2, remaining: 1 },
      ],
    });

    // moving the target date later reopens it
    const reopened = await s.update('short', {
      ...definition({ id: 'short' }),
      targetDate: '2027-01-31',
    });
    expect(reopened).toMatchObject({
      status: 'active',
      progress: { entities: 2, done: 2 },
    });
    expect(reopened.archivedAt).toBeUndefined();
  });

  it('records the burn-down: the teams whose figures changed, after each evaluation', async () => {
    const s = service([]);
    await s.create(definition({ id: 'q1-security' }), 'user:default/frank');
    await s.create(
      definition({
        id: 'next',
        startDate: '2027-01-01',
        targetDate: '2027-02-01',
      }),
      'user:default/frank',
    );
    expect(await s.recordProgress()).toEqual({ snapshots: 2 });
    now = new Date('2026-12-07T11:00:00Z');
    expect(await s.recordProgress()).toEqual({ snapshots: 0 });
    now = new Date('2026-12-07T12:00:00Z');
    await evaluate({
      orderService: {
        'vulnerability-scanning': 'passed',
        'image-signed': 'passed',
      },
      payService: {
        'vulnerability-scanning': 'failed',
        'image-signed': 'failed',
      },
    });
    expect(await s.recordProgress()).toEqual({ snapshots: 1 });
    expect((await s.get('q1-security')).burndown).toEqual([
      { timestamp: '2026-12-07T10:00:00.000Z', entities: 2, remaining: 2 },
      { timestamp: '2026-12-07T12:00:00.000Z', entities: 2, remaining: 1 },
    ]);
    // a planned campaign has none yet
    expect(await s.get('next')).toMatchObject({
      status: 'planned',
      burndown: [],
    });
  });

  it('reminds the owners of entities not yet done within reminderDays of the target date', async () => {
    const s = service([]);
    await s.create(
      definition({ id: 'q1-security', reminderDays: 7 }),
      'user:default/frank',
    );
    await evaluate({
      orderService: {
        'vulnerability-scanning': 'failed',
        'image-signed': 'passed',
      },
      payService: {
        'vulnerability-scanning': 'passed',
        'image-signed': 'passed',
      },
    });
    now = new Date('2027-03-24T23:59:59Z');
    expect(await s.daily()).toEqual({ archived: 0, reminded: 0 });
    expect(sent).toEqual([]);

    now = new Date('2027-03-25T00:00:00Z');
    expect(await s.daily()).toEqual({ archived: 0, reminded: 1 });
    expect(sent).toEqual([
      [
        {
          kind: 'campaign-due',
          dedupeKey: 'campaign-due:q1-security:component:default/order-service',
          entityRef: 'component:default/order-service',
          recipient: ORDERS,
          title: 'Q1 security: due 2027-03-31',
          description:
            'component:default/order-service has yet to pass: Vulnerability scanning in CI',
          link: '/catalog/default/component/order-service/scorecard',
        },
      ],
    ]);

    // without a notifier, nothing is sent
    expect(await service([], { notifier: false }).daily()).toEqual({
      archived: 0,
      reminded: 0,
    });
    // after the target date: archived, no reminder
    now = new Date('2027-04-01T00:00:00Z');
    expect(await s.daily()).toEqual({ archived: 1, reminded: 0 });
  });

  it("lists an entity's campaigns that apply to it, soonest due first", async () => {
    const s = service([]);
    await s.create(definition({ id: 'q1-security' }), 'user:default/frank');
    await s.create(
      definition({
        id: 'docs',
        title: 'Docs',
        checks: ['techdocs', 'image-signed'],
        startDate: '2027-01-01',
        targetDate: '2027-01-31',
      }),
      'user:default/frank',
    );
    await s.create(
      definition({ id: 'payments', scope: { owner: [PAYMENTS] } }),
      'user:default/frank',
    );
    expect(await s.entityCampaigns('Component:default/Order-Service')).toEqual([
      {
        id: 'docs',
        title: 'Docs',
        targetDate: '2027-01-31',
        status: 'planned',
        checks: 1,
        passed: 1,
        done: true,
      },
      {
        id: 'q1-security',
        title: 'Q1 security',
        targetDate: '2027-03-31',
        status: 'active',
        checks: 2,
        passed: 1,
        done: false,
      },
    ]);
    // none of q1-security's checks applies to a website without an image
    expect(
      (await s.entityCampaigns('component:default/docs-site')).map(c => c.id),
    ).toEqual(['docs']);
    expect(await s.entityCampaigns('component:default/unknown')).toEqual([]);
  });
});
