import { VaultApi, VaultMountInfo } from '../../vault/VaultApi';

/** An in-memory VaultApi that counts calls. */
export function fakeVault(initial: Record<string, VaultMountInfo> = {}) {
  const mounts: Record<string, VaultMountInfo> = {
    'secret/': { type: 'kv', options: { version: '2' } },
    ...initial,
  };
  const policies: Record<string, string> = {};
  const calls: string[] = [];
  const vault: VaultApi & { failPolicyWrite?: Error } = {
    async listMounts() {
      calls.push('listMounts');
      return { ...mounts };
    },
    async mount(path, engine) {
      calls.push(`mount ${path}`);
      mounts[path] = {
        type: 'kv',
        options: { version: '2' },
        description: engine.description,
      };
    },
    async readPolicy(name) {
      calls.push(`readPolicy ${name}`);
      return policies[name];
    },
    async writePolicy(name, rules) {
      calls.push(`writePolicy ${name}`);
      if (vault.failPolicyWrite) throw vault.failPolicyWrite;
      policies[name] = rules;
    },
  };
  return { vault, mounts, policies, calls };
}
