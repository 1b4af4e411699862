import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { getLocationForEntity } from '@backstage/plugin-techdocs-node';

/** Where an entity's TechDocs source lives on GitHub. */
export type GithubDocsLocation = {
  /** the repository's web URL, `https://<host>/<owner>/<repo>` */
  repoUrl: string;
  apiBaseUrl: string;
  owner: string;
  repo: string;
  /** the branch (or ref) of the location; the default branch when absent */
  ref?: string;
  /** the docs' folder in the repository ('' for the root) */
  dir: string;
};

/**
 * The GitHub repository, ref and folder of an entity's TechDocs, resolved
 * as the TechDocs backend resolves them (`backstage.io/techdocs-ref`,
 * `dir:` relative to the entity's source location); an InputError when
 * the docs are not on a configured GitHub host.
 */
export function githubDocsLocation(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): GithubDocsLocation {
  const location = getLocationForEntity(entity, integrations);
  if (location.type !== 'url') {
    throw new InputError(`docs are not in a repository (${location.type})`);
  }
  const integration = integrations.github.byUrl(location.target);
  if (!integration) {
    throw new InputError(`not on a configured GitHub host: ${location.target}`);
  }
  if (!integration.config.apiBaseUrl) {
    throw new InputError(
      `no apiBaseUrl for GitHub host ${integration.config.host}`,
    );
  }
  const url = new URL(location.target);
  // /<owner>/<repo>[/(tree|blob)/<ref>[/<path>]]
  const [owner, repo, kind, ref, ...path] = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (!owner || !repo) {
    throw new InputError(`not a repository URL: ${location.target}`);
  }
  const inRef = kind === 'tree' || kind === 'blob';
  return {
    repoUrl: `${url.protocol}//${url.host}/${owner}/${repo.replace(
      /\.git$/,
      '',
    )}`,
    apiBaseUrl: integration.config.apiBaseUrl,
    owner,
    repo: repo.replace(/\.git$/, ''),
    ref: inRef ? ref : undefined,
    dir: inRef ? path.join('/') : '',
  };
}

/** the paths whose commits are the docs' commits, in a docs folder `dir` */
export function docsPaths(dir: string): string[] {
  const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
  return [`${prefix}docs`, `${prefix}mkdocs.yml`, `${prefix}mkdocs.yaml`];
}
