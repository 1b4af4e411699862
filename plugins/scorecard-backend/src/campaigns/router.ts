import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scorecardCampaignManagePermission } from '@internal/backstage-plugin-scorecard-common';
import { parseInput } from '@internal/backstage-request-input-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityPath } from '../service/inputSchemas';
import {
  campaignDefinitionSchema,
  campaignId,
  campaignUpdateSchema,
} from './campaignSchema';
import type { CampaignService } from './CampaignService';

const campaignPath = z.object({ id: campaignId }).strict();

/**
 * The campaigns' HTTP API (under /api/scorecard): anyone signed in reads;
 * creating, changing and deleting takes `scorecard.campaign.manage`.
 */
export async function createCampaignsRouter(options: {
  campaigns: CampaignService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { campaigns, httpAuth, permissions } = options;
  const createSchema = campaignDefinitionSchema(campaigns.checkIds());
  const updateSchema = campaignUpdateSchema(campaigns.checkIds());
  const router = Router();
  router.use('/v1/campaigns', express.json({ limit: '64kb' }));

  /** the requester, when allowed to manage campaigns */
  const authorizeManage = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: scorecardCampaignManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${scorecardCampaignManagePermission.name}`,
      );
    }
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return (
      principal.userEntityRef ?? `service:${principal.subject ?? 'unknown'}`
    );
  };

  router.get('/v1/campaigns', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: await campaigns.list() });
  });

  router.get('/v1/campaigns/:id', async (req, res) => {
    const { id } = parseInput(campaignPath, req.params, 'campaign');
    await httpAuth.credentials(req);
    res.json(await campaigns.get(id));
  });

  router.post('/v1/campaigns', async (req, res) => {
    const definition = parseInput(createSchema, req.body, 'campaign');
    const createdBy = await authorizeManage(req);
    res.status(201).json(await campaigns.create(definition, createdBy));
  });

  router.put('/v1/campaigns/:id', async (req, res) => {
    const { id } = parseInput(campaignPath, req.params, 'campaign');
    const definition = parseInput(updateSchema, req.body, 'campaign');
    await authorizeManage(req);
    res.json(await campaigns.update(id, definition));
  });

  router.delete('/v1/campaigns/:id', async (req, res) => {
    const { id } = parseInput(campaignPath, req.params, 'campaign');
    await authorizeManage(req);
    await campaigns.delete(id);
    res.status(204).end();
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/campaigns',
    async (req, res) => {
      const { kind, namespace, name } = parseInput(
        entityPath,
        req.params,
        'entity',
      );
      await httpAuth.credentials(req);
      res.json({
        items: await campaigns.entityCampaigns(`${kind}:${namespace}/${name}`),
      });
    },
  );

  return router;
}
