import { targetPaths } from '@backstage/cli-common';
import { discoverAvailableFeatures } from '@backstage/frontend-defaults';
import { mockApis } from '@backstage/frontend-test-utils';
import visualizerPlugin from '@backstage/plugin-app-visualizer';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { JsonValue } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/*
 * The app's production config (app-config.yaml, then
 * app-config.production.yaml over it): development-only plugins are left
 * out, and nothing app-config.yaml sets for the app is lost.
 *
 * A list in a later config file replaces the earlier one rather than adding
 * to it (ConfigReader), so production's `app.packages.exclude` is the whole
 * list production uses.
 */

const readConfig = (file: string) =>
  parse(fs.readFileSync(path.join(targetPaths.rootDir, file), 'utf8'));

const development = readConfig('app-config.yaml');
const production = readConfig('app-config.production.yaml');

const visualizer = '@backstage/plugin-app-visualizer';

/** The frontend plugins the app finds under `app.packages`. */
const discovered = (packages: JsonValue) => {
  const window_ = window as unknown as Record<string, unknown>;
  window_['__@backstage/discovered__'] = {
    modules: [
      { name: visualizer, default: visualizerPlugin },
      { name: '@backstage/plugin-catalog', default: catalogPlugin },
    ],
  };
  try {
    return discoverAvailableFeatures(
      mockApis.config({ data: { app: { packages } } }),
    ).features;
  } finally {
    delete window_['__@backstage/discovered__'];
  }
};

describe('app config', () => {
  it('has the visualizer in development', () => {
    const pkg = readConfig('packages/app/package.json');
    expect(pkg.dependencies).toHaveProperty([visualizer]);
    expect(discovered(development.app.packages)).toContain(visualizerPlugin);
  });

  it('leaves the visualizer out of production', () => {
    expect(production.app.packages.exclude).toContain(visualizer);
    expect(discovered(production.app.packages)).toEqual([catalogPlugin]);
  });

  it("keeps app-config.yaml's exclusions in production", () => {
    expect(production.app.packages.exclude).toEqual(
      expect.arrayContaining(development.app.packages.exclude),
    );
  });

  it("keeps app-config.yaml's extension settings in production", () => {
    // setting app.extensions in production would replace all of them
    expect(development.app.extensions.length).toBeGreaterThan(0);
    expect(production.app).not.toHaveProperty('extensions');
  });
});
