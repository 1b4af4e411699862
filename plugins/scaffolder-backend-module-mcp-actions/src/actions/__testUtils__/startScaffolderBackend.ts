import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import type { AddressInfo } from 'node:net';
import { scaffolderModuleMcpActions } from '../../module';

/**
 * The real catalog and scaffolder in a test backend with this module: a
 * template kept in a folder (a `file` location, as the portal's
 * templates/ are), with a skeleton, and its Create page on
 * APP_BASE_URL. The actions are called through the actions registry's
 * HTTP API, as the MCP server calls them.
 */

export const APP_BASE_URL = 'https://portal.example.com';

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: node-library
  title: Node.js library
  description: A library published to the internal registry
  tags: [node, library]
spec:
  owner: group:default/platform-team
  type: library
  parameters:
    - title: About the library
      required: [name, owner]
      properties:
        name:
          title: Name
          type: string
          pattern: '^[a-z][a-z0-9-]*$'
        owner:
          title: Owner
          type: string
    - title: Options
      properties:
        typescript:
          title: TypeScript
          type: boolean
          default: true
  steps:
    - id: fetch
      name: Fetch the skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          owner: \${{ parameters.owner }}
    - id: log
      name: Say what was made
      action: debug:log
      input:
        message: Made \${{ parameters.name }}
  output:
    links:
      - title: Repository
        url: https://github.com/myorg/\${{ parameters.name }}
`;

/**
 * The templates' folders: node-library, and `more` (folder name to its
 * content, a template.yaml and a skeleton).
 */
export function scaffolderTestDirectory(more: Record<string, object> = {}) {
  return createMockDirectory({
    content: {
      ...more,
      'node-library': {
        'template.yaml': TEMPLATE,
        skeleton: {
          'catalog-info.yaml':
            'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: library\n  lifecycle: experimental\n  owner: ${{ values.owner }}\n',
          'README.md': '# ${{ values.name }}\n',
        },
      },
    },
  });
}

export async function startScaffolderBackend(
  dir: ReturnType<typeof createMockDirectory>,
  templates: string[] = ['node-library'],
) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleMcpActions,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: APP_BASE_URL },
          catalog: {
            processingInterval: { seconds: 1 },
            locations: templates.map(name => ({
              type: 'file',
              target: dir.resolve(`${name}/template.yaml`),
              rules: [{ allow: ['Template'] }],
            })),
          },
        },
      }),
    ],
  });
  const base = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }/api`;
  const headers = {
    authorization: mockCredentials.user.header('user:default/alice'),
    'content-type': 'application/json',
  };
  // the templates ingested
  for (const name of templates) {
    for (const deadline = Date.now() + 30_000; ; ) {
      const res = await fetch(
        `${base}/catalog/entities/by-name/template/default/${name}`,
        { headers },
      );
      if (res.ok) break;
      if (Date.now() > deadline) {
        throw new Error(`the template ${name} was not ingested`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }
  return {
    invoke: async (action: string, input: unknown) => {
      const res = await fetch(
        `${base}/scaffolder/.backstage/actions/v1/actions/scaffolder:${action}/invoke`,
        { method: 'POST', headers, body: JSON.stringify(input) },
      );
      return { status: res.status, body: await res.json() };
    },
    /** an action's examples, as the actions registry lists them */
    examples: async (action: string) => {
      const res = await fetch(
        `${base}/scaffolder/.backstage/actions/v1/actions`,
        { headers },
      );
      const { actions } = (await res.json()) as {
        actions: { id: string; examples?: unknown[] }[];
      };
      const listed = actions.find(a => a.id === `scaffolder:${action}`);
      if (!listed) throw new Error(`scaffolder:${action} is not listed`);
      return listed.examples as { title: string; input: unknown }[];
    },
    stop: () => backend.stop(),
  };
}
