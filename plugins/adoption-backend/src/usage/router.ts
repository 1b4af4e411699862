import { ADOPTION_USAGE_PATHS as PATHS } from '@internal/backstage-plugin-adoption-common';
import { parseInput } from '@internal/backstage-request-input-node';
import type express from 'express';
import Router from 'express-promise-router';
import { requireAdoptionRead } from '../service/authorize';
import { sendTable } from '../service/sendTable';
import type { AdoptionDeps } from '../service/types';
import type { UsageService } from './UsageService';
import {
  entitiesQuery,
  pagesQuery,
  weeksQuery,
  windowQuery,
} from './usageQuery';

/**
 * The usage tables (`adoption.read`), each as JSON or `?format=csv`.
 */
export function createUsageRouter(
  options: Pick<AdoptionDeps, 'httpAuth' | 'permissions'> & {
    service: UsageService;
  },
): express.Router {
  const { service } = options;
  const router = Router();

  router.get(PATHS.weeklyActiveUsers, async (req, res) => {
    await requireAdoptionRead(req, options);
    const { weeks } = parseInput(weeksQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'weekly-active-users',
      columns: ['weekStart', 'activeUsers', 'events'],
      rows: await service.weeklyActiveUsers(weeks),
    });
  });

  router.get(PATHS.pluginViews, async (req, res) => {
    await requireAdoptionRead(req, options);
    const query = parseInput(windowQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'views-per-plugin',
      columns: ['pluginId', 'views', 'users'],
      rows: await service.pluginViews(query),
    });
  });

  router.get(PATHS.pageViews, async (req, res) => {
    await requireAdoptionRead(req, options);
    const query = parseInput(pagesQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'views-per-page',
      columns: ['pluginId', 'routePath', 'views', 'users'],
      rows: await service.pageViews(query),
    });
  });

  router.get(PATHS.searchesWithoutResult, async (req, res) => {
    await requireAdoptionRead(req, options);
    const query = parseInput(windowQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'searches-without-result',
      columns: ['term', 'searches', 'users', 'lastSearchedAt'],
      rows: await service.searchesWithoutResult(query),
    });
  });

  const entityColumns = [
    'entityRef',
    'kind',
    'views',
    'users',
    'lastViewedAt',
  ] as const;

  router.get(PATHS.mostViewedEntities, async (req, res) => {
    await requireAdoptionRead(req, options);
    const query = parseInput(entitiesQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'most-viewed-entities',
      columns: [...entityColumns],
      rows: await service.mostViewedEntities(query),
    });
  });

  router.get(PATHS.leastViewedEntities, async (req, res) => {
    const credentials = await requireAdoptionRead(req, options);
    const query = parseInput(entitiesQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'least-viewed-entities',
      columns: [...entityColumns],
      rows: await service.leastViewedEntities(query, credentials),
    });
  });

  return router;
}
