import { Entity } from '@backstage/catalog-model';

/*
 * Which Snyk projects an entity is, from the annotations the community Snyk
 * plugin defines (snyk-tech-services/backstage-plugin-snyk), parsed once here.
 */

export const SNYK_ORG_ID_ANNOTATION = 'snyk.io/org-id';
export const SNYK_TARGET_ID_ANNOTATION = 'snyk.io/target-id';
export const SNYK_PROJECT_IDS_ANNOTATION = 'snyk.io/project-ids';
export const SNYK_EXCLUDE_PROJECT_IDS_ANNOTATION =
  'snyk.io/exclude-project-ids';
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** Snyk's ids are UUIDs. */
export const SNYK_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SLUG_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** How to find an entity's Snyk projects. */
export type SnykSelection = {
  orgId: string;
  /** the projects named by `snyk.io/project-ids`, else those of the target */
  projectIds?: string[];
  /** `snyk.io/target-id`, else the target named like the GitHub repository */
  target?: { id: string } | { displayName: string };
  excludeProjectIds: string[];
};

/** Whether the entity names a Snyk organization (where the card shows). */
export function hasSnykAnnotation(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[SNYK_ORG_ID_ANNOTATION]);
}

function idList(
  name: string,
  value: string | undefined,
): string[] | { problem: string } {
  if (value === undefined) return [];
  const ids = value.split(',').map(id => id.trim());
  const bad = ids.filter(id => !SNYK_ID_PATTERN.test(id));
  if (bad.length > 0) {
    return {
      problem: `${name} must be a comma-separated list of Snyk project ids (UUIDs); "${bad.join(
        '", "',
      )}" is not one.`,
    };
  }
  return ids;
}

/** The entity's Snyk selection, or what is wrong with its annotations. */
export function parseSnykAnnotations(
  entity: Entity,
): SnykSelection | { problem: string } {
  const annotations = entity.metadata.annotations ?? {};
  const orgId = annotations[SNYK_ORG_ID_ANNOTATION]?.trim() ?? '';
  if (!SNYK_ID_PATTERN.test(orgId)) {
    return {
      problem: `${SNYK_ORG_ID_ANNOTATION} must be the Snyk organization's id (a UUID, in Snyk's organization settings); "${orgId}" is not one.`,
    };
  }
  const projectIds = idList(
    SNYK_PROJECT_IDS_ANNOTATION,
    annotations[SNYK_PROJECT_IDS_ANNOTATION],
  );
  if (!Array.isArray(projectIds)) return projectIds;
  const excludeProjectIds = idList(
    SNYK_EXCLUDE_PROJECT_IDS_ANNOTATION,
    annotations[SNYK_EXCLUDE_PROJECT_IDS_ANNOTATION],
  );
  if (!Array.isArray(excludeProjectIds)) return excludeProjectIds;
  if (projectIds.length > 0) {
    return { orgId, projectIds, excludeProjectIds };
  }
  const targetId = annotations[SNYK_TARGET_ID_ANNOTATION]?.trim();
  if (targetId !== undefined) {
    if (!SNYK_ID_PATTERN.test(targetId)) {
      return {
        problem: `${SNYK_TARGET_ID_ANNOTATION} must be a Snyk target id (a UUID); "${targetId}" is not one.`,
      };
    }
    return { orgId, target: { id: targetId }, excludeProjectIds };
  }
  const slug = annotations[GITHUB_PROJECT_SLUG_ANNOTATION]?.trim();
  if (slug && SLUG_PATTERN.test(slug)) {
    return { orgId, target: { displayName: slug }, excludeProjectIds };
  }
  return {
    problem: `Name the Snyk projects with ${SNYK_PROJECT_IDS_ANNOTATION} or ${SNYK_TARGET_ID_ANNOTATION}, or give the entity a ${GITHUB_PROJECT_SLUG_ANNOTATION} (owner/repository) that names its Snyk target.`,
  };
}
