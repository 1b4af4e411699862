import { ResourceDefinition } from './resources';

/** One reason a request was invalid (`details.causes[]` of a `Status`). */
export type KubernetesStatusCause = {
  reason: string;
  message: string;
  field?: string;
};

/** The body of every Kubernetes API error, and of some successes. */
export type KubernetesStatus = {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: KubernetesStatusCause[];
    retryAfterSeconds?: number;
  };
  /** Absent on the `Success` a delete answers with. */
  code?: number;
};

/** Thrown by the handlers; answered as a `Status` body with its code. */
export class StatusError extends Error {
  constructor(readonly status: KubernetesStatus) {
    super(status.message);
  }
}

/** The `reason` the API server gives for each status code. */
export const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function statusBody(
  code: number,
  reason: string | undefined,
  message: string,
  details?: KubernetesStatus['details'],
): KubernetesStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  };
}

export function failure(
  code: number,
  message: string,
  details?: KubernetesStatus['details'],
  reason: string | undefined = REASONS[code],
): StatusError {
  return new StatusError(statusBody(code, reason, message, details));
}

export function badRequest(message: string): StatusError {
  return failure(400, message);
}

/** No route: an unknown group, version, resource or subresource. */
export function routeNotFound(): StatusError {
  return failure(404, 'the server could not find the requested resource', {});
}

export function methodNotAllowed(): StatusError {
  return failure(
    405,
    'the server does not allow this method on the requested resource',
    {},
  );
}

/** `deployments.apps`, or `pods` for the core group. */
export function qualifiedResource(def: ResourceDefinition): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/** `Deployment.apps`, or `Pod` for the core group. */
export function qualifiedKind(def: ResourceDefinition): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}

function resourceDetails(def: ResourceDefinition, name: string, uid?: string) {
  return {
    name,
    ...(def.group ? { group: def.group } : {}),
    kind: def.plural,
    ...(uid ? { uid } : {}),
  };
}

export function notFound(def: ResourceDefinition, name: string): StatusError {
  return failure(
    404,
    `${qualifiedResource(def)} "${name}" not found`,
    resourceDetails(def, name),
  );
}

export function alreadyExists(
  def: ResourceDefinition,
  name: string,
): StatusError {
  return failure(
    409,
    `${qualifiedResource(def)} "${name}" already exists`,
    resourceDetails(def, name),
    'AlreadyExists',
  );
}

export function conflict(def: ResourceDefinition, name: string): StatusError {
  return failure(
    409,
    `Operation cannot be fulfilled on ${qualifiedResource(
      def,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(def, name),
  );
}

/** A field error, as `field.Error` prints it. */
export type FieldError = {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden';
  field: string;
  /** Printed as Go's `%q` would for strings; absent for Required/Forbidden. */
  value?: string;
  detail: string;
};

function fieldErrorBody(error: FieldError): string {
  if (error.type === 'FieldValueRequired') {
    return `Required value${error.detail ? `: ${error.detail}` : ''}`;
  }
  if (error.type === 'FieldValueForbidden') {
    return `Forbidden: ${error.detail}`;
  }
  return `Invalid value: ${error.value}: ${error.detail}`;
}

/** 422 Invalid, with one cause per field error. */
export function invalid(
  group: string,
  kind: string,
  name: string,
  errors: FieldError[],
): StatusError {
  const printed = errors.map(e => `${e.field}: ${fieldErrorBody(e)}`);
  const summary = printed.length === 1 ? printed[0] : `[${printed.join(', ')}]`;
  return failure(
    422,
    `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${summary}`,
    {
      // Empty fields are left out, as Go's omitempty does.
      ...(name ? { name } : {}),
      ...(group ? { group } : {}),
      kind,
      causes: errors.map(e => ({
        reason: e.type,
        message: fieldErrorBody(e),
        field: e.field,
      })),
    },
  );
}

export function successStatus(
  def: ResourceDefinition,
  name: string,
  uid: string,
): KubernetesStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: resourceDetails(def, name, uid),
  };
}

/** Go's `%q` for a string, which is what the API server quotes values with. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
