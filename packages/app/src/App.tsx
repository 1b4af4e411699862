import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { themeModule } from './modules/theme';
import { homeModule } from './modules/home';
import { catalogModule } from './modules/catalog';
import { signInModule } from './modules/signIn';
import {
  argoCdPlugin,
  pagerDutyPlugin,
  sonarQubeModule,
  techRadarPlugin,
  vaultModule,
} from './modules/integrations';

export default createApp({
  features: [
    catalogPlugin,
    catalogModule,
    navModule,
    themeModule,
    homeModule,
    signInModule,
    argoCdPlugin,
    pagerDutyPlugin,
    sonarQubeModule,
    techRadarPlugin,
    vaultModule,
  ],
});
