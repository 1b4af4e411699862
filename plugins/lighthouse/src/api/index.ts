export { lighthouseApiRef } from './LighthouseApi';
export type {
  LighthouseApi,
  LighthouseAudit,
  LighthouseUrlPolicy,
  LighthouseWebsite,
} from './LighthouseApi';
export { LighthouseClient, LighthouseError } from './LighthouseClient';
