/** The state of the GitHub stand-in: organisations, their people, teams and repositories. */
import crypto from 'node:crypto';

export type GitHubUser = {
  login: string;
  name?: string;
  email?: string;
  bio?: string;
};

export type GitHubTeam = {
  slug: string;
  name: string;
  description?: string;
  /** slug of the parent team */
  parent?: string;
  /** logins of the direct members */
  members: string[];
};

/** Repository settings as the REST API names them (`has_issues`, `allow_squash_merge`, ...). */
export type GitHubRepoSettings = {
  has_issues: boolean;
  has_projects: boolean;
  has_wiki: boolean;
  has_discussions: boolean;
  has_downloads: boolean;
  allow_merge_commit: boolean;
  allow_squash_merge: boolean;
  allow_rebase_merge: boolean;
  allow_auto_merge: boolean;
  allow_update_branch: boolean;
  allow_forking: boolean;
  delete_branch_on_merge: boolean;
  squash_merge_commit_title: string;
  squash_merge_commit_message: string;
  merge_commit_title: string;
  merge_commit_message: string;
  is_template: boolean;
  web_commit_signoff_required: boolean;
};

export type GitHubRepo = {
  /** the REST id; derived from the full name when not set */
  id?: number;
  name: string;
  description?: string;
  homepage?: string;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  topics: string[];
  defaultBranch: string;
  /**
   * branch -> path -> file content, for repositories seeded in memory;
   * empty for repositories backed by a bare git repository (`gitDir`).
   */
  branches: Map<string, Map<string, string>>;
  /** The bare git repository, for repositories created through the API. */
  gitDir?: string;
  createdAt: string;
  updatedAt: string;
  /** When the last push landed, for git-backed repositories. */
  pushedAt?: string;
  /** Size in KB, as GitHub reports it (0 for an empty repository). */
  sizeKb: number;
  settings: GitHubRepoSettings;
  /** branch -> protection, in the shape `GET .../protection` returns */
  branchProtection: Map<string, Record<string, unknown>>;
  /** login -> permission */
  collaborators: Map<string, string>;
  /** team slug -> permission */
  teamPermissions: Map<string, string>;
};

export type GitHubOrg = {
  login: string;
  members: string[];
  teams: Map<string, GitHubTeam>;
  repos: Map<string, GitHubRepo>;
};

export function defaultRepoSettings(): GitHubRepoSettings {
  return {
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_discussions: false,
    has_downloads: true,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    allow_update_branch: false,
    allow_forking: false,
    delete_branch_on_merge: false,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
    squash_merge_commit_message: 'COMMIT_MESSAGES',
    merge_commit_title: 'MERGE_MESSAGE',
    merge_commit_message: 'PR_TITLE',
    is_template: false,
    web_commit_signoff_required: false,
  };
}

export function newRepo(
  name: string,
  options: Partial<
    Omit<GitHubRepo, 'name' | 'branches' | 'settings' | 'sizeKb'>
  > & {
    files?: Record<string, string>;
    settings?: Partial<GitHubRepoSettings>;
  } = {},
): GitHubRepo {
  const defaultBranch = options.defaultBranch ?? 'main';
  const createdAt = options.createdAt ?? new Date().toISOString();
  return {
    name,
    description: options.description,
    homepage: options.homepage,
    visibility: options.visibility ?? 'private',
    archived: options.archived ?? false,
    fork: options.fork ?? false,
    topics: options.topics ?? [],
    defaultBranch,
    branches: new Map([
      [defaultBranch, new Map(Object.entries(options.files ?? {}))],
    ]),
    createdAt,
    updatedAt: options.updatedAt ?? createdAt,
    sizeKb: 0,
    settings: { ...defaultRepoSettings(), ...options.settings },
    branchProtection: new Map(),
    collaborators: new Map(),
    teamPermissions: new Map(),
  };
}

/** GitHub's global node ids are opaque strings; these are stable per name. */
export function nodeId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`).toString('base64');
}

/** GitHub's numeric ids; stable per key. */
export function numericId(key: string): number {
  return Number.parseInt(
    crypto.createHash('md5').update(key).digest('hex').slice(0, 8),
    16,
  );
}
