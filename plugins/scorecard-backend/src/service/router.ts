import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  SCORECARD_INPUT_LIMITS as LIMITS,
  scorecardEvaluatePermission,
  scorecardExemptionCreatePermission,
  scorecardExemptionDeletePermission,
} from '@internal/backstage-plugin-scorecard-common';
import express from 'express';
import Router from 'express-promise-router';
import { parseInput } from '@internal/backstage-request-input-node';
import { z } from 'zod';
import {
  entityPath,
  entityRefString,
  isoDate,
  singleLine,
  storableText,
} from './inputSchemas';
import type { ScorecardService } from './ScorecardService';

const historyQuery = z.object({ since: isoDate.optional() }).strict();

const reportQuery = z
  .object({
    groupBy: z.enum(['owner', 'dimension', 'check'], {
      error: 'must be one of owner, dimension, check',
    }),
  })
  .strict();

const entitiesQuery = z
  .object({
    owner: entityRefString.optional(),
    check: singleLine(LIMITS.nameLength).optional(),
    dimension: singleLine(LIMITS.nameLength).optional(),
    status: z.enum(['passed', 'failed', 'unknown', 'exempt']).optional(),
    level: singleLine(LIMITS.nameLength).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(LIMITS.pageLimit.min)
      .max(LIMITS.pageLimit.max)
      .default(LIMITS.pageLimit.default),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

const evaluateBody = z
  .object({
    entityRefs: z
      .array(entityRefString)
      .min(1)
      .max(LIMITS.evaluateEntityRefs)
      .optional(),
  })
  .strict();

/** an exemption as asked for (also by an exemption request) */
export const exemptionBody = z
  .object({
    entityRef: entityRefString,
    checkId: z
      .string()
      .min(1)
      .max(LIMITS.nameLength)
      .superRefine(storableText()),
    reason: z
      .string()
      .trim()
      .min(LIMITS.reasonLength.min)
      .max(LIMITS.reasonLength.max)
      .superRefine(storableText({ multiline: true })),
    expiresAt: isoDate,
  })
  .strict();

const exemptionKey = z
  .object({
    entityRef: entityRefString,
    checkId: z
      .string()
      .min(1)
      .max(LIMITS.nameLength)
      .superRefine(storableText()),
  })
  .strict();

const exemptionsQuery = z
  .object({ entityRef: entityRefString.optional() })
  .strict();

/** The HTTP API (/api/scorecard): validation and permissions, then the service. */
export async function createRouter(options: {
  service: ScorecardService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { service, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };

  const refFromPath = (params: unknown) => {
    const { kind, namespace, name } = parseInput(entityPath, params, 'entity');
    return `${kind}:${namespace}/${name}`;
  };

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const ref = refFromPath(req.params);
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getEntityScorecard(ref, credentials));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const ref = refFromPath(req.params);
      const { since } = parseInput(historyQuery, req.query, 'query');
      const credentials = await httpAuth.credentials(req);
      res.json(await service.getHistory(ref, since, credentials));
    },
  );

  router.get('/v1/entities', async (req, res) => {
    const q = parseInput(entitiesQuery, req.query, 'query');
    await httpAuth.credentials(req);
    res.json({
      items: await service.listEntities({
        owner: q.owner,
        checkId: q.check,
        dimension: q.dimension,
        status: q.status,
        level: q.level,
        limit: q.limit,
        offset: q.offset,
      }),
    });
  });

  router.get('/v1/report', async (req, res) => {
    const { groupBy } = parseInput(reportQuery, req.query, 'query');
    await httpAuth.credentials(req);
    res.json(await service.report(groupBy));
  });

  router.get('/v1/checks', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(service.configuration());
  });

  router.post('/v1/evaluate', async (req, res) => {
    const body = parseInput(evaluateBody, req.body ?? {}, 'request body');
    const credentials = await authorize(req, scorecardEvaluatePermission);
    if (body.entityRefs) {
      res.json({
        results: await service.evaluateRefs(body.entityRefs, credentials),
      });
      return;
    }
    await service.triggerFullEvaluation();
    res.status(202).json({ status: 'scheduled' });
  });

  router.get('/v1/exemptions', async (req, res) => {
    const { entityRef } = parseInput(exemptionsQuery, req.query, 'query');
    await httpAuth.credentials(req);
    res.json({ items: await service.listExemptions(entityRef) });
  });

  router.post('/v1/exemptions', async (req, res) => {
    const body = parseInput(exemptionBody, req.body, 'exemption');
    const credentials = await authorize(
      req,
      scorecardExemptionCreatePermission,
    );
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const author =
      principal.userEntityRef ?? `service:${principal.subject ?? 'unknown'}`;
    res
      .status(201)
      .json(await service.createExemption(body, author, credentials));
  });

  router.delete('/v1/exemptions', async (req, res) => {
    const input =
      req.body && Object.keys(req.body).length > 0 ? req.body : req.query;
    const { entityRef, checkId } = parseInput(exemptionKey, input, 'exemption');
    await authorize(req, scorecardExemptionDeletePermission);
    await service.deleteExemption(entityRef, checkId);
    res.status(204).end();
  });

  return router;
}
