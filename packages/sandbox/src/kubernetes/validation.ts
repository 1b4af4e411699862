import { isObject } from './patch';
import {
  JsonObject,
  JsonValue,
  NameRule,
  ResourceDefinition,
} from './resources';
import { matchesLabels, requirementsOf } from './selectors';
import { FieldError, quote } from './status';

/**
 * The validation the API server runs on every write, for the parts the
 * stand-in checks: names, labels, and the shape of pod templates, workload
 * selectors and services. Messages are apimachinery's
 * (k8s.io/apimachinery/pkg/util/validation).
 */

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;
const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const whole = (fmt: string) => new RegExp(`^${fmt}$`);

/** apimachinery's `RegexError`, double spaces included. */
function regexError(message: string, fmt: string, ...examples: string[]) {
  const e = examples.map((x, i) => `${i > 0 ? ' or ' : ''}'${x}', `).join('');
  return `${message} (e.g. ${e}regex used for validation is '${fmt}')`;
}

const maxLength = (n: number) => `must be no more than ${n} characters`;

function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLength(63));
  if (!whole(LABEL_FMT).test(value)) {
    errors.push(
      whole(SUBDOMAIN_FMT).test(value)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            LABEL_FMT,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errors;
}

function dns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLength(253));
  if (!whole(SUBDOMAIN_FMT).test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errors;
}

function dns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLength(63));
  if (!whole(DNS1035_FMT).test(value)) {
    errors.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errors;
}

const NAME_RULES: Record<NameRule, (value: string) => string[]> = {
  dns1123Label,
  dns1123Subdomain,
  dns1035Label,
};

export function nameErrors(rule: NameRule, name: string): string[] {
  return NAME_RULES[rule](name);
}

const QUALIFIED_NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function qualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(
        QUALIFIED_NAME_MESSAGE,
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') errors.push('prefix part must be non-empty');
    else
      errors.push(...dns1123Subdomain(parts[0]).map(e => `prefix part ${e}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push(`name part ${maxLength(63)}`);
  if (!whole(QUALIFIED_NAME_FMT).test(name)) {
    errors.push(
      `name part ${regexError(
        QUALIFIED_NAME_MESSAGE,
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )}`,
    );
  }
  return errors;
}

function labelValue(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLength(63));
  if (!whole(LABEL_VALUE_FMT).test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
}

function invalidValue(
  field: string,
  value: string,
  detail: string,
): FieldError {
  return { type: 'FieldValueInvalid', field, value: quote(value), detail };
}

function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

/** Go's `%#v` of a `map[string]string`, as the API server prints labels. */
function goMap(value: JsonValue | undefined): string {
  const entries = isObject(value)
    ? Object.keys(value)
        .sort()
        .map(k => `${quote(k)}:${quote(String(value[k]))}`)
    : [];
  return `map[string]string{${entries.join(', ')}}`;
}

function validateLabels(
  labels: JsonValue | undefined,
  field: string,
): FieldError[] {
  if (!isObject(labels)) return [];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const e of qualifiedName(key))
      errors.push(invalidValue(field, key, e));
    for (const e of labelValue(String(value)))
      errors.push(invalidValue(field, String(value), e));
  }
  return errors;
}

function validatePodSpec(
  spec: JsonValue | undefined,
  path: string,
): FieldError[] {
  const containers = isObject(spec) ? spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [required(`${path}.containers`)];
  }
  const errors: FieldError[] = [];
  containers.forEach((container, i) => {
    const c = isObject(container) ? container : {};
    if (!c.name) errors.push(required(`${path}.containers[${i}].name`));
    if (!c.image) errors.push(required(`${path}.containers[${i}].image`));
  });
  return errors;
}

function validateTemplate(
  spec: JsonObject,
  path: string,
  selectorRequired: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const template = isObject(spec.template) ? spec.template : {};
  const templateMeta = isObject(template.metadata) ? template.metadata : {};
  if (selectorRequired) {
    const selector = spec.selector;
    if (!isObject(selector)) {
      return [required(`${path}.selector`)];
    }
    const requirements = requirementsOf(selector);
    if (requirements.length > 0) {
      const labels = isObject(templateMeta.labels) ? templateMeta.labels : {};
      const asStrings = Object.fromEntries(
        Object.entries(labels).map(([k, v]) => [k, String(v)]),
      );
      if (!matchesLabels(requirements, asStrings)) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}.template.metadata.labels`,
          value: goMap(templateMeta.labels),
          detail: '`selector` does not match template `labels`',
        });
      }
    }
  }
  errors.push(
    ...validateLabels(templateMeta.labels, `${path}.template.metadata.labels`),
  );
  errors.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  return errors;
}

/** The field errors of an object about to be written; empty if valid. */
export function validate(
  def: ResourceDefinition,
  object: JsonObject,
): FieldError[] {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const errors: FieldError[] = [];
  if (name === '') {
    errors.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const e of nameErrors(def.nameRule, name))
      errors.push(invalidValue('metadata.name', name, e));
  }
  errors.push(...validateLabels(metadata.labels, 'metadata.labels'));
  if (def.custom) return errors;

  const spec = isObject(object.spec) ? object.spec : {};
  switch (`${def.group}/${def.kind}`) {
    case '/Pod':
      errors.push(...validatePodSpec(object.spec, 'spec'));
      break;
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/StatefulSet':
    case 'apps/DaemonSet':
      errors.push(...validateTemplate(spec, 'spec', true));
      break;
    case 'batch/Job':
      errors.push(...validateTemplate(spec, 'spec', false));
      break;
    case 'batch/CronJob': {
      const jobTemplate = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
      const jobSpec = isObject(jobTemplate.spec) ? jobTemplate.spec : {};
      errors.push(...validateTemplate(jobSpec, 'spec.jobTemplate.spec', false));
      if (!spec.schedule) errors.push(required('spec.schedule'));
      break;
    }
    case '/Service': {
      const ports = spec.ports;
      if (
        spec.clusterIP !== 'None' &&
        spec.type !== 'ExternalName' &&
        (!Array.isArray(ports) || ports.length === 0)
      ) {
        errors.push(required('spec.ports'));
      }
      break;
    }
    default:
      break;
  }
  return errors;
}
