import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checksToFixFirst,
  type EntityScorecard,
  type ScorecardEntitySummary,
} from '@internal/backstage-plugin-scorecard-common';
import { mapLimit, type ScorecardService } from '../service/ScorecardService';
import { checkForAgents } from './createGetEntityScorecardAction';
import { isEntityRef, PortalUrls, toEntityRef } from './portal';

const PAGE = 1000;

/**
 * `scorecard:get-team-failing-checks`: the checks a team's entities fail
 * (and those whose evidence could not be read), entity by entity, read as
 * the caller: entities the caller may not see are left out.
 */
export function createGetTeamFailingChecksAction(options: {
  actionsRegistry: ActionsRegistryService;
  service: ScorecardService;
  catalog: CatalogService;
  urls: PortalUrls;
}) {
  const { actionsRegistry, service, catalog, urls } = options;
  actionsRegistry.register({
    name: 'get-team-failing-checks',
    title: "Get a team's failing scorecard checks",
    description: `Returns, for every entity a team owns (spec.owner), the scorecard checks it fails and those whose evidence could not be read (unknown), each with its evidence (detail), how to fix it (howToFix) and the level it stands in the way of (blocksLevel); checks covered by an exemption are left out. Each entity's checks come in the order to fix them: those of the lowest level not yet reached first, as on the entity's scorecard card. Entities with nothing failing or unknown are only counted.
Use it to answer "what does order-squad have to fix?". Cite the team's page, each entity's page (url) and the howToFix links. One entity's full scorecard: get-entity-scorecard.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: [
      {
        title: "order-squad's failing checks",
        input: { team: 'group:default/order-squad' },
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            team: z
              .string()
              .min(1)
              .max(512)
              .refine(isEntityRef, {
                message:
                  'must be a group reference such as group:default/order-squad',
              })
              .describe(
                'The team, as group:namespace/name (group:default/order-squad) or just its name (order-squad)',
              ),
          })
          .strict(),
      output: z => {
        const check = z.object({
          id: z.string(),
          title: z.string(),
          dimension: z.string(),
          detail: z.string().describe('the evidence'),
          howToFix: z.string().optional(),
          blocksLevel: z
            .string()
            .nullable()
            .describe('the lowest level that needs it; null if none does'),
        });
        return z.object({
          team: z.string().describe('the team, normalized (lowercase)'),
          url: z.string().describe("the team's page in the portal"),
          entitiesScored: z
            .number()
            .describe('scored entities the team owns (that the caller sees)'),
          entities: z.array(
            z.object({
              entityRef: z.string(),
              url: z.string().describe("the entity's page in the portal"),
              level: z.string().nullable(),
              score: z.object({ passed: z.number(), total: z.number() }),
              failing: z
                .array(check)
                .describe('in the order to fix them, lowest level first'),
              unknown: z
                .array(check)
                .describe(
                  'checks whose evidence could not be read, in the same order',
                ),
            }),
          ),
        });
      },
    },
    action: async ({ input, credentials }) => {
      const team = toEntityRef(input.team, 'group');
      if (!/^(group|user):/.test(team)) {
        throw new InputError(
          `${team} is no team: give a Group (or a User who owns entities)`,
        );
      }
      const group = await catalog.getEntityByRef(team, { credentials });
      if (!group) throw new NotFoundError(`No ${team} in the catalog`);

      const summaries: ScorecardEntitySummary[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await service.listEntities({
          owner: team,
          limit: PAGE,
          offset,
        });
        summaries.push(...page);
        if (page.length < PAGE) break;
      }
      const scorecards = await mapLimit(summaries, 8, async s => {
        try {
          return await service.getEntityScorecard(s.entityRef, credentials);
        } catch (error) {
          // removed meanwhile, or not visible to the caller
          if ((error as Error)?.name === 'NotFoundError') return undefined;
          throw error;
        }
      });
      const seen = scorecards.filter((s): s is EntityScorecard => !!s);

      const { levels } = service.configuration();
      const entities = seen
        .map(s => {
          // not exempt, lowest level first: as the entity's card lists them
          const toFix = checksToFixFirst(s.checks, levels);
          const open = (status: 'failed' | 'unknown') =>
            toFix
              .filter(c => c.status === status)
              .map(c => {
                const { id, title, dimension, detail, howToFix } =
                  checkForAgents(c, urls);
                return {
                  id,
                  title,
                  dimension,
                  detail,
                  howToFix,
                  blocksLevel: c.blocksLevel,
                };
              });
          return {
            entityRef: s.entityRef,
            url: urls.entityPage(s.entityRef),
            level: s.level,
            score: s.score,
            failing: open('failed'),
            unknown: open('unknown'),
          };
        })
        .filter(e => e.failing.length > 0 || e.unknown.length > 0)
        .sort(
          (a, b) =>
            b.failing.length - a.failing.length ||
            a.entityRef.localeCompare(b.entityRef),
        );
      return {
        output: {
          team,
          url: urls.entityPage(team),
          entitiesScored: seen.length,
          entities,
        },
      };
    },
  });
}
