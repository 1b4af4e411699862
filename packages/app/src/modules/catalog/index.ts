import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { aiResourceCard, mcpServerCard } from './AiCards';
import { dependencyOfComponentsCard } from './DependentsCards';

/** Additions to the catalog plugin's entity pages. */
export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [dependencyOfComponentsCard, aiResourceCard, mcpServerCard],
});
