import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scorecardExemptionDecidePermission,
  type ScorecardExemptionRequest,
  type ScorecardExemptionRequestStatus,
} from '@internal/backstage-plugin-scorecard-common';
import crypto from 'node:crypto';
import {
  normalizeRef,
  placementOf,
  type ScorecardService,
} from '../service/ScorecardService';
import type {
  ExemptionRequestDecision,
  ExemptionRequestStore,
} from './ExemptionRequestStore';

/** who acts: a user's entity ref, or `service:<subject>` */
export function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? `service:${principal.subject ?? 'unknown'}`;
}

/** What of the scorecard service exemption requests use. */
export type ExemptionRequestScorecard = Pick<
  ScorecardService,
  'validateExemption' | 'getEntityScorecard' | 'createExemption'
>;

/**
 * Exemption requests: an entity's owner asks for an exemption from one
 * check; the platform team (`scorecard.exemption.decide`) approves it,
 * which creates the exemption, or denies it; the requester may withdraw
 * it. Every decision is kept: who, when, why.
 */
export class ExemptionRequestService {
  constructor(
    private readonly deps: {
      store: ExemptionRequestStore;
      scorecard: ExemptionRequestScorecard;
      catalog: CatalogService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  private async mayDecide(credentials: BackstageCredentials) {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: scorecardExemptionDecidePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async assertMayDecide(credentials: BackstageCredentials) {
    if (!(await this.mayDecide(credentials))) {
      throw new NotAllowedError(
        `Not allowed: ${scorecardExemptionDecidePermission.name}`,
      );
    }
  }

  /** the normalized refs the caller owns through (none for a service) */
  private async ownershipOf(credentials: BackstageCredentials) {
    if ((credentials.principal as { type?: string }).type !== 'user') {
      return [];
    }
    const info = await this.deps.userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs.map(normalizeRef);
  }

  private async getOrThrow(id: string) {
    const request = await this.deps.store.get(id);
    if (!request) throw new NotFoundError(`No exemption request ${id}`);
    return request;
  }

  /**
   * An owner asks for an exemption (or the platform team does, for them):
   * the check must be configured and apply to the entity, the expiry be in
   * the future and within a year, and no other request be pending for the
   * same entity and check.
   */
  async create(
    input: {
      entityRef: string;
      checkId: string;
      reason: string;
      expiresAt: Date;
    },
    credentials: BackstageCredentials,
  ): Promise<ScorecardExemptionRequest> {
    const now = this.now();
    const { scorecard, catalog, store } = this.deps;
    scorecard.validateExemption(input, now);

    const entity = await catalog.getEntityByRef(input.entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${input.entityRef} in the catalog`);
    }
    const entityRef = normalizeRef(stringifyEntityRef(entity));
    const { owner } = placementOf(entity);
    const owns =
      owner !== null && (await this.ownershipOf(credentials)).includes(owner);
    if (!owns && !(await this.mayDecide(credentials))) {
      throw new NotAllowedError(
        owner
          ? `Only the owner of ${entityRef} (${owner}) or the platform team may request an exemption for it`
          : `${entityRef} has no owner: only the platform team may request an exemption for it`,
      );
    }

    const card = await scorecard.getEntityScorecard(entityRef, credentials);
    if (!card.checks.some(c => c.id === input.checkId)) {
      throw new InputError(
        `Check "${input.checkId}" does not apply to ${entityRef}`,
      );
    }

    const request = {
      id: crypto.randomUUID(),
      entityRef,
      checkId: input.checkId,
      reason: input.reason,
      expiresAt: input.expiresAt,
      requestedBy: principalRef(credentials),
      requestedAt: now,
    };
    const result = await store.insertUnlessPending(request);
    if ('pending' in result) {
      throw new ConflictError(
        `An exemption request for ${entityRef} and "${input.checkId}" is already pending (${result.pending.id}, by ${result.pending.requestedBy})`,
      );
    }
    return {
      ...request,
      expiresAt: request.expiresAt.toISOString(),
      requestedAt: request.requestedAt.toISOString(),
      status: 'pending',
    };
  }

  /** newest first; decided requests stay (the history) */
  list(filter: {
    entityRef?: string;
    status?: ScorecardExemptionRequestStatus;
    limit: number;
  }): Promise<ScorecardExemptionRequest[]> {
    return this.deps.store.list({
      ...filter,
      entityRef: filter.entityRef ? normalizeRef(filter.entityRef) : undefined,
    });
  }

  private async recordDecision(
    request: ScorecardExemptionRequest,
    decision: ExemptionRequestDecision,
  ): Promise<ScorecardExemptionRequest> {
    if (!(await this.deps.store.decide(request.id, decision))) {
      const current = await this.getOrThrow(request.id);
      throw new ConflictError(
        `Exemption request ${request.id} is already ${current.status}`,
      );
    }
    return {
      ...request,
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt.toISOString(),
      ...(decision.decisionReason
        ? { decisionReason: decision.decisionReason }
        : {}),
    };
  }

  private assertPending(request: ScorecardExemptionRequest) {
    if (request.status !== 'pending') {
      throw new ConflictError(
        `Exemption request ${request.id} is already ${request.status}`,
      );
    }
  }

  /**
   * Approves a pending request: the exemption is created (and the entity
   * rescored) with the request's reason and expiry, the decider as its
   * author. If it cannot be created, the request stays pending.
   */
  async approve(
    id: string,
    decisionReason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<ScorecardExemptionRequest> {
    await this.assertMayDecide(credentials);
    const request = await this.getOrThrow(id);
    this.assertPending(request);
    const now = this.now();
    if (Date.parse(request.expiresAt) <= now.getTime()) {
      throw new ConflictError(
        `Exemption request ${id} asked for an exemption until ${request.expiresAt}, which has passed: deny it, and the owner may ask again`,
      );
    }
    const decision: ExemptionRequestDecision = {
      status: 'approved',
      decidedBy: principalRef(credentials),
      decidedAt: now,
      decisionReason,
    };
    const approved = await this.recordDecision(request, decision);
    try {
      await this.deps.scorecard.createExemption(
        {
          entityRef: request.entityRef,
          checkId: request.checkId,
          reason: request.reason,
          expiresAt: new Date(request.expiresAt),
        },
        decision.decidedBy,
        credentials,
      );
    } catch (e) {
      await this.deps.store.reopen(id, decision);
      throw e;
    }
    return approved;
  }

  /** Denies a pending request, saying why. */
  async deny(
    id: string,
    decisionReason: string,
    credentials: BackstageCredentials,
  ): Promise<ScorecardExemptionRequest> {
    await this.assertMayDecide(credentials);
    const request = await this.getOrThrow(id);
    this.assertPending(request);
    return this.recordDecision(request, {
      status: 'denied',
      decidedBy: principalRef(credentials),
      decidedAt: this.now(),
      decisionReason,
    });
  }

  /** The requester takes back a pending request. */
  async withdraw(
    id: string,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<ScorecardExemptionRequest> {
    const request = await this.getOrThrow(id);
    const caller = principalRef(credentials);
    if (normalizeRef(caller) !== normalizeRef(request.requestedBy)) {
      throw new NotAllowedError(
        `Only the requester ${request.requestedBy} may withdraw exemption request ${id}`,
      );
    }
    this.assertPending(request);
    return this.recordDecision(request, {
      status: 'withdrawn',
      decidedBy: caller,
      decidedAt: this.now(),
      decisionReason: reason,
    });
  }
}
