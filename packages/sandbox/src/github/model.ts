/** The state of the GitHub stand-in: organisations, their people, teams and repositories. */

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

export type GitHubRepo = {
  name: string;
  description?: string;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  topics: string[];
  defaultBranch: string;
  /** branch -> path -> file content */
  branches: Map<string, Map<string, string>>;
  createdAt: string;
};

export type GitHubOrg = {
  login: string;
  members: string[];
  teams: Map<string, GitHubTeam>;
  repos: Map<string, GitHubRepo>;
};

export function newRepo(
  name: string,
  options: Partial<Omit<GitHubRepo, 'name' | 'branches'>> & {
    files?: Record<string, string>;
  } = {},
): GitHubRepo {
  const defaultBranch = options.defaultBranch ?? 'main';
  return {
    name,
    description: options.description,
    visibility: options.visibility ?? 'private',
    archived: options.archived ?? false,
    fork: options.fork ?? false,
    topics: options.topics ?? [],
    defaultBranch,
    branches: new Map([
      [defaultBranch, new Map(Object.entries(options.files ?? {}))],
    ]),
    createdAt: options.createdAt ?? new Date().toISOString(),
  };
}

/** GitHub's global node ids are opaque strings; these are stable per name. */
export function nodeId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`).toString('base64');
}
