export { argoCdPlugin, ArgoCdClient } from './argoCd';
export { pagerDutyPlugin } from './pagerDuty';
export { sonarQubeModule, SonarQubeErrorsClient } from './sonarQube';
export { techRadarPlugin, TechRadarBackendClient } from './techRadar';
export { vaultModule, VaultBackendClient } from './vault';
