import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { CheckStatus } from '@internal/backstage-plugin-scorecard-common';
import { scorecardChecksExtensionPoint } from '@internal/backstage-plugin-scorecard-node';
import {
  BASIC_CHECKS,
  entity,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from '../__testUtils__/scorecardTestBackend';
import { toDate } from '../database/ScorecardStore';
import {
  fitKey,
  NotificationsScorecardNotifier,
} from './NotificationsScorecardNotifier';
import type { ScorecardNotice } from './types';

/*
 * Two replicas of the scorecard plugin on one database (PostgreSQL and
 * SQLite), each with its own notifications service: a regression seen by
 * both is sent once, by whichever records its key first.
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const REF = 'component:default/order-service';
const OWNER = 'group:default/order-squad';
const LINK = '/catalog/default/component/order-service/scorecard';

/** a check whose status is the entity's `test/probe` annotation */
const PROBE = 'test/probe';
const probeModule = createBackendModule({
  pluginId: 'scorecard',
  moduleId: 'test-probe',
  register(env) {
    env.registerInit({
      deps: { checks: scorecardChecksExtensionPoint },
      async init({ checks }) {
        checks.addCheckType({
          id: 'test-probe',
          parseParams: () => ({}),
          evaluate: e => {
            const status = (e.metadata.annotations?.[PROBE] ??
              'unknown') as CheckStatus;
            return { status, detail: `probe ${status}` };
          },
        });
      },
    });
  },
});
const CHECKS = [
  ...BASIC_CHECKS,
  { id: 'probe', type: 'test-probe', title: 'Probe', dimension: 'Reliability' },
];

// techdocs counts for no level: its regression is one notice alone
const LEVELS = [
  { name: 'Bronze', checks: ['has-owner'] },
  { name: 'Silver', checks: ['pagerduty-service'] },
];
// no background evaluation: only the test's requests evaluate
const LATER = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 1 },
};

describe.each(databases.eachSupportedId())(
  'scorecard notifications on %s',
  databaseId => {
    let replicas: ScorecardTestBackend[];
    let sent: NotificationSendOptions[];
    let orderService: Entity;
    let version = 1;

    /** changes the entity in the catalog both replicas read */
    const edit = (annotations: Record<string, string>) => {
      orderService.metadata.annotations = annotations;
      orderService.metadata.etag = `etag-order-service-${++version}`;
    };
    const evaluateOn = async (replica: ScorecardTestBackend) => {
      const res = await replica.api('/v1/evaluate', {
        method: 'POST',
        body: JSON.stringify({ entityRefs: [REF] }),
      });
      return res.status;
    };
    /** both replicas evaluate the entity at once */
    const evaluateOnBoth = async () => {
      expect(await Promise.all(replicas.map(evaluateOn))).toEqual([200, 200]);
    };
    /** the id of the history row of the entity's stored state */
    const latestHistoryId = async () =>
      String(
        (
          await replicas[0]
            .knex('scorecard_history')
            .where('entity_ref', REF)
            .max({ id: 'id' })
        )[0].id,
      );
    const notice = (
      title: string,
      description: string,
      severity: 'normal' | 'high',
      scope: string,
    ): NotificationSendOptions => ({
      recipients: { type: 'entity', entityRef: OWNER },
      payload: {
        title,
        description,
        link: LINK,
        severity,
        topic: 'scorecard',
        scope,
      },
    });

    beforeAll(async () => {
      sent = [];
      orderService = entity(
        'Component',
        'order-service',
        { type: 'service', lifecycle: 'production', owner: 'order-squad' },
        {
          annotations: {
            'pagerduty.com/service-id': 'PXXXXX',
            'backstage.io/techdocs-ref': 'dir:.',
          },
        },
      );
      const notifications: NotificationService = {
        send: async options => {
          sent.push(options);
        },
      };
      const options = {
        databases,
        databaseId,
        entities: [orderService],
        scorecard: {
          checks: CHECKS,
          levels: LEVELS,
          schedule: LATER,
          changeDetection: LATER,
        },
        notifications,
        features: [probeModule],
      };
      const first = await startScorecardTestBackend(options);
      const second = await startScorecardTestBackend({
        ...options,
        knex: first.knex,
      });
      replicas = [first, second];
    });

    afterAll(async () => {
      await Promise.all(replicas.map(r => r.stop()));
    });

    it('sends nothing for a first evaluation', async () => {
      await evaluateOnBoth();
      const { body } = await replicas[0].json(
        '/v1/entities/component/default/order-service',
      );
      expect(body.level).toBe('Silver');
      expect(sent).toEqual([]);
    });

    it('sends a regression once, from two replicas', async () => {
      const from = await latestHistoryId();
      edit({ 'pagerduty.com/service-id': 'PXXXXX' });
      await evaluateOnBoth();
      expect(sent).toEqual([
        notice(
          'order-service: TechDocs configured now fails',
          'no backstage.io/techdocs-ref annotation',
          'normal',
          `check-regressed:${REF}:techdocs:h${from}`,
        ),
      ]);
      expect(
        await replicas[1]
          .knex('scorecard_notifications')
          .select('dedupe_key', 'kind', 'entity_ref', 'recipient'),
      ).toEqual([
        {
          dedupe_key: `check-regressed:${REF}:techdocs:h${from}`,
          kind: 'check-regressed',
          entity_ref: REF,
          recipient: OWNER,
        },
      ]);
    });

    it('sends nothing when the state is the same again', async () => {
      sent.length = 0;
      orderService.metadata.etag = `etag-order-service-${++version}`;
      await evaluateOnBoth();
      expect(sent).toEqual([]);
    });

    it('sends nothing for a check that fixed itself', async () => {
      edit({
        'pagerduty.com/service-id': 'PXXXXX',
        'backstage.io/techdocs-ref': 'dir:.',
      });
      await evaluateOnBoth();
      expect(sent).toEqual([]);
    });

    it('sends a new regression of the same check again', async () => {
      const from = await latestHistoryId();
      edit({ 'pagerduty.com/service-id': 'PXXXXX' });
      // one replica after the other: the second finds nothing changed
      expect(await evaluateOn(replicas[1])).toBe(200);
      expect(await evaluateOn(replicas[0])).toBe(200);
      expect(sent).toEqual([
        notice(
          'order-service: TechDocs configured now fails',
          'no backstage.io/techdocs-ref annotation',
          'normal',
          `check-regressed:${REF}:techdocs:h${from}`,
        ),
      ]);
    });

    it('sends a lost level with the regression that lost it', async () => {
      sent.length = 0;
      const from = await latestHistoryId();
      edit({});
      await evaluateOnBoth();
      expect(
        [...sent].sort((a, b) =>
          a.payload.title.localeCompare(b.payload.title),
        ),
      ).toEqual([
        notice(
          'order-service: Has PagerDuty service now fails',
          'no pagerduty.com/service-id annotation',
          'normal',
          `check-regressed:${REF}:pagerduty-service:h${from}`,
        ),
        notice(
          'order-service: lost the Silver level (now Bronze)',
          'Failing: Has PagerDuty service',
          'high',
          `level-lost:${REF}:Silver:h${from}`,
        ),
      ]);
    });

    it('records a key once, whichever notifier claims it first', async () => {
      const outbox: NotificationSendOptions[] = [];
      const notifier = () =>
        new NotificationsScorecardNotifier({
          db: replicas[0].knex,
          notifications: { send: async o => void outbox.push(o) },
          logger: mockServices.logger.mock(),
          now: () => new Date('2026-12-08T10:00:00Z'),
        });
      const a: ScorecardNotice = {
        kind: 'campaign-due',
        dedupeKey: `campaign-due:q1-docs:${REF}:7`,
        entityRef: REF,
        recipient: OWNER,
        title: 'Campaign due',
        description: 'in 7 days',
        link: LINK,
      };
      // longer than the column: recorded (and scoped) by its hash
      const b = { ...a, dedupeKey: `campaign-due:${'x'.repeat(600)}` };
      expect(await notifier().send([a, b, a])).toHaveLength(2);
      expect(await notifier().send([b, a])).toEqual([]);
      expect(outbox.map(o => o.payload.scope)).toEqual([
        a.dedupeKey,
        fitKey(b.dedupeKey, 255),
      ]);
      expect(fitKey(b.dedupeKey, 255)).toMatch(/^sha256:[0-9a-f]{64}$/);
      const rows = await replicas[0]
        .knex('scorecard_notifications')
        .where('kind', 'campaign-due')
        .orderBy('dedupe_key')
        .select('dedupe_key', 'created_at');
      expect(rows.map(r => [r.dedupe_key, toDate(r.created_at)])).toEqual([
        [a.dedupeKey, new Date('2026-12-08T10:00:00Z')],
        [fitKey(b.dedupeKey, 512), new Date('2026-12-08T10:00:00Z')],
      ]);
    });

    it('sends nothing for passed → unknown, nor for unknown → failed', async () => {
      sent.length = 0;
      edit({ [PROBE]: 'passed' });
      await evaluateOnBoth();
      expect(sent).toEqual([]);
      edit({ [PROBE]: 'unknown' });
      await evaluateOnBoth();
      expect(sent).toEqual([]);
      edit({ [PROBE]: 'failed' });
      await evaluateOnBoth();
      expect(sent).toEqual([]);
      const { body } = await replicas[0].json(
        '/v1/entities/component/default/order-service',
      );
      expect(body.checks.map((c: any) => [c.id, c.status]).sort()).toEqual([
        ['has-owner', 'passed'],
        ['pagerduty-service', 'failed'],
        ['probe', 'failed'],
        ['techdocs', 'failed'],
      ]);
    });
  },
);
