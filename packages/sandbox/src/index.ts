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
export type { RunningServer } from './http';
