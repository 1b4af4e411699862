import { costInsightsApiRef as upstreamApiRef } from '@backstage/plugin-cost-insights';
import { costInsightsApiRef } from './plugin';

describe('costInsightsApiRef', () => {
  it("is found where the legacy page looks: @backstage/plugin-cost-insights' own id", () => {
    expect(costInsightsApiRef.id).toBe(upstreamApiRef.id);
  });
});
