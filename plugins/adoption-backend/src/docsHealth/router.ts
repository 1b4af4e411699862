import {
  ADOPTION_DOCS_HEALTH_PATHS as PATHS,
  docsHealthColumns,
  docsHealthDayColumns,
  docsHealthStatuses,
  type DocsHealthRow,
} from '@internal/backstage-plugin-adoption-common';
import { parseInput } from '@internal/backstage-request-input-node';
import Router from 'express-promise-router';
import { z } from 'zod';
import { requireAdoptionRead } from '../service/authorize';
import { sendTable } from '../service/sendTable';
import type { AdoptionDeps } from '../service/types';
import { assessDocs } from './assess';
import type { DocsHealthEntry, DocsHealthStore } from './DocsHealthStore';

const DAY_MS = 24 * 60 * 60 * 1000;

const format = z.enum(['json', 'csv']).optional();

const listQuery = z.object({
  status: z.enum(docsHealthStatuses).optional(),
  format,
});

const trendQuery = z.object({
  days: z.coerce.number().int().min(1).max(3660).default(90),
  format,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** a checked entity as the API shows it */
export function docsHealthRow(
  e: DocsHealthEntry,
  staleAfterDays: number,
): DocsHealthRow {
  const { docsBehindDays, buildOutdated } = assessDocs(e, staleAfterDays);
  return {
    entityRef: e.entityRef,
    title: e.title,
    owner: e.owner,
    repository: e.repository,
    lastBuiltAt: iso(e.lastBuiltAt),
    lastDocsCommitAt: iso(e.lastDocsCommitAt),
    lastCodeCommitAt: iso(e.lastCodeCommitAt),
    docsBehindDays,
    buildOutdated,
    status: e.status,
    error: e.error,
    checkedAt: e.checkedAt.toISOString(),
  };
}

/**
 * GET /v1/docs-health and …/trend (ADOPTION_DOCS_HEALTH_PATHS): the last check of every entity
 * with TechDocs and the daily counts (`adoption.read`; JSON or CSV).
 */
export function docsHealthRouter(
  deps: Pick<AdoptionDeps, 'httpAuth' | 'permissions'> & {
    store: DocsHealthStore;
    staleAfterDays: number;
    now?: () => Date;
  },
) {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.get(PATHS.entities, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(listQuery, req.query, 'query');
    const entries = await deps.store.list(query.status);
    sendTable(req, res, {
      name: 'docs-health',
      columns: docsHealthColumns,
      rows: entries.map(e => docsHealthRow(e, deps.staleAfterDays)),
    });
  });

  router.get(PATHS.trend, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(trendQuery, req.query, 'query');
    const since = new Date(now().getTime() - (query.days - 1) * DAY_MS);
    sendTable(req, res, {
      name: 'docs-health-per-day',
      columns: docsHealthDayColumns,
      rows: await deps.store.days(since.toISOString().slice(0, 10)),
    });
  });

  return router;
}
