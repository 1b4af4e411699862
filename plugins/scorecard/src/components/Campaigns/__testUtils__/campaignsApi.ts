import type {
  ScorecardCampaignDetail,
  ScorecardCampaignSummary,
  ScorecardEntityCampaign,
} from '@internal/backstage-plugin-scorecard-common';
import type { ScorecardApi } from '../../../api/ScorecardApi';

/** a campaign as `GET /v1/campaigns/:id` answers it */
export const campaignDetail = (
  overrides: Partial<ScorecardCampaignDetail> = {},
): ScorecardCampaignDetail => ({
  id: 'q1-security',
  title: 'Q1 security',
  description: 'Every service scans its image and runs a signed one.',
  checks: ['vulnerability-scanning', 'image-signed'],
  scope: { kind: ['component'], type: ['service'] },
  startDate: '2026-12-01',
  targetDate: '2027-03-31',
  reminderDays: 14,
  source: 'config',
  status: 'active',
  progress: { entities: 3, done: 1 },
  teams: [
    { owner: 'group:default/order-squad', entities: 2, done: 1 },
    { owner: 'none', entities: 1, done: 0 },
  ],
  entities: [
    {
      entityRef: 'component:default/order-worker',
      owner: 'group:default/order-squad',
      done: false,
      remaining: ['vulnerability-scanning', 'image-signed'],
    },
    {
      entityRef: 'component:default/legacy-service',
      owner: null,
      done: false,
      remaining: ['image-signed'],
    },
    {
      entityRef: 'component:default/order-service',
      owner: 'group:default/order-squad',
      done: true,
      remaining: [],
    },
  ],
  burndown: [
    { timestamp: '2026-12-01T10:00:00.000Z', entities: 3, remaining: 3 },
    { timestamp: '2026-12-07T10:00:00.000Z', entities: 3, remaining: 2 },
  ],
  ...overrides,
});

/** the summary of a detail (`GET /v1/campaigns`) */
export const campaignSummary = (
  overrides: Partial<ScorecardCampaignDetail> = {},
): ScorecardCampaignSummary => {
  const {
    teams: _teams,
    entities: _entities,
    burndown: _burndown,
    ...summary
  } = campaignDetail(overrides);
  return summary;
};

type CampaignMethods = Pick<
  ScorecardApi,
  'listCampaigns' | 'getCampaign' | 'getEntityCampaigns' | 'getConfiguration'
>;

/**
 * The campaign methods of a ScorecardApi mock: these campaigns (details),
 * an entity's campaigns, and the configuration naming the checks.
 */
export function campaignsApi(
  campaigns: ScorecardCampaignDetail[] = [],
  entityCampaigns: ScorecardEntityCampaign[] = [],
): jest.Mocked<CampaignMethods> {
  return {
    listCampaigns: jest.fn(async () => campaigns.map(c => campaignSummary(c))),
    getCampaign: jest.fn(async (id: string) => {
      const found = campaigns.find(c => c.id === id);
      if (!found) throw new Error(`No campaign ${id}`);
      return found;
    }),
    getEntityCampaigns: jest.fn(async (_entityRef: string) => entityCampaigns),
    getConfiguration: jest.fn(async () => ({
      checks: [
        {
          id: 'vulnerability-scanning',
          title: 'Vulnerability scanning in CI',
          dimension: 'security' as const,
          description: '',
          filter: {},
        },
        {
          id: 'image-signed',
          title: 'Image signed',
          dimension: 'security' as const,
          description: '',
          filter: {},
        },
      ],
      levels: [],
    })),
  };
}
