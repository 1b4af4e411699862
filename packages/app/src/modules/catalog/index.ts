import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { aiResourceCard, mcpServerCard } from './AiCards';
import { dependencyOfComponentsCard } from './DependentsCards';
import { overviewLayout } from './overviewLayout';

/** Additions to the catalog plugin's entity pages, and their layout. */
export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    overviewLayout,
    dependencyOfComponentsCard,
    aiResourceCard,
    mcpServerCard,
  ],
});
