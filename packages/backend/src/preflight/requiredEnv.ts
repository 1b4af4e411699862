import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** A `${NAME}` in a config file's values. */
export type EnvVarUse = {
  name: string;
  /** `${NAME}` requires it; `${NAME:-fallback}` has a default */
  required: boolean;
  /** the mapping key whose value holds it, if that is a mapping */
  key?: string;
  /** whether the value starts with it (`url: ${BASE}/path`) */
  atStart: boolean;
};

/**
 * Where a config file uses environment variables, in file order.
 *
 * `${NAME}` makes NAME required; `${NAME:-fallback}` (an empty fallback
 * included) makes it optional, and `$${NAME}` is an escaped literal. These are
 * the substitution rules of `@backstage/config-loader`; only values are
 * scanned, so a `${NAME}` in a YAML comment uses nothing.
 */
export function envVarsInYaml(text: string): EnvVarUse[] {
  const uses: EnvVarUse[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/(\$?)\$\{([^{}]*)\}/g)) {
        const [, escape, body] = match;
        if (escape) continue;
        const separator = body.indexOf(':-');
        uses.push({
          name: (separator < 0 ? body : body.slice(0, separator)).trim(),
          required: separator < 0,
          key,
          atStart: match.index === 0,
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach(item => visit(item));
    } else if (value && typeof value === 'object') {
      Object.entries(value).forEach(([k, v]) => visit(v, k));
    }
  };
  for (const doc of parseAllDocuments(text)) {
    if (!('errors' in doc) || doc.errors.length === 0) visit(doc.toJS());
  }
  return uses;
}

/** Names of the environment variables that a config file requires. */
export function requiredEnvVarsInYaml(text: string): string[] {
  return [
    ...new Set(
      envVarsInYaml(text)
        .filter(use => use.required)
        .map(use => use.name),
    ),
  ];
}

/** A required variable that is unset, and the config file that requires it. */
export type MissingEnvVar = { name: string; file: string };

export function findMissingEnvVars(
  configFiles: string[],
  env: Record<string, string | undefined>,
): MissingEnvVar[] {
  const missing: MissingEnvVar[] = [];
  const seen = new Set<string>();
  for (const file of configFiles) {
    if (!fs.existsSync(file)) continue;
    for (const name of requiredEnvVarsInYaml(fs.readFileSync(file, 'utf8'))) {
      if (env[name] === undefined && !seen.has(name)) {
        seen.add(name);
        missing.push({ name, file });
      }
    }
  }
  return missing;
}
