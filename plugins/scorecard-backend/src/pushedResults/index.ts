import type {
  AuthService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type express from 'express';
import type { ScorecardService } from '../service/ScorecardService';
import { PushedResultsService } from './PushedResultsService';
import type { PushedResultsStore } from './PushedResultsStore';
import { createPushedResultsRouter } from './router';

export { PushedResultsStore } from './PushedResultsStore';

/**
 * `POST /v1/results` over the store the pushed checks read (created before
 * the scorecard service, which builds those checks with it).
 */
export function createPushedResults(options: {
  store: PushedResultsStore;
  scorecard: ScorecardService;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
}): { service: PushedResultsService; router: express.Router } {
  const service = new PushedResultsService(options);
  return {
    service,
    router: createPushedResultsRouter({
      service,
      httpAuth: options.httpAuth,
    }),
  };
}
