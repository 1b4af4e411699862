import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { getEntitySourceLocation } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import {
  fetchContents,
  serializeDirectoryContents,
  type ScaffolderService,
} from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isEntityRef, toTemplateRef } from './templatePages';

/** what the scaffolder's dry-run endpoint accepts (its body limit is 10MB) */
const MAX_TEMPLATE_BYTES = 7 * 1024 * 1024;
/** rendered files longer than this are cut in the answer */
const MAX_FILE_CHARS = 8000;
const MAX_LOG_LINES = 500;
/** the log's colours (the scaffolder's logger writes them) */
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

/**
 * The reasons of the scaffolder's 400 for parameters its schemas refuse
 * (`{"errors": [...]}`, not Backstage's error body), else undefined.
 */
function refusedParameters(error: unknown): string[] | undefined {
  const e = error as { statusCode?: number; cause?: { message?: string } };
  if (e?.statusCode !== 400) return undefined;
  const message = e.cause?.message ?? '';
  try {
    const body = JSON.parse(message.slice(message.indexOf('{')));
    if (Array.isArray(body?.errors)) {
      return body.errors.map((x: { stack?: string; message?: string }) =>
        String(x.stack ?? x.message),
      );
    }
  } catch {
    // not the parameters' answer
  }
  return undefined;
}

/**
 * The template's folder as the scaffolder reads it for a real run
 * (fetch:template's base: the template's source location, a `file:` or a
 * `url:` one), serialized for the dry-run endpoint.
 */
async function readTemplateFolder(
  template: TemplateEntityV1beta3,
  deps: { urlReader: UrlReaderService; integrations: ScmIntegrations },
) {
  let location;
  try {
    location = getEntitySourceLocation(template);
  } catch {
    throw new InputError(
      `${template.metadata.name} has no source location to read its files from`,
    );
  }
  const baseUrl =
    location.type === 'file' ? `file://${location.target}` : location.target;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dry-run-template-'));
  try {
    await fetchContents({
      reader: deps.urlReader,
      integrations: deps.integrations,
      baseUrl,
      fetchUrl: '.',
      outputPath: dir,
    });
    const files = await serializeDirectoryContents(dir);
    const size = files.reduce((sum, f) => sum + f.content.length, 0);
    if (size > MAX_TEMPLATE_BYTES) {
      throw new InputError(
        `The template's folder holds ${size} bytes, more than a dry run takes (${MAX_TEMPLATE_BYTES})`,
      );
    }
    return files.map(f => ({
      path: f.path,
      base64Content: f.content.toString('base64'),
    }));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * `scaffolder:dry-run-catalog-template`: a template of the catalog run
 * with the given parameter values, without side effects (the scaffolder's
 * dry run: steps whose action cannot dry-run are skipped), as the caller.
 */
export function createDryRunCatalogTemplateAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  scaffolder: ScaffolderService;
  urlReader: UrlReaderService;
  integrations: ScmIntegrations;
}) {
  const { actionsRegistry, catalog, scaffolder } = options;
  actionsRegistry.register({
    name: 'dry-run-catalog-template',
    title: 'Dry-run a software template with parameters',
    description: `Runs a software template of the catalog (see list-templates) with the given parameter values as a dry run: nothing is created, published or registered, and steps whose action cannot run dry are skipped. Returns the steps, the log, the template's output (links it would show) and the files it would produce, with their content (long files cut).
Parameters the template's form refuses come back as an InputError listing each reason, as the Create page would show them. To dry-run a template that is not in the catalog (its YAML and files at hand), use dry-run-template.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: [
      {
        title: 'A Go service from the golden path',
        input: {
          templateRef: 'template:default/go-microservice-template',
          values: {
            name: 'payment-webhook-handler',
            description: 'Receives payment provider webhooks',
            owner: 'group:default/payments-squad',
            repoUrl: 'github.com?owner=myorg&repo=payment-webhook-handler',
          },
        },
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            templateRef: z
              .string()
              .min(1)
              .max(512)
              .refine(isEntityRef, {
                message:
                  'must be a template reference such as template:default/go-microservice-template',
              })
              .describe(
                'The template, as template:namespace/name (list-templates gives it); a name alone is a template of the default namespace',
              ),
            values: z
              .record(z.unknown())
              .default({})
              .describe(
                "The template's parameter values, by name, as its parameters' JSON Schemas describe them",
              ),
          })
          .strict(),
      output: z =>
        z.object({
          templateRef: z.string(),
          steps: z.array(
            z.object({ id: z.string(), name: z.string(), action: z.string() }),
          ),
          log: z.array(
            z.object({
              stepId: z.string().optional(),
              status: z.string().optional(),
              message: z.string(),
            }),
          ),
          output: z
            .record(z.unknown())
            .describe("the template's output: links and text it would show"),
          files: z
            .array(
              z.object({
                path: z.string(),
                size: z.number().describe('bytes'),
                content: z
                  .string()
                  .optional()
                  .describe('the text (absent for binary files)'),
                truncated: z.boolean().optional(),
              }),
            )
            .describe('the files the template would produce'),
        }),
    },
    action: async ({ input, credentials }) => {
      const templateRef = toTemplateRef(input.templateRef);
      const template = (await catalog.getEntityByRef(templateRef, {
        credentials,
      })) as TemplateEntityV1beta3 | undefined;
      if (!template)
        throw new NotFoundError(`No ${templateRef} in the catalog`);
      const directoryContents = await readTemplateFolder(template, options);

      let result;
      try {
        result = await scaffolder.dryRun(
          { template, values: input.values as JsonObject, directoryContents },
          { credentials },
        );
      } catch (error) {
        const reasons = refusedParameters(error);
        if (reasons) {
          throw new InputError(
            `The template's parameters were refused: ${reasons.join('; ')}`,
          );
        }
        throw error;
      }

      const log = result.log.map(({ body }) => ({
        ...(body.stepId ? { stepId: body.stepId } : {}),
        ...(body.status ? { status: String(body.status) } : {}),
        message: body.message.replace(ANSI_COLOUR, ''),
      }));
      return {
        output: {
          templateRef,
          steps: result.steps.map(s => ({
            id: s.id,
            name: s.name,
            action: s.action,
          })),
          log: log.slice(-MAX_LOG_LINES),
          output: result.output ?? {},
          files: result.directoryContents
            .map(f => {
              const content = Buffer.from(f.base64Content, 'base64');
              const text = content.includes(0)
                ? undefined
                : content.toString('utf8');
              return {
                path: f.path,
                size: content.length,
                ...(text === undefined
                  ? {}
                  : { content: text.slice(0, MAX_FILE_CHARS) }),
                ...(text && text.length > MAX_FILE_CHARS
                  ? { truncated: true }
                  : {}),
              };
            })
            .sort((a, b) => a.path.localeCompare(b.path)),
        },
      };
    },
  });
}
