import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/**
 * The TechDocs backend's metadata of built docs
 * (`GET /metadata/techdocs/:namespace/:kind/:name`, the
 * techdocs_metadata.json the generator wrote, `build_timestamp` in ms).
 */
export class TechDocsMetadataClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /** the last build or publish, null when the docs were never published */
  async lastBuiltAt(entity: CompoundEntityRef): Promise<Date | null> {
    const baseUrl = await this.deps.discovery.getBaseUrl('techdocs');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    const path = [entity.namespace, entity.kind, entity.name]
      .map(encodeURIComponent)
      .join('/');
    const res = await fetch(`${baseUrl}/metadata/techdocs/${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status === 404) return null;
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as { build_timestamp?: unknown };
    const timestamp = Number(body.build_timestamp);
    return Number.isFinite(timestamp) && timestamp > 0
      ? new Date(timestamp)
      : null;
  }
}
