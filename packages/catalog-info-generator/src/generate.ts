import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { RepoFacts, inspectRepo } from './inspect';

export type GenerateOptions = {
  /** Owner when CODEOWNERS names none, e.g. group:platform-team */
  defaultOwner?: string;
  /** Host whose remotes give github.com/project-slug. */
  githubHost?: string;
  /** Report only; write nothing. */
  dryRun?: boolean;
  /**
   * owner/name of the repository, when the folder has no origin remote to
   * read it from (e.g. fetched without .git)
   */
  githubSlug?: string;
  /** Owner that takes precedence over CODEOWNERS, e.g. group:payments */
  owner?: string;
};

export type RepoResult =
  | {
      repo: string;
      status: 'written' | 'would-write';
      file: string;
      entity: Entity;
    }
  | { repo: string; status: 'skipped'; reason: string }
  | { repo: string; status: 'failed'; reason: string };

const CATALOG_FILES = ['catalog-info.yaml', 'catalog-info.yml'];

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** A valid entity name from a repository name (letters, digits, -_.; max 63). */
export function entityName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
  return name;
}

export function componentType(facts: RepoFacts): string {
  if (
    facts.hasDockerfile ||
    facts.hasHelmChart ||
    facts.hasKubernetesManifests ||
    facts.hasEntrypoint
  ) {
    return facts.isWebsite &&
      !facts.hasHelmChart &&
      !facts.hasKubernetesManifests
      ? 'website'
      : 'service';
  }
  if (facts.isWebsite) return 'website';
  if (facts.languages.length > 0) return 'library';
  return 'other';
}

/** The draft entity for a repository, or why there is none. */
export function draftEntity(
  facts: RepoFacts,
  options: GenerateOptions = {},
): { entity: Entity } | { reason: string } {
  const name = entityName(facts.githubSlug?.split('/')[1] ?? facts.dirName);
  if (!name)
    return {
      reason: `no valid entity name can be made from "${facts.dirName}"`,
    };
  const owner = options.owner ?? facts.owner ?? options.defaultOwner;
  if (!owner) {
    return {
      reason:
        'no owner: CODEOWNERS has no rule for * (add one, or pass --default-owner group:<team>)',
    };
  }
  const annotations: Record<string, string> = {};
  if (facts.githubSlug)
    annotations['github.com/project-slug'] = facts.githubSlug;
  if (facts.hasMkdocs) annotations['backstage.io/techdocs-ref'] = 'dir:.';
  if (facts.hasHelmChart || facts.hasKubernetesManifests) {
    annotations['backstage.io/kubernetes-id'] = name;
  }
  const tags = [
    ...new Set([
      ...facts.languages,
      ...(facts.hasDockerfile ? ['docker'] : []),
      ...(facts.hasHelmChart ? ['helm'] : []),
    ]),
  ]
    .map(t => t.toLowerCase().replace(/[^a-z0-9+#-]/g, '-'))
    .filter(t => t && t.length <= 63);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      ...(facts.description && { description: facts.description }),
      ...(Object.keys(annotations).length > 0 && { annotations }),
      ...(tags.length > 0 && { tags }),
    },
    spec: {
      type: componentType(facts),
      lifecycle: 'experimental',
      owner,
    },
  };
  return { entity };
}

function header(facts: RepoFacts, options: GenerateOptions): string {
  let ownerSource = 'owner from --default-owner';
  if (options.owner) ownerSource = 'owner chosen on onboarding';
  else if (facts.ownerSource) ownerSource = `owner from ${facts.ownerSource}`;
  const sources = [
    ownerSource,
    facts.githubSlug
      ? `project slug from ${
          options.githubSlug ? 'the repository URL' : 'the origin remote'
        }`
      : undefined,
    'type and tags from the build files',
  ].filter(Boolean);
  return [
    '# Draft written by catalog-info-generator: review it, then commit it.',
    `# ${sources.join('; ')}.`,
    '# lifecycle starts as experimental; set production once the service is.',
    '',
  ].join('\n');
}

/**
 * The draft `catalog-info.yaml` of one repository (its text, with a header
 * saying where each field came from), validated; or why there is none: the
 * repository has a catalog file already, no owner can be given, or the
 * draft is not a valid entity. Writes nothing.
 */
export async function draftCatalogInfo(
  dir: string,
  options: GenerateOptions = {},
): Promise<
  | { status: 'drafted'; entity: Entity; yaml: string }
  | { status: 'skipped' | 'failed'; reason: string }
> {
  const existing = CATALOG_FILES.find(f => fs.existsSync(path.join(dir, f)));
  if (existing)
    return {
      status: 'skipped',
      reason: `already has ${existing}; never overwritten`,
    };
  const facts = inspectRepo(dir, options.githubHost);
  if (options.githubSlug) facts.githubSlug = options.githubSlug;
  const draft = draftEntity(facts, options);
  if ('reason' in draft) return { status: 'skipped', reason: draft.reason };
  try {
    await policy.enforce(draft.entity);
  } catch (error) {
    return {
      status: 'failed',
      reason: `draft is not a valid entity: ${(error as Error).message}`,
    };
  }
  return {
    status: 'drafted',
    entity: draft.entity,
    yaml: header(facts, options) + stringify(draft.entity),
  };
}

/** Inspects one repository and writes its draft when it lacks a catalog file. */
export async function generateForRepo(
  dir: string,
  options: GenerateOptions = {},
): Promise<RepoResult> {
  const repo = path.basename(dir);
  const draft = await draftCatalogInfo(dir, options);
  if (draft.status !== 'drafted') return { repo, ...draft };
  const file = path.join(dir, 'catalog-info.yaml');
  if (!options.dryRun) {
    // `wx`: fail rather than overwrite a file that appeared meanwhile
    fs.writeFileSync(file, draft.yaml, { flag: 'wx' });
  }
  return {
    repo,
    status: options.dryRun ? 'would-write' : 'written',
    file,
    entity: draft.entity,
  };
}

/** Every immediate subdirectory of `root` is a checked-out repository. */
export async function generateAll(
  root: string,
  options: GenerateOptions = {},
): Promise<RepoResult[]> {
  const dirs = fs
    .readdirSync(root, { withFileTypes: true })
    .filter(d => d.isDirectory() && !d.name.startsWith('.'))
    .map(d => path.join(root, d.name))
    .sort();
  const results: RepoResult[] = [];
  for (const dir of dirs) results.push(await generateForRepo(dir, options));
  return results;
}
