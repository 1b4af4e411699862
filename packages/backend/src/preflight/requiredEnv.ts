import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

/**
 * Names of the environment variables that a config file requires.
 *
 * `${NAME}` makes NAME required; `${NAME:-fallback}` (an empty fallback
 * included) makes it optional, and `$${NAME}` is an escaped literal. These are
 * the substitution rules of `@backstage/config-loader`; only values are
 * scanned, so a `${NAME}` in a YAML comment requires nothing.
 */
export function requiredEnvVarsInYaml(text: string): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/(\$?)\$\{([^{}]*)\}/g)) {
        const [, escape, body] = match;
        if (escape || body.includes(':-')) continue;
        names.add(body.trim());
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  for (const doc of parseAllDocuments(text)) {
    if (!('errors' in doc) || doc.errors.length === 0) visit(doc.toJS());
  }
  return [...names];
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
