import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';

/**
 * `image-signature`: the entity's container image is signed, as judged by an
 * evidence source (default `cosign-registry`: a Cosign signature next to the
 * image in its OCI registry). Sources are pluggable through the
 * `scorecard.checks` extension point.
 *
 * params: `source` (evidence source id, default cosign-registry).
 */
export const imageSignatureCheckType = createScorecardCheckType({
  id: 'image-signature',
  parseParams(params) {
    return { source: params?.getOptionalString('source') ?? 'cosign-registry' };
  },
  evaluate(entity, { source }, context) {
    return context
      .evidenceSource(source)
      .read(entity, { question: 'image-signed', signal: context.signal });
  },
});
