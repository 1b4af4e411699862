import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';

/**
 * GitHub API clients through Backstage's GitHub integrations
 * (`integrations.github`): for a URL on a configured host, an Octokit on
 * the host's API authenticated with the integration's credentials for that
 * URL (the GitHub App's installation token of the organisation in
 * production, the token of the sandbox's GitHub in development). Every
 * feature of the plugin that calls GitHub gets its client here.
 */
export class GithubClients {
  private readonly credentials: GithubCredentialsProvider;

  constructor(readonly integrations: ScmIntegrationRegistry) {
    this.credentials =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  static fromConfig(config: Config): GithubClients {
    return new GithubClients(ScmIntegrations.fromConfig(config));
  }

  /**
   * An Octokit for `url` (`https://<host>/<owner>[/<repo>]`): the API of the
   * integration of its host (`apiBaseUrl`, else GitHub Enterprise's
   * `https://<host>/api/v3`); an InputError when no integration has the host.
   */
  async forUrl(url: string): Promise<Octokit> {
    const integration = this.integrations.github.byUrl(url);
    if (!integration) {
      throw new InputError(
        `No GitHub integration for ${url} (integrations.github)`,
      );
    }
    const { host, apiBaseUrl } = integration.config;
    const { token } = await this.credentials.getCredentials({ url });
    return new Octokit({
      baseUrl: apiBaseUrl ?? `https://${host}/api/v3`,
      auth: token,
    });
  }
}
