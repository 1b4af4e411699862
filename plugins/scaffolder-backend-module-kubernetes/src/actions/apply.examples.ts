import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A namespace for a new service, with a quota and default container limits',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-namespace',
          action: 'kubernetes:apply',
          name: 'Create Kubernetes namespace',
          input: {
            clusterName: 'production-us',
            manifest: [
              {
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: {
                  name: '${{ parameters.name }}',
                  labels: {
                    team: "${{ parameters.owner | parseEntityRef | pick('name') }}",
                  },
                },
              },
              {
                apiVersion: 'v1',
                kind: 'ResourceQuota',
                metadata: {
                  name: 'default-quota',
                  namespace: '${{ parameters.name }}',
                },
                spec: {
                  hard: {
                    'requests.cpu': '2',
                    'requests.memory': '4Gi',
                    'limits.memory': '8Gi',
                    pods: '20',
                  },
                },
              },
              {
                apiVersion: 'v1',
                kind: 'LimitRange',
                metadata: {
                  name: 'default-limits',
                  namespace: '${{ parameters.name }}',
                },
                spec: {
                  limits: [
                    {
                      type: 'Container',
                      default: { memory: '256Mi' },
                      defaultRequest: { cpu: '100m', memory: '128Mi' },
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'The seed form: a cluster chosen by URL, the manifest as a YAML string',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-namespace',
          action: 'kubernetes:apply',
          name: 'Create Kubernetes namespace',
          input: {
            clusterUrl: 'https://prod-us.k8s.internal',
            manifest:
              'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${{ parameters.name }}\n',
          },
        },
      ],
    }),
  },
];
