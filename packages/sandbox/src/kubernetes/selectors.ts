import { JsonObject, JsonValue } from './resources';

/**
 * Label and field selectors, parsed and matched as the API server does
 * (k8s.io/apimachinery/pkg/labels and .../fields).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */

export type LabelOperator =
  | 'Exists'
  | 'DoesNotExist'
  | 'Equals'
  | 'NotEquals'
  | 'In'
  | 'NotIn'
  | 'GreaterThan'
  | 'LessThan';

export type LabelRequirement = {
  key: string;
  operator: LabelOperator;
  values: string[];
};

/** A selector that could not be parsed; answered as 400 BadRequest. */
export class SelectorError extends Error {}

type TokenType =
  | 'identifier'
  | 'in'
  | 'notin'
  | '!'
  | '!='
  | '='
  | '=='
  | '>'
  | '<'
  | '('
  | ')'
  | ','
  | 'end of string';

type Token = { type: TokenType; value: string };

const SPECIAL = new Set(['!', '=', '(', ')', ',', '>', '<']);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (SPECIAL.has(c)) {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '==') {
        tokens.push({ type: two, value: two });
        i += 2;
      } else {
        tokens.push({ type: c as TokenType, value: c });
        i += 1;
      }
    } else {
      let j = i;
      while (j < input.length && !/\s/.test(input[j]) && !SPECIAL.has(input[j]))
        j += 1;
      const word = input.slice(i, j);
      let type: TokenType = 'identifier';
      if (word === 'in') type = 'in';
      if (word === 'notin') type = 'notin';
      tokens.push({ type, value: word });
      i = j;
    }
  }
  tokens.push({ type: 'end of string', value: '' });
  return tokens;
}

function parseError(detail: string): SelectorError {
  return new SelectorError(`unable to parse requirement: ${detail}`);
}

/** Parses `a=b,c!=d,e in (f,g),h notin (i),j,!k,l>1`. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = lex(input);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[Math.min(position++, tokens.length - 1)];
  const requirements: LabelRequirement[] = [];

  const parseValues = (operator: LabelOperator): string[] => {
    if (operator === 'In' || operator === 'NotIn') {
      const open = next();
      if (open.type !== '(') {
        throw parseError(`found '${open.value}', expected: '('`);
      }
      const values: string[] = [];
      for (;;) {
        const token = next();
        if (token.type === ')') break;
        if (
          token.type === 'identifier' ||
          token.type === 'in' ||
          token.type === 'notin'
        ) {
          values.push(token.value);
          const after = peek();
          if (after.type === ',') next();
          else if (after.type !== ')') {
            throw parseError(`found '${after.value}', expected: ',', or ')'`);
          }
        } else if (token.type === ',') {
          values.push('');
        } else {
          throw parseError(
            `found '${token.value}', expected: ',', ')' or identifier`,
          );
        }
      }
      return values;
    }
    const token = peek();
    if (
      token.type === 'identifier' ||
      token.type === 'in' ||
      token.type === 'notin'
    ) {
      next();
      return [token.value];
    }
    if (token.type === ',' || token.type === 'end of string') return [''];
    throw parseError(`found '${token.value}', expected: identifier`);
  };

  const parseRequirement = (): LabelRequirement => {
    let negated = false;
    if (peek().type === '!') {
      next();
      negated = true;
    }
    const keyToken = next();
    if (keyToken.type !== 'identifier') {
      throw parseError(`found '${keyToken.value}', expected: identifier`);
    }
    const key = keyToken.value;
    const after = peek();
    if (after.type === ',' || after.type === 'end of string') {
      return { key, operator: negated ? 'DoesNotExist' : 'Exists', values: [] };
    }
    if (negated) {
      throw parseError(
        `found '${after.value}', expected: ',' or 'end of string'`,
      );
    }
    const operatorToken = next();
    const operators: Partial<Record<TokenType, LabelOperator>> = {
      '=': 'Equals',
      '==': 'Equals',
      '!=': 'NotEquals',
      in: 'In',
      notin: 'NotIn',
      '>': 'GreaterThan',
      '<': 'LessThan',
    };
    const operator = operators[operatorToken.type];
    if (!operator) {
      throw parseError(
        `found '${operatorToken.value}', expected: !=, ==, =, >, <, in, notin`,
      );
    }
    const values = parseValues(operator);
    if (
      (operator === 'GreaterThan' || operator === 'LessThan') &&
      !/^-?\d+$/.test(values[0])
    ) {
      throw parseError(
        `for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    }
    return { key, operator, values };
  };

  for (;;) {
    const token = peek();
    if (token.type === 'end of string') break;
    if (token.type !== 'identifier' && token.type !== '!') {
      throw parseError(
        `found '${token.value}', expected: !, identifier, or 'end of string'`,
      );
    }
    requirements.push(parseRequirement());
    const separator = next();
    if (separator.type === 'end of string') break;
    if (separator.type !== ',') {
      throw parseError(
        `found '${separator.value}', expected: ',' or 'end of string'`,
      );
    }
    const following = peek();
    if (following.type !== 'identifier' && following.type !== '!') {
      throw parseError(
        `found '${following.value}', expected: identifier after ','`,
      );
    }
  }
  return requirements;
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  return requirements.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = labels[key];
    switch (operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Equals':
        return has && value === values[0];
      case 'NotEquals':
        return !has || value !== values[0];
      case 'In':
        return has && values.includes(value);
      case 'NotIn':
        return !has || !values.includes(value);
      case 'GreaterThan':
        return (
          has && /^-?\d+$/.test(value) && Number(value) > Number(values[0])
        );
      case 'LessThan':
        return (
          has && /^-?\d+$/.test(value) && Number(value) < Number(values[0])
        );
      default:
        return false;
    }
  });
}

/** A `metav1.LabelSelector` (`matchLabels`, `matchExpressions`). */
export function requirementsOf(selector: JsonObject): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  const matchLabels = selector.matchLabels;
  if (
    matchLabels &&
    typeof matchLabels === 'object' &&
    !Array.isArray(matchLabels)
  ) {
    for (const [key, value] of Object.entries(matchLabels)) {
      requirements.push({ key, operator: 'Equals', values: [String(value)] });
    }
  }
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  const operators: Record<string, LabelOperator> = {
    In: 'In',
    NotIn: 'NotIn',
    Exists: 'Exists',
    DoesNotExist: 'DoesNotExist',
  };
  for (const expression of expressions) {
    if (
      !expression ||
      typeof expression !== 'object' ||
      Array.isArray(expression)
    )
      continue;
    const operator = operators[String(expression.operator)];
    if (!operator) continue;
    requirements.push({
      key: String(expression.key),
      operator,
      values: Array.isArray(expression.values)
        ? expression.values.map(v => String(v))
        : [],
    });
  }
  return requirements;
}

export type FieldRequirement = {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
};

function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\' && i + 1 < input.length) {
      current += input.slice(i, i + 2);
      i += 1;
    } else if (input[i] === separator) {
      parts.push(current);
      current = '';
    } else {
      current += input[i];
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Parses `metadata.name=x,status.phase!=Running`. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  for (const term of splitUnescaped(input, ',')) {
    if (term === '') continue;
    const match = /^((?:[^\\!=]|\\.)*)(!=|==|=)(.*)$/.exec(term);
    if (!match) {
      throw new SelectorError(
        `invalid selector: '${input}'; can't understand '${term}'`,
      );
    }
    requirements.push({
      field: unescape(match[1]),
      operator: match[2] === '!=' ? 'NotEquals' : 'Equals',
      value: unescape(match[3]),
    });
  }
  return requirements;
}

/** The string value of a dotted field path, '' when absent. */
export function fieldValue(object: JsonObject, field: string): string {
  const path = field === 'source' ? 'source.component' : field;
  let current: JsonValue | undefined = object;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current))
      return '';
    current = current[part];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object'
    ? JSON.stringify(current)
    : String(current);
}

export function matchesFields(
  requirements: FieldRequirement[],
  object: JsonObject,
): boolean {
  return requirements.every(({ field, operator, value }) =>
    operator === 'Equals'
      ? fieldValue(object, field) === value
      : fieldValue(object, field) !== value,
  );
}
