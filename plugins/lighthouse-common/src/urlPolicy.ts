/*
 * Which URLs the audit service may open in a browser. The service drives a
 * real Chromium to a URL taken from an annotation, so it audits only hosts on
 * an allow-list and never the addresses a server-side request forgery aims
 * at (link-local, cloud metadata), whatever the list says. One rule, used by
 * the audit service before a browser starts and by the tests.
 */

/** Why a URL is refused, or the URL to audit. */
export type UrlPolicyDecision =
  | { allowed: true; url: URL }
  | { allowed: false; reason: string };

/**
 * Addresses never audited: IPv4 link-local (169.254.0.0/16, where the AWS,
 * GCP and Azure metadata services answer), unspecified, IPv6 link-local
 * (fe80::/10), the AWS IPv6 metadata address and Alibaba's 100.100.100.200.
 */
export function isForbiddenAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = a.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return isForbiddenAddress(mapped[1]);
  // the same, as WHATWG URLs write it: ::ffff:a9fe:a9fe
  const mappedHex = a.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (mappedHex) {
    const [hi, lo] = [parseInt(mappedHex[1], 16), parseInt(mappedHex[2], 16)];
    return isForbiddenAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const v4 = a.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) {
    const [b1, b2] = [Number(v4[1]), Number(v4[2])];
    return (b1 === 169 && b2 === 254) || b1 === 0 || a === '100.100.100.200';
  }
  if (a.includes(':')) {
    return /^fe[89ab][0-9a-f]?:/.test(a) || a === '::' || a === 'fd00:ec2::254';
  }
  return false;
}

/** Hosts whose names are cloud metadata services. */
const METADATA_HOSTNAMES = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

function entryMatches(entry: string, url: URL): boolean {
  const e = entry.trim().toLowerCase();
  if (!e) return false;
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  // "host:port", "*.domain" or "*.domain:port", "[v6]:port" or a bare host
  const withPort = e.match(/^(.*):(\d+)$/);
  const [hostPattern, portPattern] =
    withPort && !/^[^[]*:.*:/.test(e) ? [withPort[1], withPort[2]] : [e, ''];
  if (portPattern && portPattern !== port) return false;
  const h = hostPattern.replace(/^\[|\]$/g, '');
  if (h.startsWith('*.')) return hostname.endsWith(h.slice(1));
  return hostname === h;
}

/**
 * Whether the audit service may audit `value`: an http(s) URL without
 * credentials, on a host of `allowedHosts` (`host`, `host:port`, `*.domain`),
 * and not a link-local or metadata address.
 */
export function checkAuditUrl(
  value: unknown,
  allowedHosts: readonly string[],
): UrlPolicyDecision {
  if (typeof value !== 'string' || value.trim() === '') {
    return {
      allowed: false,
      reason: "No URL given: the audit needs the website's http(s) URL.",
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { allowed: false, reason: `"${value.slice(0, 200)}" is not a URL.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      allowed: false,
      reason: `Only http(s) websites are audited; ${url.protocol} URLs are refused.`,
    };
  }
  if (url.username || url.password) {
    return {
      allowed: false,
      reason:
        'URLs with credentials in them are refused: they would be stored with the audit.',
    };
  }
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isForbiddenAddress(hostname) || METADATA_HOSTNAMES.has(hostname)) {
    return {
      allowed: false,
      reason: `${url.host} is a link-local or cloud metadata address, which is never audited.`,
    };
  }
  if (!allowedHosts.some(entry => entryMatches(entry, url))) {
    return {
      allowed: false,
      reason: `${url.host} is not on the audit service's allow-list (${
        allowedHosts.length ? allowedHosts.join(', ') : 'empty'
      }); ask the platform team to add it.`,
    };
  }
  return { allowed: true, url };
}
