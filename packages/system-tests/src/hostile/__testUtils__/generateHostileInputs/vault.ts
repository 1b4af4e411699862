/*
 * vault:create-namespace: both inputs fed the corpus, as a dry run through
 * the scaffolder and in process.
 */
import { HostileString, hugeStrings, MB } from './corpus';
import { accept, reject } from './expectations';
import { isVaultName } from './rules';
import type { Expectation, HttpCase, VaultActionCase } from './types';

/** vault:create-namespace: dry runs over HTTP and in-process calls. */
export function vaultCases(strings: HostileString[]): {
  http: HttpCase[];
  actions: VaultActionCase[];
} {
  const http: HttpCase[] = [];
  const actions: VaultActionCase[] = [];
  const valid = { namespaceName: 'hostile-probe', teamName: 'payments-squad' };
  const inputs: [string, string, unknown][] = [];
  for (const { label, value } of [...strings, ...hugeStrings()]) {
    inputs.push([`namespaceName/${label}`, 'namespaceName', value]);
    inputs.push([`teamName/${label}`, 'teamName', value]);
  }
  for (const [what, v] of [
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['array', ['a']],
    ['object', { a: 1 }],
    [
      'policy-injection',
      'team"} path "sys/*" { capabilities = ["sudo"] } x {"',
    ],
    ['hcl-newline', 'team\npath "sys/*" {'],
    ['trailing-hyphen', 'team-'],
    ['uppercase', 'Team'],
    ['length-51', `a${'b'.repeat(50)}`],
  ] as [string, unknown][]) {
    inputs.push([`namespaceName/${what}`, 'namespaceName', v]);
    inputs.push([`teamName/${what}`, 'teamName', v]);
  }
  for (const [id, field, value] of inputs) {
    const ok = isVaultName(value);
    const expect: Expectation = ok ? accept('a valid Vault name') : reject;
    const input = { ...valid, [field]: value };
    actions.push({
      id: `vault/action/${id}`,
      category: 'vault: action in process (real, not a dry run)',
      input,
      expect,
    });
    // over HTTP only strings (the dry run's values are templated in)
    if (typeof value === 'string' && value.length < MB) {
      http.push({
        id: `vault/dry-run/${id}`,
        category: 'vault: action through the scaffolder (dry run)',
        method: 'POST',
        path: '/scaffolder/v2/dry-run',
        vaultDryRun: input,
        expect: ok ? accept('a valid Vault name') : reject,
      });
    }
  }
  return { http, actions };
}
