import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { TemplatePages } from './templatePages';

const DEFAULT_LIMIT = 25;

/**
 * `scaffolder:list-templates`: the software templates the caller may use,
 * each with its parameters as the Create page asks for them (the
 * scaffolder's parameter schema, with what the caller may not see left
 * out), ready for dry-run-catalog-template.
 */
export function createListTemplatesAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  scaffolder: ScaffolderService;
  pages: TemplatePages;
}) {
  const { actionsRegistry, catalog, scaffolder, pages } = options;
  actionsRegistry.register({
    name: 'list-templates',
    title: 'List software templates',
    description: `Lists the software templates of the portal's Create page (golden paths for new services, libraries, websites), each with its title, description, owner, tags, its Create page (url) and its parameters: the JSON Schema of each page of the form, as the scaffolder serves it.
Use it to find the template for what a developer wants to create and the values it needs, then try them with dry-run-catalog-template. Creating for real is done on the template's Create page (url).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: [
      { title: 'Every template', input: {} },
      { title: 'Templates about Go', input: { text: 'go' } },
    ],
    schema: {
      input: z =>
        z
          .object({
            text: z
              .string()
              .min(1)
              .max(200)
              .optional()
              .describe(
                'Only templates whose name, title, description or tags contain this text',
              ),
            limit: z
              .number()
              .int()
              .min(1)
              .max(100)
              .optional()
              .describe(
                `At most this many templates (1-100, default ${DEFAULT_LIMIT})`,
              ),
          })
          .strict(),
      output: z =>
        z.object({
          totalItems: z.number().describe('templates that match'),
          templates: z.array(
            z.object({
              templateRef: z
                .string()
                .describe(
                  'template:namespace/name, for dry-run-catalog-template',
                ),
              title: z.string(),
              description: z.string().optional(),
              type: z.string().optional().describe('spec.type, e.g. service'),
              owner: z.string().optional(),
              tags: z.array(z.string()),
              url: z.string().describe("the template's Create page"),
              parameters: z
                .array(
                  z.object({
                    title: z.string(),
                    description: z.string().optional(),
                    schema: z
                      .record(z.unknown())
                      .describe(
                        'JSON Schema of this page of the form: the values to give',
                      ),
                  }),
                )
                .describe('the pages of the form, in order'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { items, totalItems } = await catalog.queryEntities(
        {
          filter: { kind: 'Template' },
          ...(input.text
            ? {
                fullTextFilter: {
                  term: input.text,
                  fields: [
                    'metadata.name',
                    'metadata.title',
                    'metadata.description',
                    'metadata.tags',
                  ],
                },
              }
            : {}),
          orderFields: { field: 'metadata.name', order: 'asc' },
          limit: input.limit ?? DEFAULT_LIMIT,
        },
        { credentials },
      );
      const templates = await Promise.all(
        items.map(async entity => {
          const templateRef = stringifyEntityRef(entity);
          const schema = await scaffolder.getTemplateParameterSchema(
            { templateRef },
            { credentials },
          );
          const spec = (entity.spec ?? {}) as {
            type?: unknown;
            owner?: unknown;
          };
          return {
            templateRef,
            title: entity.metadata.title ?? entity.metadata.name,
            ...(entity.metadata.description
              ? { description: entity.metadata.description }
              : {}),
            ...(typeof spec.type === 'string' ? { type: spec.type } : {}),
            ...(typeof spec.owner === 'string' ? { owner: spec.owner } : {}),
            tags: entity.metadata.tags ?? [],
            url: pages.url(templateRef),
            parameters: schema.steps.map(step => ({
              title: step.title,
              ...(step.description ? { description: step.description } : {}),
              schema: step.schema,
            })),
          };
        }),
      );
      return { output: { totalItems, templates } };
    },
  });
}
