export { CampaignsTab } from './CampaignsTab';
export { EntityCampaigns } from './EntityCampaigns';
