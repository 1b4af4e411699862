import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/** The value at a dot path of the entity (`spec.owner`), or undefined. */
export function readField(entity: Entity, path: string): unknown {
  let value: unknown = entity;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A regular expression parameter; a syntax error names the parameter. */
export function optionalPattern(
  params: Config | undefined,
  key: string,
): RegExp | undefined {
  const source = params?.getOptionalString(key);
  if (source === undefined) return undefined;
  try {
    return new RegExp(source);
  } catch (e) {
    throw new Error(`params.${key} is not a valid regular expression: ${e}`);
  }
}

/** Every YAML document of a file, ignoring documents that do not parse. */
export function* yamlDocuments(
  parseAllDocuments: (text: string) => { toJS(): unknown; errors: unknown[] }[],
  text: string,
): Generator<unknown> {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length === 0) yield doc.toJS();
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
