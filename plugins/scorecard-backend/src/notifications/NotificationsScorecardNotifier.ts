import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  SCORECARD_NOTIFICATION_TOPIC,
  type ScorecardNotificationKind,
} from '@internal/backstage-plugin-scorecard-common';
import type { Knex } from 'knex';
import crypto from 'node:crypto';
import { insertChunkSize } from '../database/queries';
import type { ScorecardNotice, ScorecardNotifier } from './types';

/** `scorecard.notifications.enabled` (default true). */
export function readNotificationsEnabled(config: Config): boolean {
  return config.getOptionalBoolean('scorecard.notifications.enabled') ?? true;
}

const SEVERITY: Record<
  ScorecardNotificationKind,
  NotificationSendOptions['payload']['severity']
> = {
  'check-regressed': 'normal',
  'level-lost': 'high',
  'campaign-due': 'normal',
};

/** `scorecard_notifications.dedupe_key` and the notifications' `scope` */
const KEY_MAX = 512;
const SCOPE_MAX = 255;

/** a key that fits `max` characters: itself, or its hash when longer */
export const fitKey = (key: string, max: number) =>
  key.length <= max
    ? key
    : `sha256:${crypto.createHash('sha256').update(key).digest('hex')}`;

/** how many sends to the notifications backend at once */
const SEND_CONCURRENCY = 8;

/**
 * Sends scorecard notices through the portal's notifications backend, each
 * once: a notice is sent by the call that records its dedupe key in
 * `scorecard_notifications` (INSERT … ON CONFLICT DO NOTHING RETURNING, on
 * PostgreSQL and SQLite); another replica's call finds the key taken. The
 * key is also the notification's `scope`, so the notifications backend
 * would update, not duplicate, a notification sent twice anyway.
 */
export class NotificationsScorecardNotifier implements ScorecardNotifier {
  constructor(
    private readonly deps: {
      db: Knex;
      notifications: NotificationService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** records the keys; returns the notices whose key this call recorded */
  async claim(notices: ScorecardNotice[]): Promise<ScorecardNotice[]> {
    const byKey = new Map<string, ScorecardNotice>();
    for (const n of notices) {
      const key = fitKey(n.dedupeKey, KEY_MAX);
      if (!byKey.has(key)) byKey.set(key, n);
    }
    const rows = [...byKey].map(([key, n]) => ({
      dedupe_key: key,
      kind: n.kind,
      entity_ref: n.entityRef,
      recipient: n.recipient,
      created_at: this.deps.now?.() ?? new Date(),
    }));
    const claimed: ScorecardNotice[] = [];
    const size = insertChunkSize(this.deps.db);
    for (let i = 0; i < rows.length; i += size) {
      const inserted: Array<{ dedupe_key: string }> = await this.deps
        .db('scorecard_notifications')
        .insert(rows.slice(i, i + size))
        .onConflict('dedupe_key')
        .ignore()
        .returning('dedupe_key');
      for (const r of inserted) claimed.push(byKey.get(r.dedupe_key)!);
    }
    return claimed;
  }

  async send(notices: ScorecardNotice[]): Promise<ScorecardNotice[]> {
    if (notices.length === 0) return [];
    const claimed = await this.claim(notices);
    const sent: ScorecardNotice[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const n = claimed[next++];
        try {
          await this.deps.notifications.send({
            recipients: { type: 'entity', entityRef: n.recipient },
            payload: {
              title: n.title,
              description: n.description,
              link: n.link,
              severity: SEVERITY[n.kind],
              topic: SCORECARD_NOTIFICATION_TOPIC,
              scope: fitKey(n.dedupeKey, SCOPE_MAX),
            },
          });
          sent.push(n);
        } catch (error) {
          // the key stays taken: the transition is not notified twice
          this.deps.logger.warn(
            `Scorecard notification ${n.dedupeKey} to ${n.recipient} failed: ${
              (error as Error).message
            }`,
          );
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(SEND_CONCURRENCY, claimed.length) },
        worker,
      ),
    );
    return sent;
  }
}

/**
 * The plugin's notifier, or none when `scorecard.notifications.enabled` is
 * false (nothing is then decided nor recorded).
 */
export async function createScorecardNotifier(deps: {
  config: Config;
  database: DatabaseService;
  notifications: NotificationService;
  logger: LoggerService;
}): Promise<ScorecardNotifier | undefined> {
  if (!readNotificationsEnabled(deps.config)) return undefined;
  return new NotificationsScorecardNotifier({
    db: await deps.database.getClient(),
    notifications: deps.notifications,
    logger: deps.logger,
  });
}
