import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { catalogModule } from './modules/catalog';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [catalogPlugin, catalogModule, navModule, homeModule, signInModule],
});
