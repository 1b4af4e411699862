import { ConfigReader } from '@backstage/config';
import { createStandInTls, OciRegistryStandIn, StandInTls } from 'sandbox';
import { CosignRegistryEvidenceSource } from './CosignRegistryEvidenceSource';

/*
 * The Cosign evidence source against the sandbox's OCI registry stand-in
 * over HTTPS, trusting the registry's CA from its caData.
 */

describe('CosignRegistryEvidenceSource over HTTPS', () => {
  let tls: StandInTls;
  let registry: OciRegistryStandIn;
  const signal = new AbortController().signal;
  const image = 'registry.example.com/order-service:4f2a9c1';
  const entity = {
    metadata: { annotations: { 'myorg.com/container-image': image } },
  };

  beforeAll(async () => {
    tls = createStandInTls();
    registry = await OciRegistryStandIn.start({ tokens: ['t0ken'], tls });
    registry.pushImage('order-service', '4f2a9c1', { signed: true });
  });
  afterAll(() => registry.close());

  const source = (caData?: string) =>
    CosignRegistryEvidenceSource.fromConfig(
      new ConfigReader({
        scorecard: {
          evidence: {
            cosign: {
              registries: [
                {
                  host: 'registry.example.com',
                  baseUrl: registry.url,
                  token: 't0ken',
                  ...(caData && { caData }),
                },
              ],
            },
          },
        },
      }),
    );

  it("finds the signature, trusting the registry's caData", async () => {
    expect(registry.url).toMatch(/^https:/);
    const outcome = await source(Buffer.from(tls.ca).toString('base64')).read(
      entity,
      { signal },
    );
    expect(outcome).toEqual({
      status: 'passed',
      detail: expect.stringMatching(
        new RegExp(`^Cosign signature sha256-[a-f0-9]{64}\\.sig for ${image}$`),
      ),
    });
  });

  it('without caData refuses the certificate and asks nothing', async () => {
    const requests = registry.requests.length;
    await expect(source().read(entity, { signal })).rejects.toThrow(
      'unable to verify the first certificate',
    );
    expect(registry.requests).toHaveLength(requests);
  });
});
