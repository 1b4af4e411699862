import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { targetPaths } from '@backstage/cli-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import githubModule from '@backstage/plugin-catalog-backend-module-github';
import githubOrgModule from '@backstage/plugin-catalog-backend-module-github-org';
import fs from 'node:fs';
import path from 'node:path';
import { GitHubStandIn } from 'sandbox';
import { parse } from 'yaml';

/*
 * Production ingestion: the catalog providers block of
 * app-config.production.yaml (GitHub discovery and the GitHub org provider),
 * authenticating as a GitHub App, against the GitHub stand-in. Only the host
 * and the schedule differ from production.
 */

jest.setTimeout(120_000);

const production = parse(
  fs.readFileSync(
    path.join(targetPaths.rootDir, 'app-config.production.yaml'),
    'utf8',
  ),
);

const catalogInfo = (name: string, owner: string) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    github.com/project-slug: myorg/${name}
spec:
  type: service
  lifecycle: production
  owner: group:${owner}
`;

describe('GitHub ingestion with the production config', () => {
  let github: GitHubStandIn;

  beforeAll(async () => {
    github = await GitHubStandIn.start();
    github.addUser({
      login: 'alice',
      name: 'Alice Andersson',
      email: 'alice@example.com',
    });
    github.addUser({
      login: 'bob',
      name: 'Bob Berg',
      email: 'bob@example.com',
    });
    github.addUser({
      login: 'dave',
      name: 'Dave Dahl',
      email: 'dave@example.com',
    });
    github.addOrg('myorg', ['alice', 'bob', 'dave']);
    github.addTeam('myorg', {
      slug: 'ecommerce-tribe',
      name: 'E-commerce Tribe',
      members: [],
    });
    github.addTeam('myorg', {
      slug: 'order-squad',
      name: 'Order Squad',
      parent: 'ecommerce-tribe',
      members: ['alice', 'bob'],
    });
    github.addTeam('myorg', {
      slug: 'payments-squad',
      name: 'Payments Squad',
      parent: 'ecommerce-tribe',
      members: ['dave'],
    });
    github.addRepo('myorg', 'order-service', {
      files: {
        'catalog-info.yaml': catalogInfo('order-service', 'order-squad'),
        'main.go': 'package main',
      },
    });
    github.addRepo('myorg', 'payment-service', {
      files: {
        'catalog-info.yaml': catalogInfo('payment-service', 'payments-squad'),
      },
    });
    github.addRepo('myorg', 'no-catalog-file', {
      files: { 'README.md': '# nothing' },
    });
    github.addRepo('myorg', 'old-service', {
      archived: true,
      files: { 'catalog-info.yaml': catalogInfo('old-service', 'order-squad') },
    });
    github.addRepo('myorg', 'feature-branch-only', {
      defaultBranch: 'develop',
    });
    github.setFile(
      'myorg',
      'feature-branch-only',
      'catalog-info.yaml',
      catalogInfo('feature-branch-only', 'order-squad'),
      'develop',
    );
    // another organisation the app is not installed on
    github.addOrg('otherorg');
    github.addRepo('otherorg', 'secret-service', {
      files: {
        'catalog-info.yaml': catalogInfo('secret-service', 'order-squad'),
      },
    });
  });

  afterAll(() => github.close());

  it('lands repositories, users and teams in the catalog', async () => {
    const app = github.registerApp({ appId: 4242, installedOn: ['myorg'] });
    const schedule = { frequency: { seconds: 2 }, timeout: { minutes: 1 } };
    const providers = production.catalog.providers;
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        githubModule,
        githubOrgModule,
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: github.host,
                  apiBaseUrl: github.apiBaseUrl,
                  apps: [app],
                },
              ],
            },
            catalog: {
              processingInterval: { seconds: 1 },
              providers: {
                github: {
                  myorg: {
                    ...providers.github.myorg,
                    host: github.host,
                    schedule,
                  },
                },
                githubOrg: [
                  {
                    ...providers.githubOrg[0],
                    githubUrl: github.url,
                    schedule,
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    const get = async (ref: string) => {
      const res = await fetch(
        `http://localhost:${port}/api/catalog/entities/by-name/${ref}`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      return res.status === 200 ? ((await res.json()) as any) : undefined;
    };

    try {
      const expected = [
        'component/default/order-service',
        'component/default/payment-service',
        'user/default/alice',
        'user/default/dave',
        'group/default/order-squad',
        'group/default/ecommerce-tribe',
      ];
      const deadline = Date.now() + 90_000;
      let missing = expected;
      while (missing.length && Date.now() < deadline) {
        missing = (
          await Promise.all(
            expected.map(async r => ((await get(r)) ? undefined : r)),
          )
        ).filter((r): r is string => !!r);
        if (missing.length) await new Promise(r => setTimeout(r, 500));
      }
      expect(missing).toEqual([]);

      const orderService = await get('component/default/order-service');
      expect(orderService.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': `url:${github.url}/myorg/order-service/tree/main/catalog-info.yaml`,
      });
      const alice = await get('user/default/alice');
      expect(alice.spec.profile).toMatchObject({
        displayName: 'Alice Andersson',
        email: 'alice@example.com',
      });
      const squad = await get('group/default/order-squad');
      expect(squad.spec).toMatchObject({
        parent: 'ecommerce-tribe',
        members: ['default/alice', 'default/bob'],
      });
      expect(squad.relations).toEqual(
        expect.arrayContaining([
          { type: 'hasMember', targetRef: 'user:default/alice' },
          { type: 'childOf', targetRef: 'group:default/ecommerce-tribe' },
          { type: 'ownerOf', targetRef: 'component:default/order-service' },
        ]),
      );

      // filtered out: archived, no file on main, no catalog file, another org
      for (const name of [
        'old-service',
        'feature-branch-only',
        'no-catalog-file',
        'secret-service',
      ]) {
        expect(await get(`component/default/${name}`)).toBeUndefined();
      }

      // it authenticated as the GitHub App, never anonymously
      const paths = github.requests.map(
        r => `${r.caller} ${r.method} ${r.path}`,
      );
      expect(paths).toEqual(
        expect.arrayContaining([
          'app GET /app/installations',
          'app POST /app/installations/424201/access_tokens',
          'installation POST /api/graphql',
          'installation GET /repos/myorg/order-service/contents/catalog-info.yaml',
        ]),
      );
      expect(paths.filter(p => p.startsWith('anonymous'))).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
