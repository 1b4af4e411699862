import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { scorecardApiRef } from './api/ScorecardApi';
import { ScorecardClient } from './api/ScorecardClient';
import { rootRouteRef } from './routes';

const scorecardApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ScorecardClient(deps),
    }),
});

/** The scorecard card on the overview of the scored kinds. */
const scorecardEntityCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: 'kind:component,system,api,resource',
    loader: () =>
      import('./components/ScorecardCard').then(m => <m.ScorecardCard />),
  },
});

/** The Scorecards page, in the navigation. */
const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    title: 'Scorecards',
    icon: <AssessmentIcon />,
    loader: () =>
      import('./components/ScorecardsPage').then(m => <m.ScorecardsPage />),
  },
});

/**
 * Scorecards: the entity card and the Scorecards page.
 *
 * @public
 */
export const scorecardPlugin = createFrontendPlugin({
  pluginId: 'scorecard',
  title: 'Scorecards',
  icon: <AssessmentIcon />,
  extensions: [scorecardApi, scorecardEntityCard, scorecardsPage],
  routes: { root: rootRouteRef },
});
