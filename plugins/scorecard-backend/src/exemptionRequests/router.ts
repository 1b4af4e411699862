import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  SCORECARD_EXEMPTION_REQUEST_STATUSES as STATUSES,
  SCORECARD_INPUT_LIMITS as LIMITS,
} from '@internal/backstage-plugin-scorecard-common';
import { parseInput } from '@internal/backstage-request-input-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityRefString } from '../service/inputSchemas';
import { exemptionBody } from '../service/router';
import type { ExemptionRequestService } from './ExemptionRequestService';

/** a decision's reason: the rule of an exemption's reason */
const decisionReason = exemptionBody.shape.reason;

const optionalReasonBody = z
  .object({ reason: decisionReason.optional() })
  .strict();

const denyBody = z
  .object({
    reason: z
      .string({ error: 'required: say why the request is denied' })
      .pipe(decisionReason),
  })
  .strict();

const requestPath = z.object({
  id: z.uuid({ error: 'must be a UUID' }),
});

const listQuery = z
  .object({
    entityRef: entityRefString.optional(),
    status: z
      .enum(STATUSES, {
        error: `must be one of ${STATUSES.join(', ')}`,
      })
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(LIMITS.pageLimit.min)
      .max(LIMITS.pageLimit.max)
      .default(LIMITS.pageLimit.default),
  })
  .strict();

/**
 * /api/scorecard/v1/exemption-requests: ask (an owner), list, approve and
 * deny (`scorecard.exemption.decide`), withdraw (the requester).
 */
export function createExemptionRequestsRouter(options: {
  service: ExemptionRequestService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { service, httpAuth } = options;
  const router = Router();
  router.use('/v1/exemption-requests', express.json({ limit: '64kb' }));

  router.post('/v1/exemption-requests', async (req, res) => {
    const body = parseInput(exemptionBody, req.body, 'exemption request');
    const credentials = await httpAuth.credentials(req);
    res.status(201).json(await service.create(body, credentials));
  });

  router.get('/v1/exemption-requests', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    await httpAuth.credentials(req);
    res.json({ items: await service.list(query) });
  });

  router.post('/v1/exemption-requests/:id/approve', async (req, res) => {
    const { id } = parseInput(requestPath, req.params, 'path');
    const { reason } = parseInput(
      optionalReasonBody,
      req.body ?? {},
      'decision',
    );
    const credentials = await httpAuth.credentials(req);
    res.json(await service.approve(id, reason, credentials));
  });

  router.post('/v1/exemption-requests/:id/deny', async (req, res) => {
    const { id } = parseInput(requestPath, req.params, 'path');
    const { reason } = parseInput(denyBody, req.body ?? {}, 'decision');
    const credentials = await httpAuth.credentials(req);
    res.json(await service.deny(id, reason, credentials));
  });

  router.post('/v1/exemption-requests/:id/withdraw', async (req, res) => {
    const { id } = parseInput(requestPath, req.params, 'path');
    const { reason } = parseInput(
      optionalReasonBody,
      req.body ?? {},
      'withdrawal',
    );
    const credentials = await httpAuth.credentials(req);
    res.json(await service.withdraw(id, reason, credentials));
  });

  return router;
}
