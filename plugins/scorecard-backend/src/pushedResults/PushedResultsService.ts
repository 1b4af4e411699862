import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScorecardPushResultsResponse } from '@internal/backstage-plugin-scorecard-common';
import {
  normalizeRef,
  type ScorecardService,
} from '../service/ScorecardService';
import { pushedValueType } from './pushedChecks';
import type { PushableCheck, PushResultsBody } from './pushResultsBody';
import type { PushedResultsStore } from './PushedResultsStore';

/** an issue of the body found after its schema: named as parseInput names them */
const invalid = (field: string, message: string) =>
  new InputError(`Invalid request body: ${field}: ${message}`);

/**
 * Results pushed from outside (CI): checked against the catalog, stored,
 * and the entity evaluated again at once so the answer is its new score.
 */
export class PushedResultsService {
  constructor(
    private readonly deps: {
      scorecard: ScorecardService;
      store: PushedResultsStore;
      catalog: CatalogService;
      auth: AuthService;
      now?: () => Date;
    },
  ) {}

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** the configured checks, each with what a push of it takes */
  checks(): PushableCheck[] {
    return this.deps.scorecard.configuredChecks().map(c => ({
      id: c.id,
      type: c.checkType.id,
      valueType: pushedValueType(c.checkType.id),
    }));
  }

  async push(
    body: PushResultsBody,
    pushedBy: string,
  ): Promise<ScorecardPushResultsResponse> {
    const { scorecard, store, catalog, auth } = this.deps;
    // the caller's token may be limited to this plugin: the catalog is read
    // as the plugin itself
    const credentials = await auth.getOwnServiceCredentials();
    const entity: Entity | undefined = await catalog.getEntityByRef(
      body.entityRef,
      { credentials },
    );
    if (!entity) {
      throw invalid('entityRef', `${body.entityRef} is not in the catalog`);
    }
    const entityRef = normalizeRef(stringifyEntityRef(entity));
    if (!scorecard.isScored(entity)) {
      throw invalid(
        'entityRef',
        `${entityRef} is not scored: entities of kind ${entity.kind} are not`,
      );
    }
    const configured = new Map(
      scorecard.configuredChecks().map(c => [c.id, c]),
    );
    body.results.forEach((r, i) => {
      if (!configured.get(r.checkId)?.appliesTo(entity)) {
        throw invalid(
          `results.${i}.checkId`,
          `check "${r.checkId}" does not apply to ${entityRef} (see its filter)`,
        );
      }
    });

    const receivedAt = this.now();
    const { superseded } = await store.put(
      entityRef,
      body.results.map(r => ({
        checkId: r.checkId,
        value: r.value,
        message: r.message,
        observedAt: r.observedAt ?? receivedAt,
      })),
      { pushedBy, receivedAt },
    );

    await scorecard.evaluateEntities([entity]);
    const card = await scorecard.getEntityScorecard(
      stringifyEntityRef(entity),
      credentials,
    );
    const byId = new Map(card.checks.map(c => [c.id, c]));
    return {
      entityRef: card.entityRef,
      score: card.score,
      level: card.level,
      evaluatedAt: card.evaluatedAt,
      checks: body.results.flatMap(r => {
        const check = byId.get(r.checkId);
        return check ? [check] : [];
      }),
      superseded,
    };
  }
}
