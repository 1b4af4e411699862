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

/**
 * Approve or deny an owner's exemption request. The portal's policy grants
 * it to the platform team only.
 *
 * @public
 */
export const scorecardExemptionDecidePermission = createPermission({
  name: 'scorecard.exemption.decide',
  attributes: { action: 'update' },
});

/**
 * Create, change or delete a campaign through the API (the campaigns of
 * `scorecard.campaigns` are changed in Git). Platform team only.
 *
 * @public
 */
export const scorecardCampaignManagePermission = createPermission({
  name: 'scorecard.campaign.manage',
  attributes: { action: 'update' },
});

/** Every permission of the scorecard plugin. @public */
export const scorecardPermissions = [
  scorecardExemptionCreatePermission,
  scorecardExemptionDeletePermission,
  scorecardExemptionDecidePermission,
  scorecardEvaluatePermission,
  scorecardCampaignManagePermission,
];
