/*
 * The scorecard API: path and query parameters, exemption and evaluate
 * bodies.
 */
import { SCORECARD_INPUT_LIMITS as LIMITS } from '@internal/backstage-plugin-scorecard-common';
import { HostileString, hugeStrings } from './corpus';
import { arrivesDecoded, deepJson, enc, hasLoneSurrogate } from './encoding';
import { accept, BARE_404, itemsEmpty, known, reject } from './expectations';
import { hasControlCharacter } from './rules';
import type { Expectation, HttpCase } from './types';

/*
 * The scorecard API's limits are the ones its router enforces
 * (SCORECARD_INPUT_LIMITS, scorecard-common). Its control characters are the
 * request guard's set, except in the reason: text that may span lines takes
 * tab and line breaks.
 */
const hasControlCharacterInMultilineText = (value: string) =>
  hasControlCharacter(value, { multiline: true });

/** Scorecard API: path and query parameters, exemption and evaluate bodies. */
export function scorecardCases(
  strings: HostileString[],
  now: number,
): HttpCase[] {
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
    if (v === '' || hasControlCharacter(v) || v.length > LIMITS.entityRefLength)
      return reject;
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
      numberExpect(value, LIMITS.pageLimit.min, LIMITS.pageLimit.max),
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
        reason.length >= LIMITS.reasonLength.min &&
        reason.length <= LIMITS.reasonLength.max &&
        !hasControlCharacterInMultilineText(value) &&
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
      ['0x10', '1e3'].includes(value) && Number(value) <= LIMITS.pageLimit.max
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
  if (hasControlCharacter(value) || value.length > LIMITS.nameLength) {
    return reject;
  }
  return { kind: 'rejectOrEmpty', isEmpty: itemsEmpty };
}
