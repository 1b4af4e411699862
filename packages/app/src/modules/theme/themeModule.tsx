import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import { UnifiedThemeProvider } from '@backstage/theme';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';
import { myorgDarkTheme, myorgLightTheme } from './themes';
import './bui.css';

/**
 * The name UnifiedThemeProvider puts in `data-theme-name` on the body, which
 * ./bui.css selects to give Backstage UI components the same colours.
 */
const brandThemeName = 'myorg';

/** `theme:app/myorg-light`: the MyOrg light theme. */
export const myorgLight = ThemeBlueprint.make({
  name: 'myorg-light',
  params: {
    theme: {
      id: 'myorg-light',
      title: 'MyOrg Light',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider
          theme={myorgLightTheme}
          themeName={brandThemeName}
          children={children}
        />
      ),
    },
  },
});

/** `theme:app/myorg-dark`: the MyOrg dark theme. */
export const myorgDark = ThemeBlueprint.make({
  name: 'myorg-dark',
  params: {
    theme: {
      id: 'myorg-dark',
      title: 'MyOrg Dark',
      variant: 'dark',
      icon: <DarkIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider
          theme={myorgDarkTheme}
          themeName={brandThemeName}
          children={children}
        />
      ),
    },
  },
});

/**
 * The MyOrg themes. Backstage's own light and dark themes are disabled in
 * app-config.yaml (`theme:app/light`, `theme:app/dark`), so these are the
 * only choices and the default: light, or dark when the browser prefers it.
 */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [myorgLight, myorgDark],
});
