/**
 * Permission module: the portal's policy (platform team manages catalog
 * locations, Templates and exemptions; everyone reads and runs templates).
 *
 * @packageDocumentation
 */
export { permissionModulePortalPolicy as default } from './module';
export { PortalPermissionPolicy } from './PortalPermissionPolicy';
