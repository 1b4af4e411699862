import type { AdoptionDeps, AdoptionFeature } from '../service/types';
import { createUsageRouter } from './router';
import { UsageService } from './UsageService';
import { UsageStore } from './UsageStore';

/**
 * Portal usage from the analytics events the events feature stores:
 * weekly active users, views per plugin and page, searches without result,
 * the most and least viewed entities (platform team only).
 */
export async function createUsageFeature(
  deps: AdoptionDeps,
): Promise<AdoptionFeature> {
  const service = new UsageService({
    store: new UsageStore(deps.knex),
    catalog: deps.catalog,
  });
  return { router: createUsageRouter({ ...deps, service }) };
}
