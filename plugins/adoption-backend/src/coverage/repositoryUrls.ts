import type { Entity } from '@backstage/catalog-model';
import { parseGithubUrl } from '@internal/backstage-plugin-adoption-common';

/*
 * Which repository an entity comes from: the one rule that matches catalog
 * entities with the organisation's repositories.
 */

/** The annotations that name an entity's repository. */
export const SOURCE_ANNOTATIONS = {
  projectSlug: 'github.com/project-slug',
  sourceLocation: 'backstage.io/source-location',
  managedByLocation: 'backstage.io/managed-by-location',
} as const;

/** A repository's key: `host/owner/name`, lower-case (GitHub's names are case-insensitive). */
export function repositoryKey(
  host: string,
  owner: string,
  name: string,
): string {
  return `${host}/${owner}/${name.replace(/\.git$/i, '')}`.toLowerCase();
}

/** The web URL of a repository of `host`. */
export function repositoryUrl(host: string, fullName: string): string {
  return `https://${host}/${fullName}`;
}

/**
 * The key of the repository a location names (`url:https://<host>/<owner>/<repo>/...`
 * or the bare URL), when it is on `host`.
 */
export function locationRepositoryKey(
  location: string,
  host: string,
): string | undefined {
  const url = parseGithubUrl(location);
  if (!url || url.host !== host.toLowerCase()) return undefined;
  return repositoryKey(host, url.owner, url.repo);
}

/**
 * The keys of the repositories an entity names as its source on `host`:
 * `github.com/project-slug` (owner/name), `backstage.io/source-location`
 * and `backstage.io/managed-by-location` (URLs on the host).
 */
export function entityRepositoryKeys(entity: Entity, host: string): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const keys = new Set<string>();
  const slug = annotations[SOURCE_ANNOTATIONS.projectSlug]?.trim();
  const slugMatch = slug && /^([^/\s]+)\/([^/\s]+)$/.exec(slug);
  if (slugMatch) keys.add(repositoryKey(host, slugMatch[1], slugMatch[2]));
  for (const annotation of [
    SOURCE_ANNOTATIONS.sourceLocation,
    SOURCE_ANNOTATIONS.managedByLocation,
  ]) {
    const value = annotations[annotation];
    const key = value && locationRepositoryKey(value, host);
    if (key) keys.add(key);
  }
  return [...keys];
}
