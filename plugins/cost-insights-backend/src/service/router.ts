import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { parseInput } from '@internal/backstage-request-input-node';
import { z } from 'zod';
import type { CostInsightsService } from './CostInsightsService';
import { INTERVALS_PATTERN } from './dates';

const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:\-@/+=]+$/, 'must be a name without spaces');
const intervals = z
  .string()
  .regex(
    INTERVALS_PATTERN,
    'must be an ISO 8601 repeating interval such as R2/P30D/2020-09-01',
  );
const entityParams = z.object({
  kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be an entity kind'),
  namespace: name,
  name,
});

/**
 * The HTTP API: the card's summary and what the legacy page's
 * CostInsightsApi asks, validated here, answered by the service.
 */
export async function createRouter(options: {
  service: CostInsightsService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { service, httpAuth } = options;
  const router = Router();
  router.use(express.json());

  const credentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/entity/:kind/:namespace/:name/summary', async (req, res) => {
    const ref = parseInput(entityParams, req.params, 'entity');
    res.json(await service.entitySummary(ref, await credentials(req)));
  });

  router.get('/entity/:kind/:namespace/:name/daily-cost', async (req, res) => {
    const ref = parseInput(entityParams, req.params, 'entity');
    const query = parseInput(z.object({ intervals }), req.query, 'query');
    res.json(
      await service.entityDailyCost(
        ref,
        query.intervals,
        await credentials(req),
      ),
    );
  });

  router.get('/last-complete-billing-date', async (req, res) => {
    await credentials(req);
    res.json({ date: service.lastCompleteBillingDate() });
  });

  router.get('/users/:userId/groups', async (req, res) => {
    const { userId } = parseInput(
      z.object({ userId: name }),
      req.params,
      'user',
    );
    res.json(await service.userGroups(userId, await credentials(req)));
  });

  router.get('/groups/:group/projects', async (req, res) => {
    const { group } = parseInput(
      z.object({ group: name }),
      req.params,
      'group',
    );
    await credentials(req);
    res.json(await service.groupProjects(group));
  });

  router.get('/groups/:group/daily-cost', async (req, res) => {
    const { group } = parseInput(
      z.object({ group: name }),
      req.params,
      'group',
    );
    const query = parseInput(z.object({ intervals }), req.query, 'query');
    await credentials(req);
    res.json(await service.groupDailyCost(group, query.intervals));
  });

  router.get('/projects/:project/daily-cost', async (req, res) => {
    const { project } = parseInput(
      z.object({ project: name }),
      req.params,
      'project',
    );
    const query = parseInput(z.object({ intervals }), req.query, 'query');
    await credentials(req);
    res.json(await service.projectDailyCost(project, query.intervals));
  });

  router.get('/products/:product/insights', async (req, res) => {
    const { product } = parseInput(
      z.object({ product: name }),
      req.params,
      'product',
    );
    const query = parseInput(
      z.object({ group: name, intervals, project: name.optional() }),
      req.query,
      'query',
    );
    await credentials(req);
    res.json(await service.productInsights({ product, ...query }));
  });

  return router;
}
