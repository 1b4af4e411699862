import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { VaultApi } from '../vault/VaultApi';
import { examples } from './createNamespace.examples';
import {
  VAULT_NAME_RULE,
  assertVaultName,
  namespacePolicy,
} from './vaultNames';

/**
 * `vault:create-namespace`: a KV v2 secrets engine mounted at
 * `<namespaceName>/` and an ACL policy `<namespaceName>-rw` granting
 * create, read, update, delete and list on `<namespaceName>/*`.
 *
 * Idempotent (an existing KV v2 mount and an identical policy are accepted),
 * checkpointed (a retried task does not repeat finished calls) and dry-run
 * aware (nothing is called; outputs are filled).
 *
 * @public
 */
export function createVaultCreateNamespaceAction(options: { vault: VaultApi }) {
  const { vault } = options;
  return createTemplateAction({
    id: 'vault:create-namespace',
    description:
      'Creates a Vault KV v2 secrets engine at <namespaceName>/ and an ACL policy <namespaceName>-rw for the team that owns it',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        namespaceName: z =>
          z
            .string()
            .describe(
              `Vault namespace (mount path) to create; ${VAULT_NAME_RULE}`,
            ),
        teamName: z =>
          z.string().describe(`Team the secrets belong to; ${VAULT_NAME_RULE}`),
      },
      output: {
        vaultPath: z =>
          z
            .string()
            .describe('Mount path of the KV v2 engine, e.g. order-service/'),
        vaultPolicy: z =>
          z.string().describe('Name of the ACL policy, e.g. order-service-rw'),
      },
    },
    async handler(ctx) {
      const namespaceName = assertVaultName(
        'namespaceName',
        ctx.input.namespaceName,
      );
      const teamName = assertVaultName('teamName', ctx.input.teamName);
      const vaultPath = `${namespaceName}/`;
      const vaultPolicy = `${namespaceName}-rw`;
      const rules = namespacePolicy(namespaceName);
      const description = `Secrets for ${teamName}`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would mount a KV v2 secrets engine at ${vaultPath} ("${description}") and write policy ${vaultPolicy}:\n${rules}`,
        );
        ctx.output('vaultPath', vaultPath);
        ctx.output('vaultPolicy', vaultPolicy);
        return;
      }

      ctx.logger.info(
        `Creating Vault namespace ${vaultPath} for team ${teamName}`,
      );
      const mounted = await ctx.checkpoint({
        key: `vault.mount.${namespaceName}`,
        fn: async () => {
          const existing = (await vault.listMounts())[vaultPath];
          if (existing) {
            assertKvV2(vaultPath, existing);
            return 'existing';
          }
          await vault.mount(vaultPath, { type: 'kv-v2', description });
          return 'created';
        },
      });
      ctx.logger.info(
        mounted === 'created'
          ? `Mounted a KV v2 secrets engine at ${vaultPath}`
          : `A KV v2 secrets engine is already mounted at ${vaultPath}; keeping it`,
      );

      const policy = await ctx.checkpoint({
        key: `vault.policy.${vaultPolicy}`,
        fn: async () => {
          const current = await vault.readPolicy(vaultPolicy);
          if (current !== undefined) {
            if (current.trim() === rules.trim()) return 'existing';
            throw new ConflictError(
              `Vault policy ${vaultPolicy} exists with other rules; not overwriting it. Compare it with the rules this action writes, then delete or rename it:\n${rules}`,
            );
          }
          await vault.writePolicy(vaultPolicy, rules);
          return 'created';
        },
      });
      ctx.logger.info(
        policy === 'created'
          ? `Wrote policy ${vaultPolicy}`
          : `Policy ${vaultPolicy} already has these rules; keeping it`,
      );

      ctx.output('vaultPath', vaultPath);
      ctx.output('vaultPolicy', vaultPolicy);
    },
  });
}

function assertKvV2(
  path: string,
  mount: { type: string; options?: Record<string, string> | null },
) {
  const version = mount.options?.version;
  if (mount.type === 'kv' && version === '2') return;
  const what =
    mount.type === 'kv' ? `KV version ${version ?? '1'}` : mount.type;
  throw new ConflictError(
    `A ${what} secrets engine is already mounted at ${path}; vault:create-namespace needs KV version 2 there and will not replace it. Choose another namespaceName or remove the existing mount.`,
  );
}
