import type { ScorecardExemptionRequest } from '@internal/backstage-plugin-scorecard-common';
import type { ScorecardApi } from '../../../api/ScorecardApi';

/** a request as the backend answers it */
export const exemptionRequest = (
  overrides: Partial<ScorecardExemptionRequest> = {},
): ScorecardExemptionRequest => ({
  id: '7f1c0b9e-1d2a-4c3b-9a8e-000000000001',
  entityRef: 'component:default/order-service',
  checkId: 'resource-limits',
  reason: 'limits come with the new chart next sprint',
  expiresAt: '2027-01-31T00:00:00.000Z',
  requestedBy: 'user:default/bob',
  requestedAt: '2026-11-30T09:00:00.000Z',
  status: 'pending',
  ...overrides,
});

type ExemptionRequestMethods = Pick<
  ScorecardApi,
  | 'listExemptionRequests'
  | 'requestExemption'
  | 'approveExemptionRequest'
  | 'denyExemptionRequest'
  | 'withdrawExemptionRequest'
>;

/**
 * The exemption-request methods of a ScorecardApi mock: these requests are
 * listed (filtered as the backend does), the others are jest mocks.
 */
export function exemptionRequestsApi(
  requests: ScorecardExemptionRequest[] = [],
): jest.Mocked<ExemptionRequestMethods> {
  return {
    listExemptionRequests: jest.fn(async (filter = {}) =>
      requests.filter(
        r =>
          (!filter.entityRef || r.entityRef === filter.entityRef) &&
          (!filter.status || r.status === filter.status),
      ),
    ),
    requestExemption: jest.fn(),
    approveExemptionRequest: jest.fn(),
    denyExemptionRequest: jest.fn(),
    withdrawExemptionRequest: jest.fn(),
  };
}
