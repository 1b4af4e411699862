/*
 * The catalog's locations (dry runs), analyze-location and read APIs: hostile
 * targets, path segments, filters and queries.
 */
import { HostileString, hugeStrings } from './corpus';
import { arrivesDecoded, enc } from './encoding';
import {
  accept,
  arrayEmpty,
  BARE_404,
  handled,
  itemsEmpty,
  known,
  reject,
} from './expectations';
import { hasControlCharacter } from './rules';
import type { Expectation, HttpCase } from './types';

/** A hostile last path segment of a GET route. */
function pathSegmentExpectation(value: string): Expectation {
  if (value === '') return known([404], BARE_404);
  // a NUL: refused by the backend's request guard (src/requestGuard)
  return reject;
}

/** GET /catalog/entities?filter=metadata.name=<value> */
function catalogFilterExpectation(value: string): Expectation {
  // a NUL or other control character: refused by the request guard (400)
  if (hasControlCharacter(value) && arrivesDecoded(value)) return reject;
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
  if (hasControlCharacter(value) && arrivesDecoded(value)) return reject;
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
export function catalogLocationAndReadCases(
  strings: HostileString[],
): HttpCase[] {
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
      expect: hasControlCharacter(value)
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
