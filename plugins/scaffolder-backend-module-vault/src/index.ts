/**
 * Scaffolder module: the `vault:create-namespace` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleVault as default } from './module';
export { createVaultCreateNamespaceAction } from './actions/createNamespace';
export { VAULT_NAME_PATTERN, VAULT_NAME_RULE } from './actions/vaultNames';
export type { VaultApi, VaultMountInfo } from './vault/VaultApi';
export { NodeVaultClient, readVaultConfig } from './vault/NodeVaultClient';
export type { VaultConfig } from './vault/NodeVaultClient';
