import { parseAllDocuments } from 'yaml';
import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import { isRecord, readField, yamlDocuments } from './util';

const DEFAULT_REQUIRED = ['requests.cpu', 'requests.memory', 'limits.memory'];

/** every `resources:` object of a values file, at any depth up to 5 */
function resourceBlocks(value: unknown, depth = 0): Record<string, unknown>[] {
  if (!isRecord(value) || depth > 5) return [];
  const own = isRecord(value.resources) ? [value.resources] : [];
  return own.concat(
    Object.entries(value)
      .filter(([key]) => key !== 'resources')
      .flatMap(([, child]) => resourceBlocks(child, depth + 1)),
  );
}

/**
 * `helm-resources`: the service's Helm values set container resource
 * requests and limits, what Kyverno's require-requests-limits policy
 * enforces at admission (the guide's evidence), checked before deploying.
 *
 * params: `require` (paths inside `resources:`, default requests.cpu,
 * requests.memory, limits.memory).
 */
export const helmResourcesCheckType = createScorecardCheckType({
  id: 'helm-resources',
  parseParams(params) {
    return {
      require: params?.getOptionalStringArray('require') ?? DEFAULT_REQUIRED,
    };
  },
  async evaluate(_entity, { require }, context) {
    const valuesFiles = (await context.repositoryYamlFiles()).filter(f =>
      /(^|\/)values(-[\w.-]+)?\.ya?ml$/.test(f.path),
    );
    if (valuesFiles.length === 0) {
      return {
        status: 'failed',
        detail: 'no Helm values file (values.yaml) in the repository',
      };
    }
    let best: { path: string; missing: string[] } | undefined;
    for (const file of valuesFiles) {
      for (const doc of yamlDocuments(parseAllDocuments, file.content)) {
        for (const block of resourceBlocks(doc)) {
          const missing = require.filter(p => {
            const v = readField(block as any, p);
            return v === undefined || v === null || v === '';
          });
          if (missing.length === 0) {
            return {
              status: 'passed',
              detail: `${file.path} sets resources ${require.join(', ')}`,
            };
          }
          if (!best || missing.length < best.missing.length) {
            best = { path: file.path, missing };
          }
        }
      }
    }
    if (best) {
      return {
        status: 'failed',
        detail: `${best.path} does not set resources ${best.missing.join(
          ', ',
        )}`,
      };
    }
    return {
      status: 'failed',
      detail: `no resources in ${valuesFiles.map(f => f.path).join(', ')}`,
    };
  },
});
