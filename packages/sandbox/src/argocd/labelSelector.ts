/**
 * Kubernetes label selectors as Argo CD's `selector` query parameter takes
 * them (`labels.Parse` of k8s.io/apimachinery): comma-separated
 * requirements, each `key=value`, `key==value`, `key!=value`,
 * `key in (a,b)`, `key notin (a,b)`, `key` or `!key`.
 */

type Operator = 'in' | 'notin' | 'exists' | 'doesnotexist';

export type LabelRequirement = {
  key: string;
  operator: Operator;
  values: string[];
};

export class LabelSelectorError extends Error {}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim());
}

function checkKey(key: string, raw: string) {
  if (!KEY.test(key)) {
    throw new LabelSelectorError(
      `unable to parse requirement: invalid label key "${key}" in "${raw}"`,
    );
  }
}

function checkValue(value: string, raw: string) {
  if (!VALUE.test(value) || value.length > 63) {
    throw new LabelSelectorError(
      `unable to parse requirement: invalid label value: "${value}" in "${raw}"`,
    );
  }
}

function parseRequirement(raw: string): LabelRequirement {
  if (raw === '') {
    throw new LabelSelectorError(
      "unable to parse requirement: found '', expected: identifier",
    );
  }
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(raw);
  if (setMatch) {
    const [, key, op, list] = setMatch;
    checkKey(key, raw);
    const values = list
      .split(',')
      .map(v => v.trim())
      .filter(v => v !== '');
    values.forEach(v => checkValue(v, raw));
    return { key, operator: op as Operator, values };
  }
  const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(raw);
  if (equality) {
    const [, key, op, value] = equality;
    checkKey(key, raw);
    checkValue(value, raw);
    return { key, operator: op === '!=' ? 'notin' : 'in', values: [value] };
  }
  if (raw.startsWith('!')) {
    const key = raw.slice(1).trim();
    checkKey(key, raw);
    return { key, operator: 'doesnotexist', values: [] };
  }
  checkKey(raw, raw);
  return { key: raw, operator: 'exists', values: [] };
}

/** Parses a selector; an empty selector matches everything. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return splitRequirements(selector).map(parseRequirement);
}

export function matchesLabelSelector(
  requirements: LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      default:
        return !has || !r.values.includes(labels[r.key]);
    }
  });
}
