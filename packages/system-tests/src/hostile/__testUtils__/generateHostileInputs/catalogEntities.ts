/*
 * The catalog's POST /catalog/validate-entity: every field of an entity fed
 * the corpus, wrong types, missing fields, prototype keys, deep nesting,
 * huge strings and malformed bodies.
 */
import { HostileString, hugeStrings } from './corpus';
import { deepJson } from './encoding';
import { accept, reject } from './expectations';
import { catalogRules, ownerReference } from './rules';
import type { Expectation, HttpCase } from './types';

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

/** Catalog: POST /catalog/validate-entity. */
export function catalogEntityCases(strings: HostileString[]): HttpCase[] {
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
      catalogRules.isValidEntityName(value)
        ? accept('a valid entity name')
        : reject,
      entity(component({ name: value })),
    );
    add(
      `namespace/${label}`,
      catalogRules.isValidNamespace(value)
        ? accept('a valid namespace')
        : reject,
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
      catalogRules.isValidTag(value) ? accept('a valid tag') : reject,
      entity(component({ tags: [value] })),
    );
    add(
      `label-value/${label}`,
      catalogRules.isValidLabelValue(value)
        ? accept('a valid label value')
        : reject,
      entity(component({ labels: { team: value } })),
    );
    add(
      `annotation-key/${label}`,
      catalogRules.isValidAnnotationKey(value)
        ? accept('a valid annotation key')
        : reject,
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
  return ownerReference(value)
    ? accept(
        'a well-formed reference: validation lets an unknown owner through for the grace period, processing refuses it after',
      )
    : reject;
}
