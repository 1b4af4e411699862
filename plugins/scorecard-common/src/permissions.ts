import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Create an exemption (one entity, one check, with a reason and an expiry).
 * The portal's policy grants it to the platform team only.
 *
 * @public
 */
export const scorecardExemptionCreatePermission = createPermission({
  name: 'scorecard.exemption.create',
  attributes: { action: 'create' },
});

/** Delete an exemption before it expires. @public */
export const scorecardExemptionDeletePermission = createPermission({
  name: 'scorecard.exemption.delete',
  attributes: { action: 'delete' },
});

/** Ask for an evaluation now instead of waiting for the schedule. @public */
export const scorecardEvaluatePermission = createPermission({
  name: 'scorecard.evaluate',
  attributes: { action: 'update' },
});

/** Every permission of the scorecard plugin. @public */
export const scorecardPermissions = [
  scorecardExemptionCreatePermission,
  scorecardExemptionDeletePermission,
  scorecardEvaluatePermission,
];
