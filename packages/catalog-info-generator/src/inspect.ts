import fs from 'node:fs';
import path from 'node:path';

/** What a repository's files say about it. */
export type RepoFacts = {
  dirName: string;
  /** owner/name from the origin remote, when it is on the GitHub host */
  githubSlug?: string;
  owner?: string;
  ownerSource?: string;
  description?: string;
  languages: string[];
  buildTools: string[];
  hasDockerfile: boolean;
  hasMkdocs: boolean;
  hasHelmChart: boolean;
  hasKubernetesManifests: boolean;
  isWebsite: boolean;
  hasEntrypoint: boolean;
};

const exists = (dir: string, ...p: string[]) =>
  fs.existsSync(path.join(dir, ...p));
const read = (dir: string, ...p: string[]) => {
  try {
    return fs.readFileSync(path.join(dir, ...p), 'utf8');
  } catch {
    return undefined;
  }
};

/** Files below `dir`, depth-limited, skipping dependencies and VCS folders. */
function listFiles(dir: string, depth = 4, prefix = ''): string[] {
  if (depth < 0) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap(e => {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) {
      if (
        [
          '.git',
          'node_modules',
          'vendor',
          'dist',
          'build',
          'target',
          '.venv',
        ].includes(e.name)
      ) {
        return [];
      }
      return listFiles(dir, depth - 1, rel);
    }
    return [rel];
  });
}

/** owner/name of the origin remote in .git/config, if it is on `githubHost`. */
export function readGithubSlug(
  dir: string,
  githubHost: string,
): string | undefined {
  const config = read(dir, '.git', 'config');
  if (!config) return undefined;
  const origin = config.match(/\[remote "origin"\][^[]*?url\s*=\s*(\S+)/);
  const url = origin?.[1];
  if (!url) return undefined;
  const host = githubHost.replace(/\./g, '\\.');
  const m =
    url.match(
      new RegExp(
        `^(?:https?://)?(?:[^@/]+@)?${host}[/:]([^/]+)/([^/]+?)(?:\\.git)?/?$`,
      ),
    ) ??
    url.match(
      new RegExp(`^ssh://git@${host}(?::\\d+)?/([^/]+)/([^/]+?)(?:\\.git)?/?$`),
    );
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** Where GitHub looks for a repository's CODEOWNERS, in its order. */
export const CODEOWNERS_PATHS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
] as const;

/**
 * The owners of the whole repository in a CODEOWNERS file: those of the
 * last `*` (or `/`, `/*`) rule, as GitHub applies the last matching rule;
 * undefined when there is no such rule.
 */
export function wholeRepositoryOwners(text: string): string[] | undefined {
  let owners: string[] | undefined;
  for (const line of text.split('\n')) {
    const [pattern, ...rest] = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (pattern === '*' || pattern === '/' || pattern === '/*') owners = rest;
  }
  return owners;
}

/**
 * The catalog owner a CODEOWNERS owner stands for: `@org/team` is
 * `group:team`, `@login` is `user:login`; undefined for an e-mail address.
 */
export function codeOwnerEntityRef(owner: string): string | undefined {
  if (!owner.startsWith('@')) return undefined;
  const [org, team] = owner.slice(1).split('/');
  return team ? `group:${team.toLowerCase()}` : `user:${org.toLowerCase()}`;
}

/**
 * The owner of the whole repository according to CODEOWNERS: the first
 * `@` owner of the whole-repository rule (wholeRepositoryOwners) of the
 * first of CODEOWNERS_PATHS that names one.
 */
export function readCodeOwner(
  dir: string,
): { owner: string; source: string } | undefined {
  for (const candidate of CODEOWNERS_PATHS) {
    const text = read(dir, candidate);
    if (!text) continue;
    const first = wholeRepositoryOwners(text)?.find(o => o.startsWith('@'));
    if (!first) continue;
    return {
      owner: codeOwnerEntityRef(first)!,
      source: `${candidate} (${first})`,
    };
  }
  return undefined;
}

function readDescription(dir: string): string | undefined {
  try {
    const pkg = JSON.parse(read(dir, 'package.json') ?? '{}');
    if (typeof pkg.description === 'string' && pkg.description.trim()) {
      return pkg.description.trim();
    }
  } catch {
    /* not JSON */
  }
  const readme = read(dir, 'README.md');
  if (!readme) return undefined;
  const paragraph = readme
    .split(/\n\s*\n/)
    .map(p => p.trim())
    .find(
      p => p && !p.startsWith('#') && !p.startsWith('[!') && !p.startsWith('<'),
    );
  if (!paragraph) return undefined;
  const oneLine = paragraph.replace(/\s+/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

export function inspectRepo(dir: string, githubHost = 'github.com'): RepoFacts {
  const files = listFiles(dir);
  const has = (re: RegExp) => files.some(f => re.test(f));
  const languages = new Set<string>();
  const buildTools = new Set<string>();
  let pkg: { dependencies?: object; devDependencies?: object } = {};
  try {
    pkg = JSON.parse(read(dir, 'package.json') ?? '{}');
  } catch {
    /* not JSON */
  }
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });

  if (exists(dir, 'go.mod')) {
    languages.add('go');
    buildTools.add('go-modules');
  }
  if (exists(dir, 'package.json')) {
    languages.add(
      exists(dir, 'tsconfig.json') || deps.includes('typescript')
        ? 'typescript'
        : 'javascript',
    );
    const lockfiles: [string, string][] = [
      ['yarn.lock', 'yarn'],
      ['pnpm-lock.yaml', 'pnpm'],
    ];
    buildTools.add(lockfiles.find(([f]) => exists(dir, f))?.[1] ?? 'npm');
  }
  if (exists(dir, 'pom.xml')) {
    languages.add('java');
    buildTools.add('maven');
  }
  if (exists(dir, 'build.gradle') || exists(dir, 'build.gradle.kts')) {
    languages.add(exists(dir, 'build.gradle.kts') ? 'kotlin' : 'java');
    buildTools.add('gradle');
  }
  if (exists(dir, 'Cargo.toml')) {
    languages.add('rust');
    buildTools.add('cargo');
  }
  if (
    exists(dir, 'pyproject.toml') ||
    exists(dir, 'requirements.txt') ||
    exists(dir, 'setup.py')
  ) {
    languages.add('python');
    if (exists(dir, 'pyproject.toml')) buildTools.add('pyproject');
  }
  if (exists(dir, 'Gemfile')) languages.add('ruby');
  if (has(/\.proto$/)) languages.add('grpc');

  const manifests = files.filter(
    f => /\.ya?ml$/.test(f) && !/(^|\/)(\.github|docs)\//.test(f),
  );
  const hasKubernetesManifests = manifests.some(f => {
    const text = read(dir, f) ?? '';
    return (
      /^apiVersion:\s*\S+/m.test(text) &&
      /^kind:\s*(Deployment|StatefulSet|DaemonSet|CronJob|Service|Rollout)\s*$/m.test(
        text,
      )
    );
  });
  const webFrameworks = [
    'react',
    'vue',
    'next',
    '@angular/core',
    'svelte',
    'vite',
  ];

  const slug = readGithubSlug(dir, githubHost);
  const codeOwner = readCodeOwner(dir);
  return {
    dirName: path.basename(dir),
    githubSlug: slug,
    owner: codeOwner?.owner,
    ownerSource: codeOwner?.source,
    description: readDescription(dir),
    languages: [...languages],
    buildTools: [...buildTools],
    hasDockerfile: exists(dir, 'Dockerfile') || has(/(^|\/)Dockerfile$/),
    hasMkdocs: exists(dir, 'mkdocs.yml') || exists(dir, 'mkdocs.yaml'),
    hasHelmChart: has(/(^|\/)Chart\.yaml$/),
    hasKubernetesManifests,
    isWebsite: deps.some(d => webFrameworks.includes(d)),
    hasEntrypoint:
      has(/^cmd\/[^/]+\/main\.go$/) ||
      exists(dir, 'main.go') ||
      has(/^src\/(main|index|server)\.(ts|js)$/),
  };
}
