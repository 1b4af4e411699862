import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { draftCatalogInfo, readCodeOwner } from 'catalog-info-generator';
import fs from 'node:fs';
import path from 'node:path';
import { examples } from './generateCatalogInfo.examples';

/**
 * `catalog:generate-info`: the draft `catalog-info.yaml` of an existing
 * repository whose files are in the workspace (e.g. by `fetch:plain`), as
 * packages/catalog-info-generator writes it: name, description, type and
 * tags from the repository's files, owner from CODEOWNERS (or the `owner`
 * given), `github.com/project-slug` from `repoUrl`. Written to
 * `targetPath`, so that a pull request can carry it alone.
 *
 * Refuses (InputError) a repository not on a GitHub host, one that has a
 * catalog file already, one without an owner, and a draft that is not a
 * valid entity, in words for the template's user (never the generator's
 * command-line options). Works the same in dry runs (it only writes into
 * the workspace).
 *
 * @public
 */
export function createGenerateCatalogInfoAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  return createTemplateAction({
    id: 'catalog:generate-info',
    description:
      "Drafts an existing repository's catalog-info.yaml from its files (packages/catalog-info-generator)",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The repository, as RepoUrlPicker gives it: github.com?owner=myorg&repo=name',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              "Workspace folder holding the repository's files (default: the workspace)",
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to write catalog-info.yaml into (default: sourcePath)',
            ),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "The owner's entity ref; takes precedence over CODEOWNERS",
            ),
        defaultOwner: z =>
          z
            .string()
            .optional()
            .describe('The owner when CODEOWNERS names none'),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe('The drafted entity, e.g. component:default/name'),
        owner: z => z.string().describe("The drafted entity's owner"),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Where the draft was written, relative to the workspace'),
      },
    },
    async handler(ctx) {
      const { host, owner, repo } = parseRepoUrl(
        ctx.input.repoUrl,
        options.integrations,
      );
      if (!owner) {
        throw new InputError(`repoUrl names no owner: ${ctx.input.repoUrl}`);
      }
      if (!options.integrations.github.byHost(host)) {
        throw new InputError(
          `No draft for ${owner}/${repo}: ${host} is not a GitHub host (integrations.github); choose a GitHub repository`,
        );
      }
      const sourcePath = ctx.input.sourcePath ?? '.';
      const targetPath = ctx.input.targetPath ?? sourcePath;
      const sourceDir = resolveSafeChildPath(ctx.workspacePath, sourcePath);
      const targetDir = resolveSafeChildPath(ctx.workspacePath, targetPath);
      // the owner: the `owner` input, else CODEOWNERS' (the generator reads
      // it), else `defaultOwner`. The generator is never given its
      // `defaultOwner`: its words for it are the command line's.
      const codeOwner = readCodeOwner(sourceDir);
      if (!ctx.input.owner && !codeOwner && !ctx.input.defaultOwner) {
        throw new InputError(
          `No draft for ${owner}/${repo}: no owner: the repository's CODEOWNERS names none for the whole repository (*); choose one in the template's owner parameter`,
        );
      }
      const draft = await draftCatalogInfo(sourceDir, {
        githubHost: host,
        githubSlug: `${owner}/${repo}`,
        owner:
          ctx.input.owner ||
          (codeOwner ? undefined : ctx.input.defaultOwner || undefined),
      });
      if (draft.status !== 'drafted') {
        throw new InputError(`No draft for ${owner}/${repo}: ${draft.reason}`);
      }
      fs.mkdirSync(targetDir, { recursive: true });
      const file = path.join(targetDir, 'catalog-info.yaml');
      fs.writeFileSync(file, draft.yaml);
      const entityRef = stringifyEntityRef(draft.entity);
      const entityOwner = String(
        (draft.entity.spec as { owner: string }).owner,
      );
      ctx.logger.info(
        `Drafted ${entityRef} (owner ${entityOwner}) for ${owner}/${repo}:\n${draft.yaml}`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('owner', entityOwner);
      ctx.output(
        'catalogInfoPath',
        path.relative(ctx.workspacePath, file).split(path.sep).join('/'),
      );
    },
  });
}
