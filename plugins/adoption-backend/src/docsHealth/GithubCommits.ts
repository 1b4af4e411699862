import type { GithubClients } from '../service/github';
import type { GithubFolder } from './docsLocation';

/** The time of the last commit of a repository, or of one path in it. */
export class GithubCommits {
  constructor(private readonly github: GithubClients) {}

  /**
   * `GET /repos/{owner}/{repo}/commits?sha=&path=&per_page=1`: the
   * committer date of the newest commit (touching `path` when given), null
   * when there is none (an empty repository answers 409).
   */
  async lastCommitAt(
    location: GithubFolder,
    path?: string,
  ): Promise<Date | null> {
    const octokit = await this.github.forUrl(location.repoUrl);
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
