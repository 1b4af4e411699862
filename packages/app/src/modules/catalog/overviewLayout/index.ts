import { EntityContentLayoutBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** The overview of every kind: first-screen cards, then the details. */
export const overviewLayout = EntityContentLayoutBlueprint.make({
  name: 'overview-grid',
  params: {
    loader: async () => import('./OverviewLayout').then(m => m.OverviewLayout),
  },
});
