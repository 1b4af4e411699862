import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import {
  adoptionReadPermission,
  adoptionRefreshPermission,
} from '@internal/backstage-plugin-adoption-common';
import {
  scorecardCampaignManagePermission,
  scorecardExemptionCreatePermission,
  scorecardExemptionDecidePermission,
  scorecardExemptionDeletePermission,
} from '@internal/backstage-plugin-scorecard-common';

/**
 * The portal's permission policy:
 * - members of a platform group (permission.portalPolicy.platformGroups) may
 *   do everything;
 * - everyone else reads the catalog, runs templates and uses the plugins,
 *   but may not register or delete catalog locations, delete Templates,
 *   delete entities they do not own, delete unprocessed entities, create
 *   scorecard exemptions, decide (approve, deny) exemption requests,
 *   manage scorecard campaigns, read the portal's adoption figures or ask
 *   for their recomputation;
 * - requests without a user (other plugins, service tokens) are allowed:
 *   they were authorized at the service boundary.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(private readonly platformGroups: string[]) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return { result: AuthorizeResult.ALLOW };
    const ownership = user.info.ownershipEntityRefs.map(r =>
      r.toLocaleLowerCase('en-US'),
    );
    if (this.platformGroups.some(g => ownership.includes(g))) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { permission } = request;
    if (
      isPermission(permission, catalogLocationCreatePermission) ||
      isPermission(permission, catalogLocationDeletePermission) ||
      isPermission(permission, unprocessedEntitiesDeletePermission) ||
      isPermission(permission, scorecardExemptionCreatePermission) ||
      isPermission(permission, scorecardExemptionDeletePermission) ||
      isPermission(permission, scorecardExemptionDecidePermission) ||
      isPermission(permission, scorecardCampaignManagePermission) ||
      isPermission(permission, adoptionReadPermission) ||
      isPermission(permission, adoptionRefreshPermission)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, catalogEntityDeletePermission)) {
      // their own entities, never a Template
      return createCatalogConditionalDecision(permission, {
        allOf: [
          catalogConditions.isEntityOwner({
            claims: user.info.ownershipEntityRefs,
          }),
          { not: catalogConditions.isEntityKind({ kinds: ['Template'] }) },
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
