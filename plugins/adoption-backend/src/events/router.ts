import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  ADOPTION_EVENTS_PATHS,
  type AdoptionEventsResponse,
  type AdoptionOptOut,
} from '@internal/backstage-plugin-adoption-common';
import { parseInput } from '@internal/backstage-request-input-node';
import express from 'express';
import Router from 'express-promise-router';
import { optOutBody, parseEventsBody } from './eventsBody';
import type { EventsService } from './EventsService';

/**
 * `POST /v1/events` (a batch of the signed-in user's analytics events) and
 * `GET`/`PUT /v1/opt-out` (the user's choice). Users only: who did it is
 * the request's user, never something the body says.
 */
export function createEventsRouter(options: {
  service: EventsService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { service, httpAuth } = options;
  const router = Router();
  const userRef = async (req: express.Request) =>
    (await httpAuth.credentials(req, { allow: ['user'] })).principal
      .userEntityRef;

  router.post(
    ADOPTION_EVENTS_PATHS.events,
    // 100 events with every field at its longest
    express.json({ limit: '512kb' }),
    async (req, res) => {
      const user = await userRef(req);
      const { events, rejected } = parseEventsBody(req.body);
      const body: AdoptionEventsResponse = await service.record(user, events);
      res.status(202).json(rejected.length ? { ...body, rejected } : body);
    },
  );

  router.get(ADOPTION_EVENTS_PATHS.optOut, async (req, res) => {
    const body: AdoptionOptOut = await service.getOptOut(await userRef(req));
    res.json(body);
  });

  router.put(ADOPTION_EVENTS_PATHS.optOut, express.json(), async (req, res) => {
    const user = await userRef(req);
    const { optedOut } = parseInput(optOutBody, req.body, 'request body');
    const body: AdoptionOptOut = await service.setOptOut(user, optedOut);
    res.json(body);
  });

  return router;
}
