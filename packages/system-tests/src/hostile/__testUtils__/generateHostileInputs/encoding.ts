/*
 * How hostile values are put into a request: paths, query strings, JSON.
 */

/** A UTF-16 surrogate without its pair: not encodable as UTF-8. */
export const hasLoneSurrogate = (v: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
    v,
  );

/**
 * What arrives of a value sent in a query string: the query parser decodes
 * with decodeURIComponent and keeps the raw text when that fails, so a
 * value with a lone surrogate (invalid UTF-8) arrives still percent-encoded,
 * as plain ASCII.
 */
export const arrivesDecoded = (v: string) => !hasLoneSurrogate(v);

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is
 * sent as the three bytes a careless encoder would produce (WTF-8), as a
 * hostile client may.
 */
export function enc(value: string): string {
  let out = '';
  for (const part of value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g) ??
    []) {
    const code = part.charCodeAt(0);
    if (part.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [
        0xe0 | (code >> 12),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      ]
        .map(b => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(part);
    }
  }
  return out;
}

/** JSON text with `depth` nested arrays or objects where "DEEP" was. */
export function deepJson(
  template: unknown,
  depth: number,
  shape: 'array' | 'object',
) {
  const nested =
    shape === 'array'
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return JSON.stringify(template).replace('"DEEP"', nested);
}
