import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Draft an existing repository's catalog-info.yaml into a folder of its own, for a pull request",
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch-repository',
          name: 'Read the repository',
          action: 'fetch:plain',
          input: {
            url: 'https://github.com/myorg/legacy-billing',
            targetPath: './repository',
          },
        },
        {
          id: 'draft',
          name: 'Draft catalog-info.yaml',
          action: 'catalog:generate-info',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            sourcePath: './repository',
            targetPath: './pull-request',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Draft catalog-info.yaml beside the files, the owner from CODEOWNERS',
    example: yaml.stringify({
      steps: [
        {
          id: 'draft',
          name: 'Draft catalog-info.yaml',
          action: 'catalog:generate-info',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            defaultOwner: 'group:default/platform-team',
          },
        },
      ],
    }),
  },
];
