import {
  TestDatabases,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import unprocessedModule from '@backstage/plugin-catalog-backend-module-unprocessed';
import { catalogModuleEntityChecks } from './module';

/*
 * The real catalog, on PostgreSQL and SQLite, ingesting a location with one
 * problem per file. Each problem must surface as an error through the API
 * (the unprocessed-entities endpoint for entities that never processed), and
 * every sound entity must be unaffected.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const component = (name: string, owner: string, extra = '') => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
${extra}
spec:
  type: service
  lifecycle: production
  owner: ${owner}
`;

const files = {
  'org.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform-team}
spec: {type: team, children: []}
`,
  'good.yaml': component('good-service', 'group:platform-team'),
  'bare-owner.yaml': component('bare-owner-service', 'platform-team'),
  'orphan.yaml': component('orphan-service', 'group:does-not-exist'),
  'huge.yaml': component(
    'huge-service',
    'platform-team',
    `  description: ${'x'.repeat(2 * 1024 * 1024)}`,
  ),
  'malformed.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "unterminated\nspec: [\n',
  'missing-fields.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: no-type-service}
spec: {lifecycle: production, owner: platform-team}
`,
  'unknown-kind.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Widget
metadata: {name: mystery}
spec: {}
`,
  'user-outside-org.yaml': `
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: sneaky}
spec: {memberOf: []}
`,
};

/** An entry of /entities/unprocessed/{pending,failed}. */
/** An entry of /entities/unprocessed/{pending,failed}. */
type Unprocessed = {
  unprocessed_entity: {
    kind: string;
    metadata: { name: string };
    spec?: { target?: string };
  };
  errors?: { name: string; message: string }[];
};

describe.each(databases.eachSupportedId())(
  'entity checks on %s',
  databaseId => {
    const dir = createMockDirectory({ content: files });

    it('runs on this engine (PostgreSQL is not skipped)', () => {
      expect(databases.supports('POSTGRES_15')).toBe(true);
    });

    it('reports each problem on its entity or location and keeps the rest', async () => {
      const knex = await databases.init(databaseId);
      const location = (file: string, allow?: string[]) => ({
        type: 'file',
        target: dir.resolve(file),
        ...(allow && { rules: [{ allow }] }),
      });
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          unprocessedModule,
          catalogModuleEntityChecks,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'API', 'Location'] }],
                processingInterval: { seconds: 1 },
                entityChecks: { ownerGraceSeconds: 2 },
                // One location per file, as GitHub discovery registers one per
                // repository: a broken file must not take others down.
                locations: [
                  location('org.yaml', ['Group']),
                  location('good.yaml'),
                  location('bare-owner.yaml'),
                  location('orphan.yaml'),
                  location('huge.yaml'),
                  location('malformed.yaml'),
                  location('missing-fields.yaml'),
                  location('unknown-kind.yaml'),
                  location('user-outside-org.yaml'),
                ],
              },
            },
          }),
        ],
      });
      const { port } = backend.server.address() as { port: number };
      const get = async (path: string) => {
        const res = await fetch(`http://localhost:${port}/api/catalog${path}`, {
          headers: { authorization: mockCredentials.user.header() },
        });
        return { status: res.status, body: (await res.json()) as any };
      };

      // Entities that never processed are listed by the unprocessed module
      // ("pending", with their errors); an entity that processed before carries
      // its errors in status.items.
      const unprocessedErrors =
        (match: (e: Unprocessed) => boolean) => async () => {
          const entries: Unprocessed[] = [
            ...(await get('/entities/unprocessed/pending')).body.entities,
            ...(await get('/entities/unprocessed/failed')).body.entities,
          ];
          return entries
            .filter(match)
            .flatMap(e => e.errors ?? [])
            .map(e => `${e.name}: ${e.message}`)
            .join('\n');
        };
      const statusErrors = (name: string) => async () => {
        const { status, body } = await get(
          `/entities/by-name/component/default/${name}`,
        );
        if (status !== 200) return `HTTP ${status}`;
        return (body.status?.items ?? [])
          .map((i: { error: { message: string } }) => i.error.message)
          .join('\n');
      };
      const named = (name: string) => (e: Unprocessed) =>
        e.unprocessed_entity.metadata.name === name;
      const locationOf = (file: string) => (e: Unprocessed) =>
        String(e.unprocessed_entity.spec?.target).endsWith(file);

      try {
        const problems: [string, () => Promise<string>, RegExp][] = [
          [
            '2 MiB description',
            unprocessedErrors(named('huge-service')),
            /is 2\.0 MiB, over the catalog's limit of 1\.0 MiB .* largest part is metadata\.description/,
          ],
          [
            'missing spec.type',
            unprocessedErrors(named('no-type-service')),
            /must have required property 'type'/,
          ],
          [
            'malformed YAML',
            unprocessedErrors(locationOf('malformed.yaml')),
            /YAML error at file:.*malformed\.yaml/,
          ],
          [
            'unknown kind',
            unprocessedErrors(locationOf('unknown-kind.yaml')),
            /widget:default\/mystery .* is not of an allowed kind/,
          ],
          [
            'User outside org data',
            unprocessedErrors(locationOf('user-outside-org.yaml')),
            /user:default\/sneaky .* is not of an allowed kind/,
          ],
          // shown during the grace period, then with its error
          [
            'orphan owner',
            statusErrors('orphan-service'),
            /spec\.owner "group:does-not-exist" does not exist in the catalog/,
          ],
        ];
        const deadline = Date.now() + 60_000;
        for (;;) {
          const missing: string[] = [];
          for (const [what, errors, re] of problems) {
            const text = await errors();
            if (!re.test(text))
              missing.push(`${what}: ${text.slice(0, 300) || 'no error'}`);
          }
          if (missing.length === 0) break;
          if (Date.now() > deadline)
            throw new Error(`not reported:\n${missing.join('\n')}`);
          await new Promise(r => setTimeout(r, 500));
        }

        // no sound entity was reported, and all are served
        for (const name of ['good-service', 'bare-owner-service']) {
          expect(await unprocessedErrors(named(name))()).toBe('');
          expect(await statusErrors(name)()).toBe('');
        }
        expect(
          (await get('/entities/by-name/group/default/platform-team')).status,
        ).toBe(200);
        // the broken ones are not served as if they were fine
        for (const name of ['huge-service', 'no-type-service']) {
          expect(
            (await get(`/entities/by-name/component/default/${name}`)).status,
          ).toBe(404);
        }
      } finally {
        await backend.stop();
      }
    });
  },
);
