import { targetPaths } from '@backstage/cli-common';
import { appThemeApiRef, useApi } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { getContrastRatio } from '@material-ui/core/styles';
import { screen } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { themeModule } from '.';
import { myorgDarkTheme, myorgLightTheme, myorgPageThemes } from './themes';

/*
 * The MyOrg themes as the portal installs them: with app-config.yaml's
 * theme settings they are the only themes and the one applied by default,
 * and their colours keep WCAG AA contrast.
 */

jest.setTimeout(60_000);

/** The `theme:` entries of app-config.yaml's `app.extensions`. */
const themeSettings = (): object[] => {
  const config = parse(
    fs.readFileSync(path.join(targetPaths.rootDir, 'app-config.yaml'), 'utf8'),
  );
  return config.app.extensions.filter((entry: object) =>
    Object.keys(entry).some(id => id.startsWith('theme:')),
  );
};

const InstalledThemes = () => {
  const themes = useApi(appThemeApiRef).getInstalledThemes();
  return (
    <ul>
      {themes.map(t => (
        <li key={t.id}>{`${t.id} ${t.variant} ${t.title}`}</li>
      ))}
    </ul>
  );
};

const renderApp = () =>
  renderInTestApp(<InstalledThemes />, {
    features: [themeModule],
    config: { app: { extensions: themeSettings() } },
  });

describe('MyOrg themes', () => {
  afterEach(() => {
    // jsdom has no matchMedia; one test gives it one
    delete (window as { matchMedia?: unknown }).matchMedia;
  });

  it('are the only themes installed', async () => {
    await renderApp();

    expect(
      (await screen.findAllByRole('listitem')).map(li => li.textContent),
    ).toEqual(['myorg-light light MyOrg Light', 'myorg-dark dark MyOrg Dark']);
  });

  it('apply the light one by default', async () => {
    await renderApp();

    await screen.findAllByRole('listitem');
    // UnifiedThemeProvider's attributes, which bui.css selects
    expect(document.body).toHaveAttribute('data-theme-name', 'myorg');
    expect(document.body).toHaveAttribute('data-theme-mode', 'light');
  });

  it('apply the dark one when the browser prefers dark', async () => {
    window.matchMedia = (query: string) =>
      ({
        matches: query === '(prefers-color-scheme: dark)',
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
      } as unknown as MediaQueryList);
    await renderApp();

    await screen.findAllByRole('listitem');
    expect(document.body).toHaveAttribute('data-theme-name', 'myorg');
    expect(document.body).toHaveAttribute('data-theme-mode', 'dark');
  });
});

describe('MyOrg theme colours', () => {
  const AA = 4.5;

  it.each([
    ['light', myorgLightTheme],
    ['dark', myorgDarkTheme],
  ])('keep AA contrast in the %s theme', (_, theme) => {
    const { palette } = theme.getTheme('v5')!;
    const pairs: Array<[string, string, string]> = [
      ['text on primary', palette.primary.contrastText, palette.primary.main],
      [
        'text on secondary',
        palette.secondary.contrastText,
        palette.secondary.main,
      ],
      ['link on background', palette.link, palette.background.default],
      ['link on paper', palette.link, palette.background.paper],
      [
        'link hover on background',
        palette.linkHover,
        palette.background.default,
      ],
      [
        'subtle text on background',
        palette.textSubtle,
        palette.background.default,
      ],
      ['sidebar item', palette.navigation.color, palette.navigation.background],
      [
        'sidebar item hovered',
        palette.navigation.color,
        palette.navigation.navItem!.hoverBackground,
      ],
      [
        'sidebar selection',
        palette.navigation.selectedColor,
        palette.navigation.background,
      ],
    ];
    const below = pairs.filter(([, fg, bg]) => getContrastRatio(fg, bg) < AA);
    expect(below).toEqual([]);
  });

  it('keep AA contrast for the page headers', () => {
    const below = Object.entries(myorgPageThemes).flatMap(([id, page]) =>
      page.colors
        .filter(color => getContrastRatio(page.fontColor, color) < AA)
        .map(color => `${id} ${color}`),
    );
    expect(below).toEqual([]);
  });
});
