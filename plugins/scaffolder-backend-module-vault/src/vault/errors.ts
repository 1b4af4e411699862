import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Node's codes for a server certificate that its CAs do not verify. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

type VaultLikeError = {
  message?: string;
  code?: string;
  response?: { statusCode?: number; body?: { errors?: string[] } };
};

/**
 * Turns what node-vault (and axios under it) throws into an error from
 * `@backstage/errors` with a message a template author can act on.
 *
 * The original error is deliberately not attached as a cause: axios errors
 * carry the request configuration, and with it the X-Vault-Token header.
 */
export function toVaultError(
  error: unknown,
  what: string,
  baseUrl: string,
): Error {
  const e = (error ?? {}) as VaultLikeError;
  const status = e.response?.statusCode;
  const vaultSays = (e.response?.body?.errors ?? [])
    .map(m =>
      m
        .replace(/\s+/g, ' ')
        .replace(/^1 error occurred: \* /, '')
        .trim(),
    )
    .filter(Boolean)
    .join('; ');
  const detail = vaultSays ? `: ${vaultSays}` : '';
  switch (status) {
    case 400:
      return /already in use/.test(vaultSays)
        ? new ConflictError(
            `Vault refused to ${what}, the path is in use${detail}`,
          )
        : new InputError(`Vault refused to ${what}${detail}`);
    case 401:
    case 403:
      return new NotAllowedError(
        `Vault denied permission to ${what}${detail}. Check that vault.token holds a policy allowing it (see the module README).`,
      );
    case 404:
      return new NotFoundError(
        `Vault has no such path when trying to ${what}${detail}`,
      );
    case 503:
      return new ServiceUnavailableError(
        `Vault is sealed or unavailable, could not ${what}${detail}. Unseal it and retry the task.`,
      );
    default:
      break;
  }
  if (status) {
    return new ServiceUnavailableError(
      `Vault answered ${status} when trying to ${what}${detail}`,
    );
  }
  if (
    e.code === 'ECONNABORTED' ||
    e.code === 'ETIMEDOUT' ||
    /timeout/i.test(e.message ?? '')
  ) {
    return new ServiceUnavailableError(
      `Vault at ${baseUrl} did not answer in time when trying to ${what}`,
    );
  }
  if (e.code && UNTRUSTED_CERTIFICATE_CODES.has(e.code)) {
    return new ServiceUnavailableError(
      `Vault at ${baseUrl} presented a certificate that is not trusted (${e.code}) when trying to ${what}; set vault.caData to its certificate authority (see the module README)`,
    );
  }
  if (e.code) {
    return new ServiceUnavailableError(
      `Vault at ${baseUrl} is unreachable (${e.code}) when trying to ${what}`,
    );
  }
  return new ServiceUnavailableError(
    `Could not ${what} in Vault at ${baseUrl}`,
  );
}
