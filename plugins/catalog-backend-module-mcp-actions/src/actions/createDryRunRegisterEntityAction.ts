import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { isError, NotAllowedError, ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * `catalog:dry-run-register-entity`: what registering a catalog-info.yaml
 * URL would add to the catalog, nothing registered. The catalog asks for
 * `catalog.location.create` even for a dry run, so it is the platform
 * team's, as registering is (the portal's permission policy).
 */
export function createDryRunRegisterEntityAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
}) {
  const { actionsRegistry, catalog } = options;
  actionsRegistry.register({
    name: 'dry-run-register-entity',
    title: 'Preview registering a catalog-info.yaml',
    description: `Shows what registering a catalog-info.yaml URL in the software catalog would add: the entities the file describes (as the catalog reads and validates them), or why it cannot be read or processed. Nothing is registered: this is the analysis step of the portal's "Register an existing component" page.
Only the platform team may register catalog locations, and so use this tool; anyone else is refused with NotAllowedError. Repositories of the GitHub organisation with a catalog-info.yaml on main are discovered without registering.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: [
      {
        title: "Preview order-service's catalog-info.yaml",
        input: {
          locationUrl:
            'https://github.com/myorg/order-service/blob/main/catalog-info.yaml',
        },
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            locationUrl: z
              .string()
              .max(2048)
              .refine(isHttpUrl, {
                message:
                  'must be the http(s) URL of a catalog-info.yaml, such as https://github.com/myorg/order-service/blob/main/catalog-info.yaml',
              })
              .describe(
                'The URL of the catalog-info.yaml file, as its repository shows it (https://github.com/<org>/<repo>/blob/<branch>/catalog-info.yaml)',
              ),
          })
          .strict(),
      output: z =>
        z.object({
          locationUrl: z.string(),
          alreadyRegistered: z
            .boolean()
            .describe('the location is registered already'),
          entities: z
            .array(
              z.object({
                entityRef: z.string().describe('kind:namespace/name'),
                title: z.string().optional(),
                description: z.string().optional(),
                owner: z.string().optional().describe('spec.owner'),
              }),
            )
            .describe('the entities registering the file would add'),
        }),
    },
    action: async ({ input, credentials }) => {
      let result;
      try {
        result = await catalog.addLocation(
          { type: 'url', target: input.locationUrl, dryRun: true },
          { credentials },
        );
      } catch (error) {
        if ((error as { statusCode?: number })?.statusCode === 403) {
          throw new NotAllowedError(
            'Registering catalog locations is for the platform team (permission catalog.location.create): ask them to register it, or push the catalog-info.yaml to main for discovery',
          );
        }
        // the catalog's own error (why the file cannot be read or
        // processed), not the client's "Request failed with 400"
        if (error instanceof ResponseError && isError(error.cause)) {
          throw error.cause;
        }
        throw error;
      }
      return {
        output: {
          locationUrl: input.locationUrl,
          alreadyRegistered: result.exists ?? false,
          entities: result.entities
            // the Location the registration itself would add
            .filter(
              entity =>
                !(
                  entity.kind === 'Location' &&
                  (entity.spec as { target?: unknown })?.target ===
                    input.locationUrl
                ),
            )
            .map(entity => {
              const owner = (entity.spec as { owner?: unknown } | undefined)
                ?.owner;
              return {
                entityRef: stringifyEntityRef(entity),
                ...(entity.metadata.title
                  ? { title: entity.metadata.title }
                  : {}),
                ...(entity.metadata.description
                  ? { description: entity.metadata.description }
                  : {}),
                ...(typeof owner === 'string' ? { owner } : {}),
              };
            }),
        },
      };
    },
  });
}
