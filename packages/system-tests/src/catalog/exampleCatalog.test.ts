import SwaggerParser from '@apidevtools/swagger-parser';
import { Parser as AsyncApiParser } from '@asyncapi/parser';
import {
  Entity,
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  KindValidator,
  mcpServerApiEntityValidator,
  ruleAiResourceEntityV1alpha1Validator,
  skillAiResourceEntityV1alpha1Validator,
} from '@backstage/catalog-model/alpha';
import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import protobuf from 'protobufjs';
import { AI_RESOURCE_SOURCES } from 'sandbox';
import { parseAllDocuments } from 'yaml';

/*
 * The example catalog in catalog/ and templates/: every entity valid for
 * @backstage/catalog-model, all nine kinds present, every API definition a
 * real document of its type (parsed by that type's own parser), and the AI
 * examples (AiResource skills and rules, the mcp-server API) valid for their
 * kind's own schema, with their source files seeded in the sandbox.
 */

const root = targetPaths.rootDir;

// API definitions (apis/) and TechDocs sites (mkdocs.yml, docs/) live beside
// the entity files; they are not entities.
const NOT_ENTITIES = new Set(['apis', 'docs', 'mkdocs.yml']);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(d => {
    const p = path.join(dir, d.name);
    if (NOT_ENTITIES.has(d.name)) return [];
    if (d.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(d.name) ? [p] : [];
  });
}

const entities: { file: string; entity: Entity }[] = [
  ...yamlFiles(path.join(root, 'catalog')),
  path.join(root, 'catalog-info.yaml'),
  path.join(root, 'templates/all.yaml'),
].flatMap(file =>
  parseAllDocuments(fs.readFileSync(file, 'utf8')).map(doc => ({
    file: path.relative(root, file),
    entity: doc.toJS() as Entity,
  })),
);

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

describe('example catalog', () => {
  it.each(entities.map(e => [`${e.entity.kind}:${e.entity.metadata.name}`, e]))(
    '%s is a valid entity',
    async (_ref, { entity }) => {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
    },
  );

  it('has all nine kinds', () => {
    expect(new Set(entities.map(e => e.entity.kind))).toEqual(
      new Set([
        'Component',
        'API',
        'System',
        'Domain',
        'Group',
        'User',
        'Resource',
        'Location',
        'AiResource',
      ]),
    );
  });

  // MCP servers have remotes instead of a definition (checked below)
  const definitions = entities
    .filter(
      e => e.entity.kind === 'API' && e.entity.spec?.type !== 'mcp-server',
    )
    .map(e => {
      const ref = (e.entity.spec?.definition as { $text?: string })?.$text;
      return [
        e.entity.metadata.name,
        e.entity.spec?.type as string,
        ref ? path.resolve(root, path.dirname(e.file), ref) : undefined,
      ] as const;
    });

  it('covers OpenAPI, AsyncAPI, GraphQL and gRPC, each from a relative $text path', () => {
    expect(new Set(definitions.map(d => d[1]))).toEqual(
      new Set(['openapi', 'asyncapi', 'graphql', 'grpc']),
    );
    for (const [name, , file] of definitions) {
      expect({ name, exists: !!file && fs.existsSync(file) }).toEqual({
        name,
        exists: true,
      });
    }
  });

  /** Parses a definition with its type's own parser; resolves to a summary. */
  const validators: Record<
    string,
    (file: string, text: string) => Promise<string>
  > = {
    openapi: async file => {
      const api = (await SwaggerParser.validate(file)) as { openapi?: string };
      return `openapi ${api.openapi}`;
    },
    asyncapi: async (_file, text) => {
      const { document, diagnostics } = await new AsyncApiParser().parse(text);
      const errors = diagnostics.filter(d => d.severity === 0);
      if (errors.length) throw new Error(errors.map(e => e.message).join('; '));
      return `asyncapi ${document?.version()} with ${
        document?.channels().length
      } channels`;
    },
    graphql: async (_file, text) =>
      `graphql with query type ${buildSchema(text).getQueryType()?.name}`,
    grpc: async (_file, text) =>
      `proto with ${protobuf.parse(text).root.nestedArray.length} packages`,
  };

  it.each(definitions)(
    '%s is a valid %s document',
    async (_name, type, file) => {
      const validate = validators[type];
      expect(validate).toBeDefined();
      const summary = await validate(file!, fs.readFileSync(file!, 'utf8'));
      expect(summary).toMatch(
        /^(openapi 3\.\d|asyncapi 2\.\d\.\d with [1-9]|graphql with query type Query|proto with [1-9])/,
      );
    },
  );

  /** The schema of each AI example's kind and type (the ai-model module's). */
  const aiValidators: Record<string, KindValidator> = {
    'AiResource:skill': skillAiResourceEntityV1alpha1Validator,
    'AiResource:rule': ruleAiResourceEntityV1alpha1Validator,
    'API:mcp-server': mcpServerApiEntityValidator,
  };
  const aiExamples = entities.filter(
    e => `${e.entity.kind}:${e.entity.spec?.type}` in aiValidators,
  );

  it('has a skill, a rule and the MCP server among its AI examples', () => {
    expect(
      aiExamples.map(e => `${e.entity.kind}:${e.entity.spec?.type}`).sort(),
    ).toEqual(['API:mcp-server', 'AiResource:rule', 'AiResource:skill']);
  });

  it.each(aiExamples.map(e => [e.entity.metadata.name, e.entity] as const))(
    '%s is valid for its kind and type',
    async (_name, entity) => {
      const validator = aiValidators[`${entity.kind}:${entity.spec?.type}`];
      await expect(validator.check(entity)).resolves.toBe(true);
    },
  );

  it.each(
    entities
      .filter(e => e.entity.kind === 'AiResource')
      .map(e => [e.entity.metadata.name, e.entity] as const),
  )("%s's source-location names a file seeded in the sandbox", (_name, e) => {
    const location = e.metadata.annotations?.['backstage.io/source-location'];
    const match = location?.match(
      /^url:https:\/\/github\.com\/myorg\/([^/]+)\/blob\/main\/(.+)$/,
    );
    expect(match).toBeTruthy();
    const [, repo, file] = match!;
    expect(Object.keys(AI_RESOURCE_SOURCES[repo] ?? {})).toContain(file);
  });
});
