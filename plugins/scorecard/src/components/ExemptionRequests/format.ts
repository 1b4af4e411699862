import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/** a user's ref as people read it: `bob` for `user:default/bob` */
export function personName(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch {
    return ref;
  }
}

/** what the backend said (its error message), else the error's message */
export function errorMessage(e: unknown): string {
  const body = (e as { body?: { error?: { message?: unknown } } }).body;
  if (typeof body?.error?.message === 'string') return body.error.message;
  return e instanceof Error ? e.message : String(e);
}

/** `YYYY-MM-DD` of an ISO date-time */
export const day = (iso: string) => iso.slice(0, 10);
