import fs from 'node:fs';
import path from 'node:path';

/*
 * A production backend collects the config schema of every package it
 * depends on (the root logger, to redact secrets; the app backend, for the
 * frontend's config). A package whose `configSchema` is a TypeScript file
 * (`config.d.ts`) is compiled at every start with TypeScript and
 * ts-json-schema-generator: about a second of CPU and TypeScript loaded into
 * memory. Published Backstage packages ship `config.schema.json`; our own
 * workspace packages get one from the backend bundle's build; two community
 * packages did not, and are patched in .yarn/patches to ship the schema
 * their `config.d.ts` compiles to. This walks the backend's production
 * dependencies and fails on any other.
 */

const backendDir = path.resolve(__dirname, '../..');

type PackageJson = {
  name: string;
  configSchema?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  backstage?: { role?: string };
};

/** The package.json of `name` as Node resolves it from `fromDir`. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Every production dependency of the backend, workspace packages included.
 * The app (role `frontend`) is in the image only as its built bundle: the
 * bundle build leaves its package.json without dependencies.
 */
function productionDependencies(): Map<string, PackageJson & { dir: string }> {
  const seen = new Map<string, PackageJson & { dir: string }>();
  const queue = [path.join(backendDir, 'package.json')];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
    const dir = path.dirname(file);
    seen.set(file, { ...pkg, dir });
    if (pkg.backstage?.role === 'frontend') continue;
    for (const name of Object.keys({
      ...pkg.dependencies,
      ...pkg.optionalDependencies,
    })) {
      const found = findPackage(name, dir);
      if (found && !seen.has(found)) queue.push(found);
    }
  }
  return seen;
}

describe('the config schemas a production backend loads', () => {
  const packages = [...productionDependencies().values()];

  it('walks the whole production tree', () => {
    // the backend, every plugin, and their dependencies
    expect(packages.length).toBeGreaterThan(500);
    expect(packages.map(p => p.name)).toEqual(
      expect.arrayContaining([
        '@backstage/plugin-catalog-backend',
        '@roadiehq/backstage-plugin-argo-cd-backend',
        '@backstage-community/plugin-tech-radar-backend',
      ]),
    );
  });

  it('are JSON in every installed package, not TypeScript compiled at every start', () => {
    expect(
      packages
        .filter(p => p.dir.includes(`${path.sep}node_modules${path.sep}`))
        .filter(
          p =>
            typeof p.configSchema === 'string' &&
            p.configSchema.endsWith('.d.ts'),
        )
        .map(p => p.name),
    ).toEqual([]);
  });

  it.each([
    ['@roadiehq/backstage-plugin-argo-cd-backend', 'argocd'],
    ['@backstage-community/plugin-tech-radar-backend', 'techRadar'],
  ])("%s's patched schema describes its config (%s)", (name, key) => {
    const pkg = packages.find(p => p.name === name)!;
    expect(pkg.configSchema).toBe('config.schema.json');
    const schema = JSON.parse(
      fs.readFileSync(path.join(pkg.dir, 'config.schema.json'), 'utf8'),
    );
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.properties)).toEqual([key]);
  });
});
