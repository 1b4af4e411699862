import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the Portal adoption page and its API (usage, coverage, template and
 * docs health, exports). The portal's policy grants it to the platform team
 * only: usage figures are about people.
 *
 * @public
 */
export const adoptionReadPermission = createPermission({
  name: 'adoption.read',
  attributes: { action: 'read' },
});

/**
 * Ask for a recomputation now (`POST /v1/coverage/refresh`: it reads every
 * repository of the GitHub organisation against the installation's rate
 * limit). Needed together with `adoption.read`; the portal's policy grants
 * it to the platform team only.
 *
 * @public
 */
export const adoptionRefreshPermission = createPermission({
  name: 'adoption.refresh',
  attributes: { action: 'update' },
});

/** Every permission of the adoption plugin. @public */
export const adoptionPermissions = [
  adoptionReadPermission,
  adoptionRefreshPermission,
];
