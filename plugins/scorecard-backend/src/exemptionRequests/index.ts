import type {
  DatabaseService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type express from 'express';
import {
  ExemptionRequestService,
  type ExemptionRequestScorecard,
} from './ExemptionRequestService';
import { ExemptionRequestStore } from './ExemptionRequestStore';
import { createExemptionRequestsRouter } from './router';

export { ExemptionRequestService } from './ExemptionRequestService';

/**
 * The exemption requests' routes over the plugin's database (its
 * migrations already run by the scorecard store).
 */
export async function createExemptionRequests(options: {
  database: DatabaseService;
  scorecard: ExemptionRequestScorecard;
  catalog: CatalogService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
}): Promise<{ service: ExemptionRequestService; router: express.Router }> {
  const store = new ExemptionRequestStore(await options.database.getClient());
  const service = new ExemptionRequestService({ ...options, store });
  return {
    service,
    router: createExemptionRequestsRouter({
      service,
      httpAuth: options.httpAuth,
    }),
  };
}
