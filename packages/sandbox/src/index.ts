/**
 * Local stand-ins for the systems the portal's plugins and actions call,
 * speaking the subsets of their real HTTP APIs that the portal uses.
 *
 * @packageDocumentation
 */
export { VaultStandIn } from './vault/VaultStandIn';
export type {
  VaultMount,
  VaultStandInOptions,
  VaultTokenGrant,
} from './vault/VaultStandIn';
export { GitHubStandIn } from './github/GitHubStandIn';
export type {
  GitHubOrg,
  GitHubRepo,
  GitHubTeam,
  GitHubUser,
} from './github/model';
export { OktaStandIn } from './okta/OktaStandIn';
export type { OktaUser } from './okta/OktaStandIn';
export { KubernetesStandIn } from './kubernetes/KubernetesStandIn';
export type {
  KubernetesObject,
  KubernetesObjectFilter,
  KubernetesObjectMetadata,
  KubernetesOwnerReference,
  KubernetesRecordedRequest,
  KubernetesSeededWorkload,
  KubernetesStandInOptions,
  KubernetesStatus,
  KubernetesStatusCause,
  KubernetesWorkloadSeed,
} from './kubernetes/KubernetesStandIn';
export type { RunningServer } from './http';
export { createStandInTls } from './tls';
export type { StandInTls } from './tls';
export { ArgoCdStandIn } from './argocd/ArgoCdStandIn';
export type {
  ArgoCdApplication,
  ArgoCdApplicationDestination,
  ArgoCdApplicationSeed,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdApplicationStatus,
  ArgoCdCommit,
  ArgoCdInitiatedBy,
  ArgoCdObjectMeta,
  ArgoCdOperation,
  ArgoCdOperationState,
  ArgoCdProject,
  ArgoCdProjectDestination,
  ArgoCdRecordedRequest,
  ArgoCdResourceStatus,
  ArgoCdRevisionHistory,
  ArgoCdRevisionMetadata,
  ArgoCdStandInOptions,
  ArgoCdSyncPolicy,
} from './argocd/ArgoCdStandIn';
export { PagerDutyStandIn } from './pagerduty/PagerDutyStandIn';
export type {
  PagerDutyEscalationPolicy,
  PagerDutyEscalationPolicySeed,
  PagerDutyEscalationRule,
  PagerDutyIncident,
  PagerDutyIncidentSeed,
  PagerDutyIncidentStatus,
  PagerDutyIntegration,
  PagerDutyOnCall,
  PagerDutyRecordedRequest,
  PagerDutyReference,
  PagerDutyService,
  PagerDutyServiceSeed,
  PagerDutyStandInOptions,
  PagerDutyUser,
  PagerDutyUserSeed,
} from './pagerduty/PagerDutyStandIn';
export { WebsiteStandIn } from './website/WebsiteStandIn';
export type { WebsiteRecordedRequest } from './website/WebsiteStandIn';
export { SnykStandIn } from './snyk/SnykStandIn';
export type {
  SnykStandInOptions,
  SnykRecordedRequest,
} from './snyk/SnykStandIn';
export type {
  SnykIssue,
  SnykOrg,
  SnykProject,
  SnykProjectSeed,
  SnykSeverity,
  SnykTarget,
} from './snyk/model';
export { SlackStandIn } from './slack/SlackStandIn';
export type {
  SlackChannel,
  SlackMessage,
  SlackRecordedRequest,
  SlackStandInOptions,
} from './slack/SlackStandIn';
export type { GitHubStandInOptions } from './github/GitHubStandIn';
export type {
  GitHubRunConclusion,
  GitHubWorkflowRunSeed,
  GitHubWorkflowRunTiming,
} from './github/actionsModel';
export type { GitHubRepoSettings } from './github/model';
export { startSandbox } from './runner/startSandbox';
export { AI_RESOURCE_SOURCES, SERVICE_SOURCES } from './runner/seed';
export type { Sandbox } from './runner/startSandbox';
export {
  DEFAULT_SANDBOX_PORTS,
  FREE_SANDBOX_PORTS,
  SANDBOX_CREDENTIALS,
} from './runner/ports';
export { SonarQubeStandIn } from './sonarqube/SonarQubeStandIn';
export type {
  SonarQubeMetric,
  SonarQubeProjectSeed,
  SonarQubeRecordedRequest,
  SonarQubeStandInOptions,
} from './sonarqube/SonarQubeStandIn';
export { GrafanaStandIn } from './grafana/GrafanaStandIn';
export type {
  GrafanaAlertRuleSeed,
  GrafanaAlertState,
  GrafanaDashboardHit,
  GrafanaDashboardSeed,
  GrafanaRecordedRequest,
  GrafanaStandInOptions,
} from './grafana/GrafanaStandIn';
export type { GitHubOAuthApp } from './github/oauth';
export type { SandboxPorts } from './runner/ports';
export { OciRegistryStandIn } from './registry/OciRegistryStandIn';
export type {
  OciRegistryRecordedRequest,
  OciRegistryStandInOptions,
} from './registry/OciRegistryStandIn';
export { S3StandIn } from './s3/S3StandIn';
export type {
  S3Action,
  S3Grant,
  S3Object,
  S3ObjectChecksum,
  S3RecordedRequest,
  S3RolePolicy,
  S3Session,
  S3StandInOptions,
  S3UserPolicy,
} from './s3/S3StandIn';
export type { ChecksumAlgorithm as S3ChecksumAlgorithm } from './s3/checksums';
export { signAwsRequest } from './s3/sigv4';
export type { AwsCredentials, SignAwsRequestOptions } from './s3/sigv4';
export {
  CostExplorerStandIn,
  COST_EXPLORER_ERROR_TYPES,
  SANDBOX_COST_EXPLORER_CREDENTIALS,
} from './costexplorer/CostExplorerStandIn';
export type {
  CostExplorerErrorType,
  CostExplorerRecordedRequest,
  CostExplorerStandInOptions,
} from './costexplorer/CostExplorerStandIn';
export type { CostLineItem } from './costexplorer/model';
export {
  EXAMPLE_SERVICE_COSTS,
  exampleCostLineItems,
} from './costexplorer/exampleCosts';
export { PrivateRedis } from './redis/PrivateRedis';
