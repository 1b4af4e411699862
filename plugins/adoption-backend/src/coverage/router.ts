import { NotFoundError } from '@backstage/errors';
import {
  ADOPTION_COVERAGE_PATHS,
  adoptionReadPermission,
  adoptionRefreshPermission,
  coverageOwnerColumns,
  coverageRepositoryColumns,
  coverageStatuses,
} from '@internal/backstage-plugin-adoption-common';
import { parseInput } from '@internal/backstage-request-input-node';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  requireAdoptionPermissions,
  requireAdoptionRead,
} from '../service/authorize';
import { sendTable, tableFormat } from '../service/sendTable';
import type { AdoptionDeps } from '../service/types';
import type { CoverageService } from './CoverageService';

/*
 * The query of each route. Strict: an unknown parameter is a 400 naming it
 * (a misspelt `?stauts=` would otherwise answer every repository).
 */
const noQuery = z.strictObject({});

const repositoriesQuery = z.strictObject({
  status: z.enum(coverageStatuses).optional(),
  format: tableFormat,
});

const ownersQuery = z.strictObject({ format: tableFormat });

/**
 * The coverage routes (`adoption.read`; the tables JSON or CSV; the
 * refresh `adoption.refresh` too). Without `adoption.coverage` in the
 * config they answer 404 saying so.
 */
export function coverageRouter(
  deps: Pick<AdoptionDeps, 'httpAuth' | 'permissions'> & {
    service: CoverageService | undefined;
  },
) {
  const router = Router();
  const service = () => {
    if (!deps.service) {
      throw new NotFoundError(
        'Catalog coverage is not configured: set adoption.coverage.organization',
      );
    }
    return deps.service;
  };

  router.get(ADOPTION_COVERAGE_PATHS.summary, async (req, res) => {
    await requireAdoptionRead(req, deps);
    parseInput(noQuery, req.query, 'query');
    res.json(await service().summary());
  });

  router.get(ADOPTION_COVERAGE_PATHS.repositories, async (req, res) => {
    await requireAdoptionRead(req, deps);
    const query = parseInput(repositoriesQuery, req.query, 'query');
    sendTable(req, res, {
      name: query.status
        ? `coverage-repositories-${query.status}`
        : 'coverage-repositories',
      columns: coverageRepositoryColumns,
      rows: await service().repositories(query.status),
    });
  });

  router.get(ADOPTION_COVERAGE_PATHS.owners, async (req, res) => {
    await requireAdoptionRead(req, deps);
    parseInput(ownersQuery, req.query, 'query');
    sendTable(req, res, {
      name: 'coverage-owners',
      columns: coverageOwnerColumns,
      rows: await service().owners(),
    });
  });

  router.post(ADOPTION_COVERAGE_PATHS.refresh, async (req, res) => {
    await requireAdoptionPermissions(req, deps, [
      adoptionReadPermission,
      adoptionRefreshPermission,
    ]);
    parseInput(noQuery, req.query, 'query');
    res.status(202).json(await service().refresh());
  });

  return router;
}
