import { findUnsafeMkdocsSettings } from './mkdocsPolicy';

const SEED = `site_name: Order Service
site_description: Documentation for the Order Service
repo_url: https://github.com/myorg/order-service
plugins:
  - techdocs-core
nav:
  - Home: index.md
`;

const BASE = `site_name: Order Service
nav:
  - Home: index.md
`;

describe('findUnsafeMkdocsSettings', () => {
  it("accepts the source document's mkdocs.yml and ordinary TechDocs sites", () => {
    expect(findUnsafeMkdocsSettings(SEED)).toEqual([]);
    expect(
      findUnsafeMkdocsSettings(`site_name: x
theme:
  name: material
  palette: { primary: indigo }
plugins:
  - search: { lang: en }
  - techdocs-core
markdown_extensions:
  - admonition
  - toc: { permalink: true }
  - pymdownx.snippets
  - pymdownx.emoji:
      emoji_index: !!python/name:materialx.emoji.twemoji
      emoji_generator: !!python/name:materialx.emoji.to_svg
`),
    ).toEqual([]);
  });

  it.each([
    ['hooks', 'hooks:\n  - hooks/evil.py\n', /^hooks: run Python files/],
    ['INHERIT', 'INHERIT: ../../other/mkdocs.yml\n', /^INHERIT: reads another/],
    [
      'theme.custom_dir',
      'theme:\n  name: material\n  custom_dir: overrides\n',
      /^theme.custom_dir/,
    ],
    [
      'an unknown plugin',
      'plugins:\n  - techdocs-core\n  - macros\n',
      /^plugin "macros" is not allowed \(allowed: techdocs-core, search/,
    ],
    [
      'an unknown plugin with options',
      'plugins:\n  - exec: { cmd: id }\n',
      /^plugin "exec" is not allowed/,
    ],
    [
      'a Python object as an extension',
      'markdown_extensions:\n  - os:system\n',
      /^markdown extension "os:system" names a Python object/,
    ],
    [
      'snippets reading outside the docs',
      'markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [/etc]\n',
      /^pymdownx.snippets options/,
    ],
    [
      'a command option',
      'markdown_extensions:\n  - plantuml_markdown:\n      plantuml_cmd: /bin/sh\n',
      /option plantuml_cmd: runs a program/,
    ],
    [
      '!ENV',
      'site_author: !ENV [GITHUB_APP_PRIVATE_KEY, x]\n',
      /^!ENV reads environment variables/,
    ],
    [
      'a Python tag',
      "extra:\n  x: !!python/object/apply:os.system ['id']\n",
      /^the YAML tag !!python\/object\/apply:os.system runs Python code/,
    ],
  ])('refuses %s', (_what, extra, problem) => {
    const problems = findUnsafeMkdocsSettings(`${BASE}${extra}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('lists every problem at once', () => {
    expect(
      findUnsafeMkdocsSettings(
        `${BASE}hooks: [a.py]\nINHERIT: b.yml\nsite_author: !ENV USER\n`,
      ),
    ).toHaveLength(3);
  });

  it('honours plugins a platform engineer allowed', () => {
    const yml = `${BASE}plugins:\n  - techdocs-core\n  - mermaid2\n`;
    expect(findUnsafeMkdocsSettings(yml)).toHaveLength(1);
    expect(
      findUnsafeMkdocsSettings(yml, { allowedPlugins: ['mermaid2'] }),
    ).toEqual([]);
  });

  it('refuses a key given twice (MkDocs would use the last one, unchecked)', () => {
    expect(findUnsafeMkdocsSettings(`${SEED}plugins:\n  - exec\n`)).toEqual([
      expect.stringMatching(
        /^mkdocs.yml is not valid YAML: Map keys must be unique/,
      ),
    ]);
  });

  it('reports a file that is not YAML', () => {
    expect(findUnsafeMkdocsSettings('nav: [a\n')).toEqual([
      expect.stringMatching(/^mkdocs.yml is not valid YAML/),
    ]);
  });
});
