import type {
  AuthService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UrlReaderService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type express from 'express';
import type { Knex } from 'knex';

/** What every feature of the plugin is built from (src/plugin.ts). */
export type AdoptionDeps = {
  config: RootConfigService;
  logger: LoggerService;
  /** the plugin's database, migrated */
  knex: Knex;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auth: AuthService;
  userInfo: UserInfoService;
  discovery: DiscoveryService;
  urlReader: UrlReaderService;
  catalog: CatalogService;
};

/** A feature: its routes under /api/adoption. */
export type AdoptionFeature = { router: express.Router };
