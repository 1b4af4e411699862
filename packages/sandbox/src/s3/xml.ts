/** Just enough XML for S3 and STS bodies (no attributes, no mixed content). */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function unescapeXml(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g,
    (_, entity: string) => {
      if (entity.startsWith('#x'))
        return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#'))
        return String.fromCodePoint(parseInt(entity.slice(1), 10));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[
        entity as 'amp'
      ];
    },
  );
}

/** An element tree: `{Name: 'x', Items: [{Key: 'a'}, {Key: 'b'}]}`. */
export type XmlValue =
  | string
  | number
  | boolean
  | undefined
  | XmlNode
  | XmlValue[];
export type XmlNode = { [element: string]: XmlValue };

/** Serialises a node; arrays repeat their element, undefined is left out. */
export function toXml(node: XmlNode): string {
  let out = '';
  for (const [name, value] of Object.entries(node)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      if (typeof item === 'object' && !Array.isArray(item))
        out += `<${name}>${toXml(item)}</${name}>`;
      else out += `<${name}>${escapeXml(String(item))}</${name}>`;
    }
  }
  return out;
}

/** A document with a namespaced root element. */
export function xmlDocument(
  root: string,
  body: XmlNode,
  namespace?: string,
): string {
  const ns = namespace ? ` xmlns="${namespace}"` : '';
  return `${XML_DECLARATION}<${root}${ns}>${toXml(body)}</${root}>`;
}

/** The inner text of every `<name>` element (non-nested), unescaped. */
export function elements(xml: string, name: string): string[] {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g');
  return [...xml.matchAll(re)].map(m => m[1]);
}

export function firstText(xml: string, name: string): string | undefined {
  const [inner] = elements(xml, name);
  return inner === undefined ? undefined : unescapeXml(inner);
}

/** Whether `xml` has a root element `name` (after an optional declaration). */
export function hasRoot(xml: string, name: string): boolean {
  return new RegExp(
    `^\\s*(<\\?xml[^>]*\\?>\\s*)?<${name}(\\s[^>]*)?>[\\s\\S]*</${name}>\\s*$`,
  ).test(xml);
}
