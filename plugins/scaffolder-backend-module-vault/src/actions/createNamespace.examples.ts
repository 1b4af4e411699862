import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a Vault KV v2 secrets engine and a read-write policy for a new service',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-vault-namespace',
          name: 'Create Vault namespace',
          action: 'vault:create-namespace',
          input: {
            namespaceName: '${{ parameters.name }}',
            teamName: "${{ parameters.owner | parseEntityRef | pick('name') }}",
          },
        },
      ],
    }),
  },
];
