import type { GithubClients } from '../service/github';
import type { CoverageConfig } from './config';

/** A repository of the organisation, as coverage needs it. */
export type OrganizationRepository = {
  name: string;
  /** `owner/name` */
  fullName: string;
  archived: boolean;
  /** ISO 8601; null for a repository never pushed to */
  pushedAt: string | null;
};

/** Where coverage reads the organisation's repositories from. */
export interface RepositorySource {
  listRepositories(): Promise<OrganizationRepository[]>;
  /** A file on the repository's default branch; undefined when there is none (or the repository is empty). */
  readFile(repository: string, path: string): Promise<string | undefined>;
}

/**
 * The organisation's repositories through Backstage's GitHub integration
 * for the host (`integrations.github`, see GithubClients): its GitHub App's
 * installation token in production, the token of the sandbox's GitHub in
 * development.
 */
export class GithubOrganization implements RepositorySource {
  constructor(
    private readonly coverage: Pick<CoverageConfig, 'host' | 'organization'>,
    private readonly github: GithubClients,
  ) {}

  private client() {
    const { host, organization } = this.coverage;
    return this.github.forUrl(`https://${host}/${organization}`);
  }

  async listRepositories(): Promise<OrganizationRepository[]> {
    const octokit = await this.client();
    const repos = await octokit.paginate('GET /orgs/{org}/repos', {
      org: this.coverage.organization,
      type: 'all',
      per_page: 100,
    });
    return repos.map(r => ({
      name: r.name,
      fullName: r.full_name,
      archived: Boolean(r.archived),
      pushedAt: r.pushed_at ?? null,
    }));
  }

  async readFile(repository: string, path: string) {
    const octokit = await this.client();
    try {
      const { data } = await octokit.rest.repos.getContent({
        owner: this.coverage.organization,
        repo: repository,
        path,
        mediaType: { format: 'raw' },
      });
      return typeof data === 'string' ? data : undefined;
    } catch (e) {
      // no such file, or an empty repository (404; 409 for the git data API)
      if ((e as { status?: number }).status === 404) return undefined;
      if ((e as { status?: number }).status === 409) return undefined;
      throw e;
    }
  }
}
