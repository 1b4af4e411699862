import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type {
  CheckContext,
  RepositoryFile,
  ScorecardCheckType,
} from '@internal/backstage-plugin-scorecard-node';

/** A production service of order-squad, with the given annotations. */
export const entity = (
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = { owner: 'group:order-squad' },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', annotations },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

/**
 * What a check is given: the repository's YAML files (or the error reading
 * them gives) and the evidence sources (by default none is installed).
 */
export const context = (
  files: RepositoryFile[] | Error = [],
  sources: CheckContext['evidenceSource'] = id => {
    throw new Error(`no evidence source "${id}" is installed`);
  },
): CheckContext => ({
  repositoryYamlFiles: async () => {
    if (files instanceof Error) throw files;
    return files;
  },
  evidenceSource: sources,
  signal: new AbortController().signal,
});

/** Parses the params as the configuration gives them, then evaluates. */
export async function run<T>(
  type: ScorecardCheckType<T>,
  params: object | undefined,
  e: Entity,
  ctx: CheckContext = context(),
) {
  const parsed = type.parseParams(
    params ? new ConfigReader(params as any) : undefined,
  );
  return type.evaluate(e, parsed, ctx, { id: `${type.id}-check` });
}
