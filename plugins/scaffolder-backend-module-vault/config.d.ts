export interface Config {
  /** HashiCorp Vault, used by the `vault:create-namespace` scaffolder action. */
  vault?: {
    /** Vault's address, e.g. https://vault.internal.example.com */
    baseUrl: string;
    /**
     * A token allowed to mount secrets engines and write ACL policies (see
     * the module README for a minimal policy).
     * @visibility secret
     */
    token: string;
    /** Vault Enterprise namespace to work in (sent as X-Vault-Namespace). */
    namespace?: string;
    /** How long one call to Vault may take, in milliseconds. Default 10000. */
    timeoutMs?: number;
    /**
     * The certificate authority of Vault's certificate, when the system's
     * CAs do not verify it: its PEM in base64 (as a Kubernetes cluster's
     * caData). Used by the vault:create-namespace action.
     */
    caData?: string;
  };
}
