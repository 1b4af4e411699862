import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { fakeVault } from './__testUtils__/fakeVault';
import { createVaultCreateNamespaceAction } from './createNamespace';
import { examples } from './createNamespace.examples';

/*
 * Each example of vault:create-namespace run through the action, its step's
 * input as the scaffolder renders it for a template run with the parameters
 * name: order-service and owner: group:default/order-squad.
 */

const RENDERED: Record<string, string> = {
  '${{ parameters.name }}': 'order-service',
  "${{ parameters.owner | parseEntityRef | pick('name') }}": 'order-squad',
};

function stepOf(example: TemplateExample) {
  const [step] = yaml.parse(example.example).steps;
  const input = JSON.parse(JSON.stringify(step.input), (_key, value) =>
    typeof value === 'string'
      ? Object.entries(RENDERED).reduce(
          (text, [expression, rendered]) =>
            text.replaceAll(expression, rendered),
          value,
        )
      : value,
  );
  return { action: step.action, input };
}

type Run = ReturnType<typeof fakeVault> & { output: jest.Mock };

/** What each example creates in Vault and answers, by its description. */
const expectations: Record<string, (run: Run) => void> = {
  'Create a Vault KV v2 secrets engine and a read-write policy for a new service':
    ({ mounts, policies, output }) => {
      expect(mounts['order-service/']).toEqual({
        type: 'kv',
        options: { version: '2' },
        description: 'Secrets for order-squad',
      });
      expect(policies).toEqual({
        'order-service-rw':
          'path "order-service/*" {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n',
      });
      expect(output).toHaveBeenCalledWith('vaultPath', 'order-service/');
      expect(output).toHaveBeenCalledWith('vaultPolicy', 'order-service-rw');
    },
};

describe('vault:create-namespace examples', () => {
  it('has an expectation for every example', () => {
    expect(examples.map(e => e.description)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async description => {
    const example = examples.find(e => e.description === description)!;
    const fake = fakeVault();
    const action = createVaultCreateNamespaceAction({ vault: fake.vault });
    const step = stepOf(example);
    expect(step.action).toBe(action.id);

    const ctx = createMockActionContext({ input: step.input });
    await action.handler(ctx);
    expectations[description]({ ...fake, output: jest.mocked(ctx.output) });
  });
});
