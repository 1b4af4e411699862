/*
 * A stand-in for an OCI registry (the distribution API, v2), enough for
 * scorecards to ask "is this image signed with Cosign?" the way `cosign
 * verify` finds signatures: resolve a tag to its digest, then look for the
 * `sha256-<digest>.sig` tag next to it.
 *
 * Simplified compared with a real registry: manifests only (no blobs, no
 * uploads); authentication is a static bearer token or basic credentials
 * (ECR's `AWS:<password>`), not the token-service round trip; no
 * pagination of tag lists.
 */
import express from 'express';
import crypto from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import type { StandInTls } from '../tls';

export type OciRegistryStandInOptions = {
  port?: number;
  /** bearer tokens accepted; default ['sandbox-registry-token'] */
  tokens?: string[];
  /** basic credentials accepted, e.g. { AWS: 'password' } */
  users?: Record<string, string>;
  /**
   * Serve HTTPS with this certificate, as a registry does (clients trust
   * `tls.ca`: curl --cacert, a registry's ca.crt in skopeo's --cert-dir);
   * plain HTTP without it.
   */
  tls?: StandInTls;
};

export type OciRegistryRecordedRequest = {
  method: string;
  path: string;
};

type Manifest = { mediaType: string; body: string; digest: string };

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

const errorBody = (code: string, message: string, detail: unknown = null) => ({
  errors: [{ code, message, detail }],
});

export class OciRegistryStandIn extends FaultInjectingStandIn {
  /** repository → reference (tag or digest) → manifest */
  private readonly repositories = new Map<string, Map<string, Manifest>>();
  readonly requests: OciRegistryRecordedRequest[] = [];

  static async start(options: OciRegistryStandInOptions = {}) {
    const standIn = new OciRegistryStandIn(options);
    await standIn.listen(standIn.app(), options.port ?? 0, options.tls);
    return standIn;
  }

  private constructor(private readonly options: OciRegistryStandInOptions) {
    super();
  }

  /**
   * Pushes an image manifest under a tag and, with `signed`, the Cosign
   * signature manifest under `sha256-<digest>.sig`. Returns the digest.
   */
  pushImage(
    repository: string,
    tag: string,
    options: { signed?: boolean } = {},
  ) {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${crypto
          .createHash('sha256')
          .update(`${repository}:${tag}:config`)
          .digest('hex')}`,
        size: 1024,
      },
      layers: [],
    });
    const digest = this.put(repository, tag, body);
    if (options.signed) {
      this.put(
        repository,
        `${digest.replace(':', '-')}.sig`,
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MANIFEST_TYPE,
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: `sha256:${crypto
              .createHash('sha256')
              .update(digest)
              .digest('hex')}`,
            size: 233,
          },
          layers: [
            {
              mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
              digest: `sha256:${crypto
                .createHash('sha256')
                .update(`${digest}:sig`)
                .digest('hex')}`,
              size: 250,
              annotations: {
                'dev.cosignproject.cosign/signature': 'MEUCIQ...',
              },
            },
          ],
        }),
      );
    }
    return digest;
  }

  private put(repository: string, reference: string, body: string) {
    const digest = `sha256:${crypto
      .createHash('sha256')
      .update(body)
      .digest('hex')}`;
    const manifests = this.repositories.get(repository) ?? new Map();
    const manifest = { mediaType: MANIFEST_TYPE, body, digest };
    manifests.set(reference, manifest);
    manifests.set(digest, manifest);
    this.repositories.set(repository, manifests);
    return digest;
  }

  private authorized(header: string | undefined): boolean {
    const tokens = this.options.tokens ?? ['sandbox-registry-token'];
    if (!header) return false;
    const [scheme, value] = header.split(' ', 2);
    if (scheme === 'Bearer') return tokens.includes(value);
    if (scheme === 'Basic') {
      const [user, ...rest] = Buffer.from(value ?? '', 'base64')
        .toString('utf8')
        .split(':');
      const password = rest.join(':');
      return (
        this.options.users?.[user] !== undefined &&
        this.options.users[user] === password
      );
    }
    return false;
  }

  private app() {
    const app = express();
    app.use((req, _res, next) => {
      this.requests.push({ method: req.method, path: req.path });
      next();
    });
    app.use(this.faultInjection());
    app.use((req, res, next) => {
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      if (!this.authorized(req.header('authorization'))) {
        res
          .status(401)
          .setHeader(
            'WWW-Authenticate',
            `Bearer realm="${this.url}/token",service="sandbox-registry"`,
          )
          .json(errorBody('UNAUTHORIZED', 'authentication required'));
        return;
      }
      next();
    });

    app.get('/v2/', (_req, res) => {
      res.json({});
    });

    app.get(/^\/v2\/(.+)\/tags\/list$/, (req, res) => {
      const repository = (req.params as Record<string, string>)[0];
      const manifests = this.repositories.get(repository);
      if (!manifests) {
        res.status(404).json(
          errorBody('NAME_UNKNOWN', 'repository name not known to registry', {
            name: repository,
          }),
        );
        return;
      }
      res.json({
        name: repository,
        tags: [...manifests.keys()]
          .filter(r => !r.startsWith('sha256:'))
          .sort(),
      });
    });

    app.all(/^\/v2\/(.+)\/manifests\/([^/]+)$/, (req, res) => {
      const params = req.params as Record<string, string>;
      const repository = params[0];
      const reference = params[1];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res
          .status(405)
          .json(errorBody('UNSUPPORTED', 'The operation is unsupported.'));
        return;
      }
      const manifest = this.repositories.get(repository)?.get(reference);
      if (!manifest) {
        const known = this.repositories.has(repository);
        res.status(404).json(
          known
            ? errorBody('MANIFEST_UNKNOWN', 'manifest unknown', {
                Tag: reference,
              })
            : errorBody(
                'NAME_UNKNOWN',
                'repository name not known to registry',
                { name: repository },
              ),
        );
        return;
      }
      res.setHeader('Content-Type', manifest.mediaType);
      res.setHeader('Docker-Content-Digest', manifest.digest);
      res.setHeader('Content-Length', Buffer.byteLength(manifest.body));
      if (req.method === 'HEAD') {
        res.status(200).end();
        return;
      }
      res.status(200).send(manifest.body);
    });

    app.use((_req, res) => {
      res
        .status(404)
        .json(errorBody('UNSUPPORTED', 'The operation is unsupported.'));
    });
    return app;
  }

  /** The distribution API's error body, code `UNKNOWN`. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    res
      .status(failure.status)
      .json(
        errorBody('UNKNOWN', failure.message ?? 'unknown error (injected)'),
      );
  }
}
