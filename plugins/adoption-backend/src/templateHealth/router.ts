import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ADOPTION_TEMPLATE_HEALTH_PATHS as PATHS,
  templateHealthColumns,
  templateRunsWeekColumns,
  templateStepFailuresColumns,
} from '@internal/backstage-plugin-adoption-common';
import { parseInput } from '@internal/backstage-request-input-node';
import Router from 'express-promise-router';
import { z } from 'zod';
import { requireAdoptionRead } from '../service/authorize';
import { sendTable, tableFormat } from '../service/sendTable';
import type { AdoptionDeps } from '../service/types';
import type { TemplateHealthService } from './TemplateHealthService';

const templateRef = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind: 'template' }),
      );
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not an entity reference' });
      return z.NEVER;
    }
  });

/*
 * The query of each route. Strict: an unknown parameter is a 400 naming it
 * (a misspelt `?day=7` would otherwise silently mean 90 days).
 */

/** the window of the table routes: the last `days` days, 90 by default */
const windowQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(3660).default(90),
  format: tableFormat,
});

const trendQuery = z.strictObject({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
  format: tableFormat,
});

const stepsQuery = windowQuery.extend({ templateRef: templateRef.optional() });

/**
 * GET /v1/template-health, …/trend, …/steps (ADOPTION_TEMPLATE_HEALTH_PATHS):
 * figures from the copied scaffolder tasks (`adoption.read`; JSON or CSV).
 */
export function templateHealthRouter(
  deps: Pick<AdoptionDeps, 'httpAuth' | 'permissions'> & {
    service: TemplateHealthService;
  },
) {
  const { service } = deps;
  const router = Router();

  router.get(PATHS.templates, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(windowQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'template-health',
      columns: templateHealthColumns,
      rows: await service.templates(query.days),
    });
  });

  router.get(PATHS.trend, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(trendQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'template-runs-per-week',
      columns: templateRunsWeekColumns,
      rows: await service.runsPerWeek(query.weeks),
    });
  });

  router.get(PATHS.steps, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(stepsQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'template-step-failures',
      columns: templateStepFailuresColumns,
      rows: await service.stepFailures(query.days, query.templateRef),
    });
  });

  return router;
}
