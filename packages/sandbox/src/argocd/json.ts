import { randomBytes } from 'node:crypto';
import { invalidArgument } from './grpc';

/*
 * Helpers: JSON as Go decodes and compares it (Argo CD's error messages,
 * `reflect.DeepEqual`), timestamps and fake commits.
 */

export function rfc3339(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function fakeSha(): string {
  return randomBytes(20).toString('hex');
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, for Go's `reflect.DeepEqual` of decoded structs. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .filter(k => value[k] !== undefined && value[k] !== null)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(value[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, String(v)]),
  );
}

function goJsonError(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') return 'unexpected EOF';
  return `invalid character '${trimmed[0]}' looking for beginning of value`;
}

export function parseJsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidArgument(goJsonError(raw));
  }
  if (!isObject(parsed)) {
    throw invalidArgument(
      'json: cannot unmarshal non-object into Go value of type map[string]interface {}',
    );
  }
  return parsed;
}

export function setOrDelete(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
) {
  const empty =
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.keys(value).length === 0);
  if (empty) delete target[key];
  else target[key] = value;
}

/** Argo CD's `GenerateSpecIsDifferentErrorMessage`. */
export function specIsDifferent(
  entity: string,
  a: unknown,
  b: unknown,
): string {
  const basic = `existing ${entity} spec is different; use upsert flag to force update`;
  const paths = differentPaths(a, b, []);
  if (paths.length === 0) return basic;
  return `${basic}; difference in keys "${paths.join(',')}"`;
}

/**
 * The changed paths, flattened the way Argo CD joins r3labs/diff's change
 * paths: Go field names (the JSON key, capitalized) and slice indexes.
 */
function differentPaths(a: unknown, b: unknown, path: string[]): string[] {
  if (sameJson(a, b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap(k =>
      differentPaths(a[k], b[k], [
        ...path,
        k.charAt(0).toUpperCase() + k.slice(1),
      ]),
    );
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, i) =>
      differentPaths(item, b[i], [...path, String(i)]),
    );
  }
  return path;
}
