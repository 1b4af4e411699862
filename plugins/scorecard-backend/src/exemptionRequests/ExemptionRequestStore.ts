import type {
  ScorecardExemptionRequest,
  ScorecardExemptionRequestStatus,
} from '@internal/backstage-plugin-scorecard-common';
import type { Knex } from 'knex';
import { toDate } from '../database/ScorecardStore';

const TABLE = 'scorecard_exemption_requests';

type Row = {
  id: string;
  entity_ref: string;
  check_id: string;
  reason: string;
  expires_at: unknown;
  requested_by: string;
  requested_at: unknown;
  status: ScorecardExemptionRequestStatus;
  decided_by: string | null;
  decided_at: unknown;
  decision_reason: string | null;
};

function fromRow(r: Row): ScorecardExemptionRequest {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    checkId: r.check_id,
    reason: r.reason,
    expiresAt: toDate(r.expires_at).toISOString(),
    requestedBy: r.requested_by,
    requestedAt: toDate(r.requested_at).toISOString(),
    status: r.status,
    ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
    ...(r.decided_at !== null && r.decided_at !== undefined
      ? { decidedAt: toDate(r.decided_at).toISOString() }
      : {}),
    ...(r.decision_reason ? { decisionReason: r.decision_reason } : {}),
  };
}

/** A decision on a pending request: who, when, why. */
export type ExemptionRequestDecision = {
  status: Exclude<ScorecardExemptionRequestStatus, 'pending'>;
  decidedBy: string;
  decidedAt: Date;
  decisionReason?: string;
};

/**
 * The exemption requests (`scorecard_exemption_requests`): asked for,
 * decided, never deleted (the decisions are the history).
 */
export class ExemptionRequestStore {
  constructor(private readonly db: Knex) {}

  private get isPostgres() {
    return String(this.db.client.config.client).startsWith('pg');
  }

  /**
   * Inserts a pending request unless one is already pending for the same
   * entity and check: then returns that one and inserts nothing. On
   * PostgreSQL a transaction-scoped advisory lock on the entity and check
   * makes the look-up and the insert one step for concurrent requests
   * (SQLite runs one write transaction at a time).
   */
  async insertUnlessPending(request: {
    id: string;
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: Date;
    requestedBy: string;
    requestedAt: Date;
  }): Promise<{ inserted: true } | { pending: ScorecardExemptionRequest }> {
    return this.db.transaction(async tx => {
      if (this.isPostgres) {
        await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
          `scorecard-exemption-request:${request.entityRef}:${request.checkId}`,
        ]);
      }
      const pending = await tx<Row>(TABLE)
        .where({
          entity_ref: request.entityRef,
          check_id: request.checkId,
          status: 'pending',
        })
        .first();
      if (pending) return { pending: fromRow(pending) };
      await tx(TABLE).insert({
        id: request.id,
        entity_ref: request.entityRef,
        check_id: request.checkId,
        reason: request.reason,
        expires_at: request.expiresAt,
        requested_by: request.requestedBy,
        requested_at: request.requestedAt,
        status: 'pending',
      });
      return { inserted: true as const };
    });
  }

  async get(id: string): Promise<ScorecardExemptionRequest | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** newest first */
  async list(filter: {
    entityRef?: string;
    status?: ScorecardExemptionRequestStatus;
    limit: number;
  }): Promise<ScorecardExemptionRequest[]> {
    const q = this.db<Row>(TABLE)
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(filter.limit);
    if (filter.entityRef) q.where('entity_ref', filter.entityRef);
    if (filter.status) q.where('status', filter.status);
    return (await q).map(fromRow);
  }

  /**
   * Records a decision on a request that is still pending; false when it
   * is not (any more): decided concurrently, or never pending.
   */
  async decide(id: string, decision: ExemptionRequestDecision) {
    const count = await this.db(TABLE)
      .where({ id, status: 'pending' })
      .update({
        status: decision.status,
        decided_by: decision.decidedBy,
        decided_at: decision.decidedAt,
        decision_reason: decision.decisionReason ?? null,
      });
    return count > 0;
  }

  /**
   * Takes back a decision that could not be carried out (the approval
   * whose exemption could not be created): pending again.
   */
  async reopen(id: string, decision: ExemptionRequestDecision) {
    await this.db(TABLE)
      .where({
        id,
        status: decision.status,
        decided_by: decision.decidedBy,
      })
      .update({
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      });
  }
}
