import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  CheckStatus,
  ScorecardCampaignDefinition,
} from '@internal/backstage-plugin-scorecard-common';
import type { Knex } from 'knex';
import {
  ScorecardStore,
  type EntityPlacement,
  type Evaluation,
} from '../../database/ScorecardStore';
import { campaignDefinitionSchema } from '../campaignSchema';
import { CampaignStore } from '../CampaignStore';

/** the checks the campaign tests' entities have results of */
export const CHECK_IDS = new Set([
  'vulnerability-scanning',
  'image-signed',
  'techdocs',
]);

/** a definition as the config reader and the API make it (normalized) */
export const definition = (
  fields: Partial<ScorecardCampaignDefinition> & { scope?: object },
): ScorecardCampaignDefinition =>
  campaignDefinitionSchema(CHECK_IDS).parse({
    id: 'q1-security',
    title: 'Q1 security',
    checks: ['vulnerability-scanning', 'image-signed'],
    startDate: '2026-12-01',
    targetDate: '2027-03-31',
    ...fields,
  });

/** the scorecard's and the campaigns' stores over a migrated database */
export async function campaignStores(knex: Knex) {
  const scorecard = await ScorecardStore.create({
    database: { getClient: async () => knex } as unknown as DatabaseService,
  });
  return { scorecard, campaigns: new CampaignStore(knex) };
}

/** an entity's evaluation, as the scorecard stores it */
export const evaluation = (
  entityRef: string,
  placement: Partial<EntityPlacement>,
  results: Record<string, CheckStatus>,
): Evaluation => ({
  entityRef,
  kind: 'Component',
  owner: null,
  system: null,
  domain: null,
  type: null,
  lifecycle: null,
  tags: [],
  ...placement,
  etag: `etag-${entityRef}-${JSON.stringify(results)}`,
  results: Object.entries(results).map(([checkId, status]) => ({
    checkId,
    status,
    detail: `${checkId}: ${status}`,
  })),
});

export async function saveEvaluations(
  scorecard: ScorecardStore,
  evaluations: Evaluation[],
  now: Date,
) {
  await scorecard.saveEvaluations(evaluations, {
    levels: [],
    dimensions: new Map([...CHECK_IDS].map(id => [id, 'security'])),
    now,
  });
}
