import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseInput } from '@internal/backstage-request-input-node';
import express from 'express';
import Router from 'express-promise-router';
import { pushResultsBody } from './pushResultsBody';
import type { PushedResultsService } from './PushedResultsService';

/**
 * `POST /v1/results`: results a CI job pushes for an entity, with a
 * service token (`backend.auth.externalAccess`). Users may not push: a
 * result stands for a measurement of the pipeline, not for someone's word
 * (an exemption is how a person changes a check's effect).
 *
 * Mounted before the plugin's other routes: its body may be larger than
 * theirs (100 results with their messages), so it is parsed here.
 */
export function createPushedResultsRouter(options: {
  service: PushedResultsService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { service, httpAuth } = options;
  const body = pushResultsBody({
    checks: service.checks(),
    now: () => service.now(),
  });
  const router = Router();

  router.post(
    '/v1/results',
    express.json({ limit: '1mb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const input = parseInput(body, req.body, 'request body');
      res.json(await service.push(input, credentials.principal.subject));
    },
  );

  return router;
}
