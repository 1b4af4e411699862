import {
  createUnifiedTheme,
  genPageTheme,
  palettes,
  shapes,
} from '@backstage/theme';
import { brandColors as c } from './brand';

/*
 * The MyOrg light and dark themes (Material UI, used by most of Backstage;
 * Backstage UI components take the same colours from ./bui.css).
 *
 * WCAG 2.1 contrast ratios (AA: 4.5:1 for text, 3:1 for large text):
 *
 *   light                                  dark
 *   white on primary #1D4ED8        6.70   navy on primary #93B4FF      7.79
 *   white on secondary #0F766E      5.47   navy on secondary #5EEAD4   10.82
 *   link #1D4ED8 on #F7F8FB         6.31   link #93B4FF on #0E1525      8.86
 *   link #1D4ED8 on paper #FFFFFF   6.70   link #93B4FF on #172036      7.88
 *   link hover #1E40AF on #F7F8FB   8.21   hover #BFD1FF on #0E1525    11.95
 *   subtle text #5B6478 on #F7F8FB  5.59   subtle #AEB7CC on #0E1525    9.06
 *
 *   sidebar (both): selected white on navy #0B1F4B 16.01, items #A9B8DA
 *   on navy 8.05 and on the hover colour #17306A 6.33.
 *
 * Status colours (light), used as text on white (PagerDuty's incident
 * chips) and as a background under white text (SonarQube's quality gate):
 *   ok / success #1E7B34  5.33    warning #A35200  5.58
 *   error #C8102E         5.88    (Backstage's own: 2.59, 2.16, 4.67)
 */
const lightStatus = { ok: '#1E7B34', warning: '#A35200', error: '#C8102E' };

/**
 * Page headers: white text on a gradient of brand colours, each with at
 * least 4.5:1 against white (lightest: #0E7490 5.36, #0F766E 5.47,
 * #1D4ED8 6.70). Same headers in both themes.
 */
export const myorgPageThemes = {
  home: genPageTheme({ colors: [c.navy, c.blue], shape: shapes.wave }),
  documentation: genPageTheme({
    colors: ['#134E4A', c.teal],
    shape: shapes.wave2,
  }),
  tool: genPageTheme({ colors: ['#3730A3', c.blue], shape: shapes.round }),
  service: genPageTheme({ colors: ['#1E3A8A', '#0E7490'], shape: shapes.wave }),
  website: genPageTheme({ colors: [c.blue, '#3730A3'], shape: shapes.wave }),
  library: genPageTheme({ colors: ['#155E75', c.teal], shape: shapes.wave }),
  other: genPageTheme({ colors: ['#1E293B', '#334155'], shape: shapes.wave }),
  app: genPageTheme({ colors: [c.navy, c.teal], shape: shapes.wave }),
  apis: genPageTheme({ colors: [c.teal, '#1E3A8A'], shape: shapes.wave2 }),
  card: genPageTheme({ colors: [c.teal, '#134E4A'], shape: shapes.wave }),
};

/** The sidebar: navy in both themes, so the logo always sits on navy. */
const navigation = {
  background: c.navy,
  indicator: c.tealSoft,
  color: c.slate,
  selectedColor: c.white,
  navItem: { hoverBackground: c.navyRaised },
  submenu: { background: c.navyRaised },
};

export const myorgLightTheme = createUnifiedTheme({
  palette: {
    ...palettes.light,
    primary: { main: c.blue, contrastText: c.white },
    secondary: { main: c.teal, contrastText: c.white },
    status: { ...palettes.light.status, ...lightStatus },
    success: { main: lightStatus.ok, contrastText: c.white },
    warning: { main: lightStatus.warning, contrastText: c.white },
    error: { main: lightStatus.error, contrastText: c.white },
    background: { default: '#F7F8FB', paper: c.white },
    link: c.blue,
    linkHover: c.blueDeep,
    textSubtle: '#5B6478',
    navigation,
    pinSidebarButton: { icon: c.navy, background: c.slate },
    tabbar: { indicator: c.blue },
  },
  pageTheme: myorgPageThemes,
  defaultPageTheme: 'home',
});

export const myorgDarkTheme = createUnifiedTheme({
  palette: {
    ...palettes.dark,
    primary: { main: c.blueSoft, contrastText: c.navy },
    secondary: { main: c.tealSoft, contrastText: c.navy },
    background: { default: '#0E1525', paper: '#172036' },
    link: c.blueSoft,
    linkHover: c.blueMist,
    textSubtle: '#AEB7CC',
    navigation,
    pinSidebarButton: { icon: c.navy, background: c.slate },
    tabbar: { indicator: c.tealSoft },
  },
  pageTheme: myorgPageThemes,
  defaultPageTheme: 'home',
});
