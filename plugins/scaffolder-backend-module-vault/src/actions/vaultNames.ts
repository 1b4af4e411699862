import { InputError } from '@backstage/errors';

/**
 * The rule both inputs of vault:create-namespace must follow, so that no
 * value can change the meaning of the policy built from them: Vault-path-safe
 * and length-limited, like the golden-path template's service name.
 */
export const VAULT_NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
export const VAULT_NAME_RULE =
  '1 to 50 characters: lowercase letters a-z, digits and hyphens, starting with a letter and not ending with a hyphen';

export function assertVaultName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !VAULT_NAME_PATTERN.test(value)) {
    const shown =
      typeof value === 'string'
        ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)
        : String(value);
    throw new InputError(
      `${field} ${shown} is not allowed: use ${VAULT_NAME_RULE}`,
    );
  }
  return value;
}

/**
 * The ACL policy granting a namespace's secrets to its team. The name has
 * passed {@link assertVaultName}; it is still quoted as a JSON string, which
 * is a valid HCL string.
 */
export function namespacePolicy(namespaceName: string): string {
  const path = JSON.stringify(
    `${assertVaultName('namespaceName', namespaceName)}/*`,
  );
  return `path ${path} {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n`;
}
