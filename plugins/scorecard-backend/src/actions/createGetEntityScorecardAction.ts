import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type {
  EntityScorecard,
  ScorecardCheckResult,
} from '@internal/backstage-plugin-scorecard-common';
import type { ScorecardService } from '../service/ScorecardService';
import { isEntityRef, PortalUrls, toEntityRef } from './portal';

/** A check of a scorecard as the actions answer it: links made absolute. */
export function checkForAgents(
  check: ScorecardCheckResult,
  urls: PortalUrls,
): ScorecardCheckResult {
  return {
    ...check,
    ...(check.howToFix ? { howToFix: urls.link(check.howToFix) } : {}),
  };
}

/**
 * The scorecard API's answer (`GET /api/scorecard/v1/entities/...`) as the
 * action answers it: the same fields, the entity's page and absolute
 * how-to-fix links added.
 */
export function scorecardForAgents(
  scorecard: EntityScorecard,
  urls: PortalUrls,
): EntityScorecard & { url: string } {
  return {
    ...scorecard,
    url: urls.entityPage(scorecard.entityRef),
    checks: scorecard.checks.map(c => checkForAgents(c, urls)),
  };
}

/**
 * `scorecard:get-entity-scorecard`: an entity's scorecard, read as the
 * caller (an entity the caller may not see is "not in the catalog").
 */
export function createGetEntityScorecardAction(options: {
  actionsRegistry: ActionsRegistryService;
  service: ScorecardService;
  urls: PortalUrls;
}) {
  const { actionsRegistry, service, urls } = options;
  actionsRegistry.register({
    name: 'get-entity-scorecard',
    title: "Get an entity's scorecard",
    description: `Returns the scorecard of one catalog entity (Component, System, API or Resource): each platform-standard check with its status (passed, failed, or unknown when its evidence could not be read), the evidence behind that status (detail), a link explaining how to make it pass (howToFix), whether an exemption covers it, and the entity's score and level (Bronze, Silver, Gold).
A System, a Domain or a Group also has a roll-up (rollup): the scorecard of everything under it (a System: its components, APIs and resources; a Domain: its systems and theirs; a Group: what it and its sub-groups own), with the entities per level, the checks failing most, its children and the daily history. Domains and Groups have no checks of their own; a User is not scored.
Use it to answer "is order-service production ready?", "what must we fix on this service?" or "how is the payments domain doing?". Cite the entity's page (url) and each check's howToFix link. A team's failing checks entity by entity: get-team-failing-checks.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: [
      {
        title: 'The scorecard of order-service',
        input: { entityRef: 'component:default/order-service' },
      },
      {
        title: "The roll-up of order-squad: what the team's entities score",
        input: { entityRef: 'group:default/order-squad' },
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            entityRef: z
              .string()
              .min(1)
              .max(512)
              .refine(isEntityRef, {
                message:
                  'must be an entity reference such as component:default/order-service',
              })
              .describe(
                'The entity, as kind:namespace/name (component:default/order-service); the kind defaults to component and the namespace to default',
              ),
          })
          .strict(),
      output: z => {
        const exemption = z.object({
          entityRef: z.string(),
          checkId: z.string(),
          reason: z.string(),
          author: z.string().describe('who created it (an entity ref)'),
          createdAt: z.string(),
          expiresAt: z.string().describe('it stops applying at this instant'),
        });
        const rollup = z.object({
          entities: z.number().describe('scored entities counted under it'),
          passed: z.number(),
          total: z.number(),
          levels: z
            .record(z.string(), z.number())
            .describe("entities per level reached ('none': no level)"),
          failingChecks: z
            .array(
              z.object({
                checkId: z.string(),
                title: z.string(),
                failing: z
                  .number()
                  .describe('entities failing it (not exempt)'),
              }),
            )
            .describe(
              'the checks failing most, most failing first (10 at most)',
            ),
          children: z
            .array(
              z.object({
                entityRef: z.string(),
                kind: z.string(),
                passed: z.number(),
                total: z.number(),
                level: z.string().nullable(),
              }),
            )
            .describe(
              "the direct children (200 at most; a Domain's systems with their own roll-up's figures)",
            ),
          childCount: z.number().describe('how many direct children there are'),
          history: z
            .array(
              z.object({
                timestamp: z.string(),
                passed: z.number(),
                total: z.number(),
              }),
            )
            .describe(
              'passed/total after the last full evaluation of each day (90 days), oldest first',
            ),
        });
        return z.object({
          entityRef: z.string().describe('the entity, normalized (lowercase)'),
          url: z.string().describe("the entity's page in the portal"),
          score: z.object({
            passed: z.number(),
            total: z
              .number()
              .describe('checks that count (exempt ones do not)'),
          }),
          level: z
            .string()
            .nullable()
            .describe('the highest level reached, null for none'),
          evaluatedAt: z.string().nullable(),
          checks: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              dimension: z.string(),
              description: z.string(),
              howToFix: z
                .string()
                .optional()
                .describe('how to make the check pass (a portal docs page)'),
              status: z.enum(['passed', 'failed', 'unknown']),
              passed: z.boolean(),
              detail: z
                .string()
                .describe(
                  'the evidence: what was found, or why it could not be read',
                ),
              value: z
                .number()
                .optional()
                .describe('the measured value of a numeric check (coverage)'),
              exempt: z
                .boolean()
                .describe('an active exemption covers it: it does not count'),
              exemption: exemption.optional(),
              evaluatedAt: z.string(),
            }),
          ),
          rollup: rollup
            .optional()
            .describe(
              'Systems, Domains and Groups: the scorecard of everything under them',
            ),
        });
      },
    },
    action: async ({ input, credentials }) => {
      const scorecard = await service.getEntityScorecard(
        toEntityRef(input.entityRef, 'component'),
        credentials,
      );
      return { output: scorecardForAgents(scorecard, urls) };
    },
  });
}
