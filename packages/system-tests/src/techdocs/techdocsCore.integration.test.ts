import { createMockDirectory } from '@backstage/backend-test-utils';
import { targetPaths } from '@backstage/cli-common';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/*
 * TechDocs sites built the way CI and the backend build them: the
 * repository's techdocs-cli, `generate --no-docker`, running the system's
 * mkdocs with the local techdocs-core stand-in
 * (techdocs/mkdocs-techdocs-core) on PYTHONPATH, as `make` sets it.
 */

jest.setTimeout(180_000);

const rootDir = targetPaths.rootDir;
const techdocsCli = path.join(rootDir, 'node_modules/.bin/techdocs-cli');
const shimDir = path.join(rootDir, 'techdocs/mkdocs-techdocs-core');

// The source document's mkdocs.yml (section 7, "Repository Setup").
const ORDER_SERVICE_MKDOCS_YML = `# mkdocs.yml (in service root)
site_name: Order Service
site_description: Documentation for the Order Service
repo_url: https://github.com/myorg/order-service

plugins:
  - techdocs-core # required Backstage plugin

nav:
  - Home: index.md
  - Architecture:
      - Overview: architecture/overview.md
      - Data Model: architecture/data-model.md
      - API Design: architecture/api-design.md
  - Operations:
      - Deployment: ops/deployment.md
      - Runbook: ops/runbook.md
      - Alerting: ops/alerting.md
  - Development:
      - Getting Started: dev/getting-started.md
      - Testing: dev/testing.md
      - Configuration: dev/configuration.md
`;

// Every nav page: [source file, nav title, location in the search index].
const NAV_PAGES: [string, string, string][] = [
  ['index.md', 'Home', ''],
  ['architecture/overview.md', 'Overview', 'architecture/overview/'],
  ['architecture/data-model.md', 'Data Model', 'architecture/data-model/'],
  ['architecture/api-design.md', 'API Design', 'architecture/api-design/'],
  ['ops/deployment.md', 'Deployment', 'ops/deployment/'],
  ['ops/runbook.md', 'Runbook', 'ops/runbook/'],
  ['ops/alerting.md', 'Alerting', 'ops/alerting/'],
  ['dev/getting-started.md', 'Getting Started', 'dev/getting-started/'],
  ['dev/testing.md', 'Testing', 'dev/testing/'],
  ['dev/configuration.md', 'Configuration', 'dev/configuration/'],
];

const INDEX_MD = `# Order Service

!!! warning "Critical path"
    Orders are taken here first.

??? note "Order lifecycle"
    Cart, payment, fulfilment.

- [x] Catalog entry registered
- [ ] Runbook reviewed

\`\`\`go
func main() { serve() }
\`\`\`

| Dependency | Kind |
| ---------- | ---- |
| payment-service | component |
`;

function orderServiceDocs(): Record<string, string> {
  const docs: Record<string, string> = { 'index.md': INDEX_MD };
  for (const [file, title] of NAV_PAGES.slice(1)) {
    docs[
      file
    ] = `# ${title}\n\nThe ${title.toLowerCase()} of the Order Service.\n`;
  }
  return docs;
}

type CliResult = { code: number | null; stdout: string; stderr: string };

function generate(
  sourceDir: string,
  outputDir: string,
  extraArgs: string[] = [],
): Promise<CliResult> {
  const pythonPath = [shimDir, process.env.PYTHONPATH]
    .filter(Boolean)
    .join(path.delimiter);
  const args = [
    'generate',
    '--no-docker',
    '--source-dir',
    sourceDir,
    '--output-dir',
    outputDir,
    '--verbose',
    ...extraArgs,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(techdocsCli, args, {
      cwd: sourceDir,
      env: { ...process.env, PYTHONPATH: pythonPath, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

function readJson(file: string) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('techdocs-cli generate with the local techdocs-core', () => {
  const mockDir = createMockDirectory();

  afterAll(() => mockDir.remove());

  it('builds the Order Service site with the material theme, rendered extensions and a full search index', async () => {
    mockDir.setContent({
      'order-service': {
        'mkdocs.yml': ORDER_SERVICE_MKDOCS_YML,
        docs: orderServiceDocs(),
      },
    });
    const sourceDir = mockDir.resolve('order-service');
    const outputDir = mockDir.resolve('order-service-site');

    const result = await generate(sourceDir, outputDir);
    expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(result.stdout).toContain(
      `Successfully generated docs from ${sourceDir} into ${outputDir} using local mkdocs`,
    );

    const metadata = readJson(path.join(outputDir, 'techdocs_metadata.json'));
    expect(metadata.site_name).toBe('Order Service');
    expect(metadata.site_description).toBe(
      'Documentation for the Order Service',
    );
    expect(metadata.files).toEqual(
      expect.arrayContaining([
        'index.html',
        'architecture/overview/index.html',
        'dev/configuration/index.html',
        'search/search_index.json',
      ]),
    );

    const html = fs.readFileSync(path.join(outputDir, 'index.html'), 'utf8');
    expect(html).toMatch(
      /<meta name="generator" content="mkdocs-[\d.]+, mkdocs-material-[\d.]+">/,
    );
    expect(html).toMatch(/assets\/stylesheets\/main\.[0-9a-f]+\.min\.css/);
    expect(html).toContain('<article class="md-content__inner md-typeset">');
    // admonition
    expect(html).toContain('<div class="admonition warning">');
    expect(html).toContain('<p class="admonition-title">Critical path</p>');
    expect(html).not.toContain('!!!');
    // pymdownx.details
    expect(html).toContain(
      '<details class="note">\n<summary>Order lifecycle</summary>',
    );
    expect(html).not.toContain('???');
    // pymdownx.tasklist with custom_checkbox
    expect(html).toContain('<ul class="task-list">');
    expect(html).toContain(
      '<input type="checkbox" disabled checked/><span class="task-list-indicator"></span></label> Catalog entry registered',
    );
    expect(html).toContain(
      '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> Runbook reviewed',
    );
    // pymdownx.superfences + pymdownx.highlight
    expect(html).toContain(
      '<div class="highlight"><pre><span></span><code><span class="kd">func</span>',
    );
    expect(html).not.toContain('```');
    // tables, and toc permalinks
    expect(html).toContain('<th>Dependency</th>');
    expect(html).toContain('<td>payment-service</td>');
    expect(html).toContain(
      '<a class="headerlink" href="#order-service" title="Permanent link">',
    );

    const searchIndex = readJson(
      path.join(outputDir, 'search/search_index.json'),
    );
    const pages = searchIndex.docs
      .filter((doc: { location: string }) => !doc.location.includes('#'))
      .map((doc: { location: string; title: string }) => [
        doc.location,
        doc.title,
      ]);
    // The index lists pages in file order, not nav order.
    expect(pages.sort()).toEqual(
      NAV_PAGES.map(([, title, location]) => [location, title]).sort(),
    );
  });

  it('builds a site whose mkdocs.yml names no plugins (techdocs-cli adds techdocs-core)', async () => {
    mockDir.setContent({
      payments: {
        'mkdocs.yml': 'site_name: Payments\nnav:\n  - Home: index.md\n',
        docs: { 'index.md': '# Payments\n\n!!! tip\n    Pay once.\n' },
      },
    });
    const sourceDir = mockDir.resolve('payments');
    const outputDir = mockDir.resolve('payments-site');

    const result = await generate(sourceDir, outputDir);
    expect(result).toEqual(expect.objectContaining({ code: 0 }));

    const patched = parse(
      fs.readFileSync(path.join(sourceDir, 'mkdocs.yml'), 'utf8'),
    );
    expect(patched.plugins).toEqual(['techdocs-core']);
    const metadata = readJson(path.join(outputDir, 'techdocs_metadata.json'));
    expect(metadata.site_name).toBe('Payments');
    expect(metadata.site_description).toBeNull();
    const html = fs.readFileSync(path.join(outputDir, 'index.html'), 'utf8');
    expect(html).toMatch(/mkdocs-material-[\d.]+/);
    expect(html).toContain(
      '<div class="admonition tip">\n<p class="admonition-title">Tip</p>\n<p>Pay once.</p>',
    );
    expect(
      readJson(path.join(outputDir, 'search/search_index.json')).docs[0],
    ).toEqual({
      location: '',
      title: 'Home',
      text: 'Payments ¶ Tip Pay once.',
    });
  });

  it('fails with the error of mkdocs for a plugin that is not installed', async () => {
    mockDir.setContent({
      broken: {
        'mkdocs.yml': 'site_name: Broken\nplugins:\n  - no-such-plugin\n',
        docs: { 'index.md': '# Broken\n' },
      },
    });
    const sourceDir = mockDir.resolve('broken');
    const outputDir = mockDir.resolve('broken-site');

    // techdocs-cli drops plugins it does not allow; --defaultPlugin allows it,
    // so the name reaches mkdocs.
    const result = await generate(sourceDir, outputDir, [
      '--defaultPlugin',
      'no-such-plugin',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `Config value 'plugins': The "no-such-plugin" plugin is not installed`,
    );
    expect(result.stdout).toContain('Aborted with 1 Configuration Errors!');
    expect(result.stderr).toContain(
      `Failed to generate docs from ${sourceDir} into ${outputDir}; caused by Error: Command mkdocs failed, exit code: 1`,
    );
    expect(fs.existsSync(path.join(outputDir, 'index.html'))).toBe(false);
  });

  it('drops a plugin that is not allowed, with a warning, and builds without it', async () => {
    mockDir.setContent({
      stripped: {
        'mkdocs.yml': 'site_name: Stripped\nplugins:\n  - no-such-plugin\n',
        docs: { 'index.md': '# Stripped\n' },
      },
    });
    const sourceDir = mockDir.resolve('stripped');
    const outputDir = mockDir.resolve('stripped-site');

    const result = await generate(sourceDir, outputDir);
    expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(result.stdout).toContain(
      'Removed unsupported MkDocs plugins from mkdocs.yml: no-such-plugin.',
    );
    expect(
      parse(fs.readFileSync(path.join(sourceDir, 'mkdocs.yml'), 'utf8'))
        .plugins,
    ).toEqual(['techdocs-core']);
    expect(
      readJson(path.join(outputDir, 'techdocs_metadata.json')).site_name,
    ).toBe('Stripped');
  });
});
