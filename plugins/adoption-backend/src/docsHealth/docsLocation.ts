import { getEntitySourceLocation, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { getLocationForEntity } from '@backstage/plugin-techdocs-node';
import { parseGithubUrl } from '@internal/backstage-plugin-adoption-common';

/** A folder of a GitHub repository, at a ref. */
export type GithubFolder = {
  /** the repository's web URL, `https://<host>/<owner>/<repo>` */
  repoUrl: string;
  owner: string;
  repo: string;
  /** the branch (or ref) of the location; the default branch when absent */
  ref?: string;
  /** the folder in the repository ('' for the root) */
  dir: string;
};

/**
 * The GithubFolder of a URL on a configured GitHub host: its path, or,
 * with `fileMeansFolder`, the folder of a file's URL (`/blob/`).
 */
function githubFolder(
  target: string,
  integrations: ScmIntegrationRegistry,
  options: { fileMeansFolder: boolean },
): GithubFolder {
  if (!integrations.github.byUrl(target)) {
    throw new InputError(`not on a configured GitHub host: ${target}`);
  }
  const url = parseGithubUrl(target);
  if (!url) {
    throw new InputError(`not a repository URL: ${target}`);
  }
  const dir =
    options.fileMeansFolder && url.kind === 'blob'
      ? url.path.split('/').slice(0, -1).join('/')
      : url.path;
  return {
    repoUrl: `https://${url.host}/${url.owner}/${url.repo}`,
    owner: url.owner,
    repo: url.repo,
    ref: url.ref,
    dir,
  };
}

/**
 * The GitHub repository, ref and folder of an entity's TechDocs, resolved
 * as the TechDocs backend resolves them (`backstage.io/techdocs-ref`,
 * `dir:` relative to the entity's source location); an InputError when
 * the docs are not on a configured GitHub host.
 */
export function githubDocsLocation(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): GithubFolder {
  const location = getLocationForEntity(entity, integrations);
  if (location.type !== 'url') {
    throw new InputError(`docs are not in a repository (${location.type})`);
  }
  // TechDocs reads the tree at the URL, whatever its kind
  return githubFolder(location.target, integrations, {
    fileMeansFolder: false,
  });
}

/**
 * The folder an entity describes on GitHub: that of its source location
 * (`backstage.io/source-location`, else the catalog file it was read from,
 * `backstage.io/managed-by-location`), whose commits are the code's
 * commits; an InputError when it is not on a configured GitHub host.
 */
export function githubEntityFolder(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): GithubFolder {
  const location = getEntitySourceLocation(entity);
  if (location.type !== 'url') {
    throw new InputError(
      `the entity's source is not in a repository (${location.type})`,
    );
  }
  return githubFolder(location.target, integrations, { fileMeansFolder: true });
}

/** the paths whose commits are the docs' commits, in a docs folder `dir` */
export function docsPaths(dir: string): string[] {
  const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
  return [`${prefix}docs`, `${prefix}mkdocs.yml`, `${prefix}mkdocs.yaml`];
}
