import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

/*
 * The home page (`page:home`, at `/` by app-config.yaml): the widgets of the
 * plugins that offer them (search bar, starred entities, the scorecard's
 * "My teams' services") and this module's own, in this module's layout.
 */

/** The signed-in user's last template runs. */
const lastTemplateRunsWidget = HomePageWidgetBlueprint.make({
  name: 'last-template-runs',
  params: {
    name: 'LastTemplateRuns',
    title: 'Last template runs',
    description:
      'Your last runs of software templates, with their status and logs',
    components: () =>
      import('./LastTemplateRuns').then(m => ({
        Content: m.LastTemplateRuns,
        Actions: m.LastTemplateRunsActions,
      })),
    layout: {
      width: { minColumns: 3, defaultColumns: 5 },
      height: { minRows: 3, defaultRows: 5 },
    },
  },
});

/** The greeting and the way to the catalog over the widgets' grid. */
const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomePageLayout').then(m => m.HomePageLayout),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [lastTemplateRunsWidget, homePageLayout],
});
