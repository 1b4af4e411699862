import type { Config } from '@backstage/config';
import type {
  CheckOutcome,
  ScorecardEvidenceSource,
} from '@internal/backstage-plugin-scorecard-node';
import { httpGet } from './httpGet';
import type { KubernetesClusters } from './KubernetesClusters';

type Registry = {
  host: string;
  baseUrl: string;
  authorization?: string;
  /** the CA to trust (PEM), `caData` decoded; default the system's */
  ca?: string;
};

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** host, repository and tag or digest of an image reference */
export function parseImageReference(image: string) {
  const match =
    /^(?:(?<host>[^/]+\.[^/]+|[^/]+:\d+|localhost)\/)?(?<repository>[a-z0-9]+(?:[._\-/][a-z0-9]+)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/.exec(
      image,
    );
  if (!match?.groups) return undefined;
  const { host = 'docker.io', repository, tag, digest } = match.groups;
  return { host, repository, tag: tag ?? 'latest', digest };
}

/**
 * The `cosign-registry` evidence source: are the entity's images signed with
 * Cosign? The images are the one its annotation names
 * (`myorg.com/container-image` by default), else the ones its Deployments
 * run (found by `backstage.io/kubernetes-id` on the Kubernetes plugin's
 * clusters): what runs is what matters. Each image's OCI registry is asked
 * through the distribution API, as `cosign verify` finds signatures: resolve
 * the tag to a digest, then look for the `sha256-<digest>.sig` tag Cosign
 * pushes next to the image.
 */
export class CosignRegistryEvidenceSource implements ScorecardEvidenceSource {
  readonly id = 'cosign-registry';

  static fromConfig(config: Config, clusters?: KubernetesClusters) {
    const cosign = config.getOptionalConfig('scorecard.evidence.cosign');
    const registries = (cosign?.getOptionalConfigArray('registries') ?? []).map(
      (r): Registry => {
        const host = r.getString('host');
        const token = r.getOptionalString('token');
        const username = r.getOptionalString('username');
        const password = r.getOptionalString('password');
        const caData = r.getOptionalString('caData');
        let authorization: string | undefined;
        if (token) authorization = `Bearer ${token}`;
        else if (username) {
          authorization = `Basic ${Buffer.from(
            `${username}:${password ?? ''}`,
          ).toString('base64')}`;
        }
        return {
          host,
          baseUrl: (
            r.getOptionalString('baseUrl') ?? `https://${host}`
          ).replace(/\/+$/, ''),
          authorization,
          ca: caData
            ? Buffer.from(caData, 'base64').toString('utf8')
            : undefined,
        };
      },
    );
    return new CosignRegistryEvidenceSource(
      cosign?.getOptionalString('imageAnnotation') ??
        'myorg.com/container-image',
      registries,
      clusters,
    );
  }

  constructor(
    private readonly imageAnnotation: string,
    private readonly registries: Registry[],
    private readonly clusters?: KubernetesClusters,
  ) {}

  /** the images to verify, or why they are not known */
  private async images(
    annotations: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ images: string[]; problems: string[] }> {
    const declared = annotations[this.imageAnnotation];
    if (declared) return { images: [declared], problems: [] };
    const id = annotations['backstage.io/kubernetes-id'];
    if (!id || !this.clusters) {
      return {
        images: [],
        problems: [
          `no ${this.imageAnnotation} annotation and no Kubernetes workload (backstage.io/kubernetes-id): the image to verify is not known`,
        ],
      };
    }
    const results = await this.clusters.list(
      '/apis/apps/v1/deployments',
      { labelSelector: `backstage.io/kubernetes-id=${id}` },
      signal,
    );
    const images = new Set<string>();
    const problems: string[] = [];
    for (const r of results) {
      if ('error' in r) {
        problems.push(`cluster ${r.cluster} could not be read (${r.error})`);
        continue;
      }
      for (const d of r.items) {
        for (const c of d.spec?.template?.spec?.containers ?? []) {
          if (typeof c.image === 'string') images.add(c.image);
        }
      }
    }
    if (images.size === 0 && problems.length === 0) {
      problems.push(
        `no Deployment labelled backstage.io/kubernetes-id=${id} on any cluster, and no ${this.imageAnnotation} annotation`,
      );
    }
    return { images: [...images].sort(), problems };
  }

  async read(
    entity: { metadata: { annotations?: Record<string, string> } },
    { signal }: { signal: AbortSignal },
  ): Promise<CheckOutcome> {
    const { images, problems } = await this.images(
      entity.metadata.annotations ?? {},
      signal,
    );
    if (images.length === 0) {
      return { status: 'unknown', detail: problems.join('; ') };
    }
    const outcomes = await Promise.all(
      images.map(image => this.verify(image, signal)),
    );
    const failed = outcomes.find(o => o.status === 'failed');
    if (failed) return failed;
    const unknown = outcomes.find(o => o.status === 'unknown');
    if (unknown) return unknown;
    return {
      status: 'passed',
      detail: outcomes.map(o => o.detail).join('; '),
    };
  }

  private async verify(
    image: string,
    signal: AbortSignal,
  ): Promise<CheckOutcome> {
    const ref = parseImageReference(image);
    if (!ref) {
      return {
        status: 'unknown',
        detail: `${this.imageAnnotation} "${image}" is not an image reference`,
      };
    }
    const registry = this.registries.find(r => r.host === ref.host);
    if (!registry) {
      return {
        status: 'unknown',
        detail: `no registry ${ref.host} in scorecard.evidence.cosign.registries`,
      };
    }
    const head = (reference: string) =>
      httpGet(
        `${registry.baseUrl}/v2/${ref.repository}/manifests/${reference}`,
        {
          method: 'HEAD',
          headers: {
            Accept: MANIFEST_TYPES,
            ...(registry.authorization
              ? { Authorization: registry.authorization }
              : {}),
          },
          ca: registry.ca,
          signal,
        },
      );

    let digest = ref.digest;
    if (!digest) {
      const res = await head(ref.tag);
      if (res.status === 404) {
        return {
          status: 'failed',
          detail: `image ${image} is not in ${ref.host}`,
        };
      }
      if (res.status !== 200) {
        return {
          status: 'unknown',
          detail: `registry ${ref.host} answered HTTP ${res.status} for ${image}`,
        };
      }
      digest = String(res.headers['docker-content-digest'] ?? '');
      if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
        return {
          status: 'unknown',
          detail: `registry ${ref.host} gave no digest for ${image}`,
        };
      }
    }
    const signatureTag = `${digest.replace(':', '-')}.sig`;
    const sig = await head(signatureTag);
    if (sig.status === 200) {
      return {
        status: 'passed',
        detail: `Cosign signature ${signatureTag} for ${image}`,
      };
    }
    if (sig.status === 404) {
      return {
        status: 'failed',
        detail: `no Cosign signature for ${image} (${digest.slice(0, 19)}…)`,
      };
    }
    return {
      status: 'unknown',
      detail: `registry ${ref.host} answered HTTP ${sig.status} for the signature of ${image}`,
    };
  }
}
