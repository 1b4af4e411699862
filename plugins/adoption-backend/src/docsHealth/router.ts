import {
  ADOPTION_DOCS_HEALTH_PATHS as PATHS,
  docsHealthColumns,
  docsHealthDayColumns,
  docsHealthStatuses,
} from '@internal/backstage-plugin-adoption-common';
import { parseInput } from '@internal/backstage-request-input-node';
import Router from 'express-promise-router';
import { z } from 'zod';
import { requireAdoptionRead } from '../service/authorize';
import { sendTable, tableFormat } from '../service/sendTable';
import type { AdoptionDeps } from '../service/types';
import type { DocsHealthService } from './DocsHealthService';

/*
 * The query of each route. Strict: an unknown parameter is a 400 naming it
 * (a misspelt `?stauts=stale` would otherwise answer every entity).
 */

const listQuery = z.strictObject({
  status: z.enum(docsHealthStatuses).optional(),
  format: tableFormat,
});

const trendQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(3660).default(90),
  format: tableFormat,
});

/**
 * GET /v1/docs-health and …/trend (ADOPTION_DOCS_HEALTH_PATHS): the last check of every entity
 * with TechDocs and the daily counts (`adoption.read`; JSON or CSV).
 */
export function docsHealthRouter(
  deps: Pick<AdoptionDeps, 'httpAuth' | 'permissions'> & {
    service: DocsHealthService;
  },
) {
  const { service } = deps;
  const router = Router();

  router.get(PATHS.entities, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(listQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'docs-health',
      columns: docsHealthColumns,
      rows: await service.entities(query.status),
    });
  });

  router.get(PATHS.trend, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(trendQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'docs-health-per-day',
      columns: docsHealthDayColumns,
      rows: await service.trend(query.days),
    });
  });

  return router;
}
