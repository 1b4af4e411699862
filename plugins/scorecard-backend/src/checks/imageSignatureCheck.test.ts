import { ConfigReader } from '@backstage/config';
import { KubernetesStandIn, OciRegistryStandIn } from 'sandbox';
import { CosignRegistryEvidenceSource } from '../evidence/CosignRegistryEvidenceSource';
import { KubernetesClusters } from '../evidence/KubernetesClusters';
import { context, entity, run } from './__testUtils__/runCheck';
import { imageSignatureCheckType } from './imageSignatureCheck';

describe('image-signature with the cosign-registry source (OCI registry stand-in)', () => {
  let registry: OciRegistryStandIn;
  let source: CosignRegistryEvidenceSource;
  beforeAll(async () => {
    registry = await OciRegistryStandIn.start({ tokens: ['t0ken'] });
    registry.pushImage('order-service', '4f2a9c1', { signed: true });
    registry.pushImage('payment-service', '1.4.2');
    source = CosignRegistryEvidenceSource.fromConfig(
      new ConfigReader({
        scorecard: {
          evidence: {
            cosign: {
              registries: [
                {
                  host: 'registry.example.com',
                  baseUrl: registry.url,
                  token: 't0ken',
                },
                {
                  host: 'other.example.com',
                  baseUrl: registry.url,
                  token: 'wrong',
                },
              ],
            },
          },
        },
      }),
    );
  });
  afterAll(() => registry.close());

  const check = (image: string) =>
    run(
      imageSignatureCheckType,
      undefined,
      entity({ 'myorg.com/container-image': image }),
      context([], () => source),
    );

  it('passes for a signed image and fails for an unsigned or missing one', async () => {
    const signed = await check('registry.example.com/order-service:4f2a9c1');
    expect(signed.status).toBe('passed');
    expect(signed.detail).toMatch(
      /^Cosign signature sha256-[a-f0-9]{64}\.sig for registry\.example\.com\/order-service:4f2a9c1$/,
    );
    expect(
      (await check('registry.example.com/payment-service:1.4.2')).detail,
    ).toMatch(
      /^no Cosign signature for registry\.example\.com\/payment-service:1\.4\.2/,
    );
    expect(await check('registry.example.com/payment-service:9.9.9')).toEqual({
      status: 'failed',
      detail:
        'image registry.example.com/payment-service:9.9.9 is not in registry.example.com',
    });
  });

  it('is unknown when the registry refuses, is not configured, or fails', async () => {
    expect(await check('other.example.com/order-service:4f2a9c1')).toEqual({
      status: 'unknown',
      detail:
        'registry other.example.com answered HTTP 401 for other.example.com/order-service:4f2a9c1',
    });
    expect((await check('ghcr.io/x/y:1')).detail).toBe(
      'no registry ghcr.io in scorecard.evidence.cosign.registries',
    );
    expect((await check('NOT AN IMAGE')).status).toBe('unknown');
    registry.failNext('HEAD', /sha256-.*\.sig$/, 503);
    expect(
      (await check('registry.example.com/order-service:4f2a9c1')).detail,
    ).toMatch(/answered HTTP 503 for the signature/);
    expect(
      await run(
        imageSignatureCheckType,
        undefined,
        entity(),
        context([], () => source),
      ),
    ).toEqual({
      status: 'unknown',
      detail:
        'no myorg.com/container-image annotation and no Kubernetes workload (backstage.io/kubernetes-id): the image to verify is not known',
    });
  });

  it('without the annotation, verifies what the Deployments run', async () => {
    const k8s = await KubernetesStandIn.start();
    try {
      k8s.seedWorkload({
        namespace: 'order-service',
        name: 'order-service',
        labels: { 'backstage.io/kubernetes-id': 'order-service' },
        replicas: 1,
        image: 'registry.example.com/order-service:4f2a9c1',
      });
      const config = new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'production-us',
                  url: k8s.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'sandbox-k8s-token',
                },
              ],
            },
          ],
        },
        scorecard: {
          evidence: {
            cosign: {
              registries: [
                {
                  host: 'registry.example.com',
                  baseUrl: registry.url,
                  token: 't0ken',
                },
              ],
            },
          },
        },
      });
      const fromWorkload = CosignRegistryEvidenceSource.fromConfig(
        config,
        KubernetesClusters.fromConfig(config),
      );
      const running = entity({ 'backstage.io/kubernetes-id': 'order-service' });
      const outcome = await run(
        imageSignatureCheckType,
        undefined,
        running,
        context([], () => fromWorkload),
      );
      expect(outcome.status).toBe('passed');
      expect(outcome.detail).toContain(
        'registry.example.com/order-service:4f2a9c1',
      );
      const absent = entity({ 'backstage.io/kubernetes-id': 'billing' });
      expect(
        await run(
          imageSignatureCheckType,
          undefined,
          absent,
          context([], () => fromWorkload),
        ),
      ).toEqual({
        status: 'unknown',
        detail:
          'no Deployment labelled backstage.io/kubernetes-id=billing on any cluster, and no myorg.com/container-image annotation',
      });
    } finally {
      await k8s.close();
    }
  });
});
