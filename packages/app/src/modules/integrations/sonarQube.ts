import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ApiBlueprint,
  DiscoveryApi,
  FetchApi,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { SonarQubeClient } from '@backstage-community/plugin-sonarqube';
import {
  SonarQubeApi,
  sonarQubeApiRef,
} from '@backstage-community/plugin-sonarqube-react';

/**
 * The SonarQube card's client, with failures kept visible. The plugin's
 * client answers "no summary" for an entity whose summary request failed,
 * and the card then stays empty; here such an entity's summary is asked
 * again and the failure thrown, which the card shows (its error state names
 * 401, 403 and 404, and shows the message of anything else).
 */
export class SonarQubeErrorsClient implements SonarQubeApi {
  private readonly inner: SonarQubeApi;

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {
    this.inner = new SonarQubeClient(options);
  }

  async getSummaries(entities: Entity[]) {
    const summaries = await this.inner.getSummaries(entities);
    return Promise.all(
      summaries.map(async (summary, i) => summary ?? this.why(entities[i])),
    );
  }

  /** Undefined for an entity without findings; throws a failure. */
  private async why(entity: Entity): Promise<undefined> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('sonarqube');
    const { kind, metadata } = entity;
    const ref = [kind, metadata.namespace ?? 'default', metadata.name]
      .map(encodeURIComponent)
      .join('/');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/entities/${ref}/summary`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return undefined;
  }
}

/** The SonarQube card's API, replaced by {@link SonarQubeErrorsClient}. */
export const sonarQubeModule = createFrontendModule({
  pluginId: 'sonarqube',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: sonarQubeApiRef,
          deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
          factory: ({ discoveryApi, fetchApi }) =>
            new SonarQubeErrorsClient({ discoveryApi, fetchApi }),
        }),
    }),
  ],
});
