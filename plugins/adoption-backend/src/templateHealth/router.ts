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
import { sendTable } from '../service/sendTable';
import type { AdoptionDeps } from '../service/types';
import {
  templateHealthRows,
  templateRunsPerWeek,
  templateStepFailures,
} from './figures';
import type { TemplateTaskStore } from './TemplateTaskStore';

const DAY_MS = 24 * 60 * 60 * 1000;

const format = z.enum(['json', 'csv']).optional();

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

/** the window of the table routes: the last `days` days, 90 by default */
const windowQuery = z.object({
  days: z.coerce.number().int().min(1).max(3660).default(90),
  format,
});

const trendQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
  format,
});

const stepsQuery = windowQuery.extend({ templateRef: templateRef.optional() });

/**
 * GET /v1/template-health, …/trend, …/steps (ADOPTION_TEMPLATE_HEALTH_PATHS):
 * figures from the copied scaffolder tasks (`adoption.read`; JSON or CSV).
 */
export function templateHealthRouter(
  deps: Pick<AdoptionDeps, 'httpAuth' | 'permissions'> & {
    store: TemplateTaskStore;
    now?: () => Date;
  },
) {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.get(PATHS.templates, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(windowQuery, req.query, 'query');
    const tasks = await deps.store.list({
      since: new Date(now().getTime() - query.days * DAY_MS),
    });
    sendTable(req, res, {
      name: 'template-health',
      columns: templateHealthColumns,
      rows: templateHealthRows(tasks),
    });
  });

  router.get(PATHS.trend, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(trendQuery, req.query, 'query');
    const at = now();
    const tasks = await deps.store.list({
      since: new Date(at.getTime() - query.weeks * 7 * DAY_MS),
    });
    sendTable(req, res, {
      name: 'template-runs-per-week',
      columns: templateRunsWeekColumns,
      rows: templateRunsPerWeek(tasks, query.weeks, at),
    });
  });

  router.get(PATHS.steps, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(stepsQuery, req.query, 'query');
    const tasks = await deps.store.list({
      since: new Date(now().getTime() - query.days * DAY_MS),
      templateRef: query.templateRef,
    });
    sendTable(req, res, {
      name: 'template-step-failures',
      columns: templateStepFailuresColumns,
      rows: templateStepFailures(tasks),
    });
  });

  return router;
}
