import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { scorecardApiRef } from './api/ScorecardApi';
import { ScorecardClient } from './api/ScorecardClient';
import { entityScorecardPath, rootRouteRef } from './routes';

const scorecardApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ScorecardClient(deps),
    }),
});

/** The scored kinds: what has a scorecard card and tab. */
const SCORED_KINDS = 'kind:component,system,api,resource';

/**
 * The overview's scorecard, in the first screen: level, score and the checks
 * to fix first.
 */
const scorecardEntityCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    type: 'info',
    filter: SCORED_KINDS,
    loader: () =>
      import('./components/ScorecardSummaryCard').then(m => (
        <m.ScorecardSummaryCard />
      )),
  },
});

/**
 * A System's, Domain's or Group's overview: the scorecard of its children
 * (the roll-up), with its trend.
 */
const scorecardRollupEntityCard = EntityCardBlueprint.make({
  name: 'rollup',
  params: {
    type: 'info',
    filter: 'kind:system,domain,group',
    loader: () =>
      import('./components/ScorecardRollupCard').then(m => (
        <m.ScorecardRollupCard />
      )),
  },
});

/** The Scorecard tab: every check with its evidence, and the trend. */
const scorecardEntityContent = EntityContentBlueprint.make({
  name: 'scorecard',
  params: {
    path: entityScorecardPath,
    title: 'Scorecard',
    filter: SCORED_KINDS,
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
 * The home page's "My teams' services": what the signed-in user's teams own,
 * each with its level and the checks to fix first.
 */
const myTeamsServicesWidget = HomePageWidgetBlueprint.make({
  name: 'my-teams-services',
  params: {
    name: 'MyTeamsServices',
    title: "My teams' services",
    description:
      'What your teams own, each with its scorecard level and the checks to fix first',
    components: () =>
      import('./components/MyTeamsServices').then(m => ({
        Content: m.MyTeamsServices,
        Actions: m.MyTeamsServicesActions,
      })),
    layout: {
      width: { minColumns: 4, defaultColumns: 7 },
      height: { minRows: 4, defaultRows: 8 },
    },
  },
});

/**
 * Scorecards: the entity card, the Scorecards page and the home page widget.
 *
 * @public
 */
export const scorecardPlugin = createFrontendPlugin({
  pluginId: 'scorecard',
  title: 'Scorecards',
  icon: <AssessmentIcon />,
  extensions: [
    scorecardApi,
    scorecardEntityCard,
    scorecardRollupEntityCard,
    scorecardEntityContent,
    scorecardsPage,
    myTeamsServicesWidget,
  ],
  routes: { root: rootRouteRef },
});
