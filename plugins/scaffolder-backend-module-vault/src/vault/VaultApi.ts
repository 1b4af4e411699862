/** A secrets engine mounted in Vault, as `GET /v1/sys/mounts` lists it. */
export type VaultMountInfo = {
  type: string;
  options?: Record<string, string> | null;
  description?: string;
};

/** The few Vault operations the scaffolder actions need. */
export interface VaultApi {
  /** Mounted engines by path, each path ending in "/". */
  listMounts(): Promise<Record<string, VaultMountInfo>>;
  mount(
    path: string,
    engine: { type: string; description: string },
  ): Promise<void>;
  /** The policy's rules, or undefined when there is no such policy. */
  readPolicy(name: string): Promise<string | undefined>;
  writePolicy(name: string, rules: string): Promise<void>;
}
