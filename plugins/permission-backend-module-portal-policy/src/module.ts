import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

/** The portal's permission policy (replaces allow-all). */
export const permissionModulePortalPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        const groups = (
          config.getOptionalStringArray(
            'permission.portalPolicy.platformGroups',
          ) ?? ['group:default/platform-team']
        ).map(g => g.toLocaleLowerCase('en-US'));
        policy.setPolicy(new PortalPermissionPolicy(groups));
      },
    });
  },
});
