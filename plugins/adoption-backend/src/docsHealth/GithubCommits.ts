import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import type { GithubDocsLocation } from './docsLocation';

/** The time of the last commit of a repository, or of one path in it. */
export class GithubCommits {
  private readonly credentials: GithubCredentialsProvider;

  constructor(integrations: ScmIntegrationRegistry) {
    this.credentials =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  /**
   * `GET /repos/{owner}/{repo}/commits?sha=&path=&per_page=1`: the
   * committer date of the newest commit (touching `path` when given), null
   * when there is none (an empty repository answers 409).
   */
  async lastCommitAt(
    location: GithubDocsLocation,
    path?: string,
  ): Promise<Date | null> {
    const { token } = await this.credentials.getCredentials({
      url: location.repoUrl,
    });
    const octokit = new Octokit({ baseUrl: location.apiBaseUrl, auth: token });
    try {
      const { data } = await octokit.rest.repos.listCommits({
        owner: location.owner,
        repo: location.repo,
        ...(location.ref ? { sha: location.ref } : {}),
        ...(path ? { path } : {}),
        per_page: 1,
      });
      const date =
        data[0]?.commit.committer?.date ?? data[0]?.commit.author?.date;
      return date ? new Date(date) : null;
    } catch (e) {
      if ((e as { status?: number }).status === 409) return null;
      throw e;
    }
  }
}
