import { Content, Header, Link, Page } from '@backstage/core-components';
import { CustomHomepageGrid, WelcomeTitle } from '@backstage/plugin-home';
import type {
  HomePageDefaultConfigItem,
  HomePageLayoutProps,
} from '@backstage/plugin-home-react/alpha';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, useMemo } from 'react';
import { catalogPath } from './paths';

/**
 * Where the widgets sit until a developer arranges their own (Edit on the
 * page; kept per user). The grid has 12 columns of rows 60 px high (70
 * with the gap): the whole of it fits a laptop screen under the header. A
 * `defaultConfig` on `page:home` in app-config.yaml replaces it.
 */
export const DEFAULT_LAYOUT: HomePageDefaultConfigItem[] = [
  // @backstage/plugin-search; two rows: with its margins the box is taller
  // than one
  { component: 'HomePageSearchBar', column: 0, row: 0, width: 12, height: 2 },
  // the scorecard plugin
  { component: 'MyTeamsServices', column: 0, row: 2, width: 7, height: 8 },
  // this module
  { component: 'LastTemplateRuns', column: 7, row: 2, width: 5, height: 5 },
  // @backstage/plugin-home
  {
    component: 'HomePageStarredEntities',
    column: 7,
    row: 7,
    width: 5,
    height: 3,
  },
];

/**
 * Twelve columns from the laptop width up (the grid's default drops to ten
 * below 1280 px of content, which would push the right-hand column under the
 * left one on a 1440 px screen with the sidebar open).
 */
const COLUMNS = { xl: 12, lg: 12, md: 12, sm: 6, xs: 4, xxs: 2 };

const useStyles = makeStyles(theme => ({
  // a link, drawn as an outlined button in the header's text colour
  catalogLink: {
    display: 'inline-block',
    color: 'inherit',
    border: '1px solid currentColor',
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 2),
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
  },
}));

/**
 * The home page: a greeting with the way to the catalog, over
 * @backstage/plugin-home's customizable grid of the installed widgets (its
 * default layout, which has no page header).
 */
export function HomePageLayout(props: HomePageLayoutProps) {
  const { widgets, defaultConfig = DEFAULT_LAYOUT } = props;
  const classes = useStyles();
  const config = useMemo(
    () =>
      defaultConfig.map(item => ({
        component: item.component,
        x: item.column,
        y: item.row,
        width: item.width,
        height: item.height,
        movable: item.movable,
        deletable: item.deletable,
        resizable: item.resizable,
      })),
    [defaultConfig],
  );
  return (
    <Page themeId="home">
      <Header
        title={<WelcomeTitle language={['English']} />}
        pageTitleOverride="Home"
        subtitle="Your teams' services and what to fix on them, your template runs, what you starred"
      >
        <Link to={catalogPath} className={classes.catalogLink}>
          Open the Catalog
        </Link>
      </Header>
      <Content>
        <CustomHomepageGrid config={config} cols={COLUMNS}>
          {widgets.map((widget, index) => (
            <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
          ))}
        </CustomHomepageGrid>
      </Content>
    </Page>
  );
}
