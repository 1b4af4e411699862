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

/** Every permission of the adoption plugin. @public */
export const adoptionPermissions = [adoptionReadPermission];
