import { isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';

/**
 * The plugins TechDocs builds with unless a platform engineer allows more
 * (`techdocs.generator.mkdocs.dangerouslyAllowAdditionalPlugins`): the same
 * default list as `@backstage/plugin-techdocs-node`.
 */
export const DEFAULT_ALLOWED_PLUGINS = [
  'techdocs-core',
  'search',
  'material/search',
  'redirects',
  'group',
  'material/group',
];

/** Python YAML tags that only name an emoji index or slug function. */
const ALLOWED_PYTHON_TAGS = new Set([
  'tag:yaml.org,2002:python/name:materialx.emoji.twemoji',
  'tag:yaml.org,2002:python/name:materialx.emoji.to_svg',
  'tag:yaml.org,2002:python/name:pymdownx.emoji.twemoji',
  'tag:yaml.org,2002:python/name:pymdownx.emoji.to_svg',
  'tag:yaml.org,2002:python/object.apply:materialx.emoji.to_svg',
  'tag:yaml.org,2002:python/object/apply:pymdownx.slugs.slugify',
]);

/** Extension options that name a program to run. */
const COMMAND_OPTIONS = new Set(['plantuml_cmd']);

/**
 * What in an mkdocs.yml would run code, read files or read the environment
 * of the TechDocs build server. Empty when the file is safe to build.
 *
 * Upstream TechDocs silently strips most of these and builds anyway; the
 * portal refuses the build instead, so the author learns why their setting
 * has no effect and nothing half-configured is published.
 */
export function findUnsafeMkdocsSettings(
  mkdocsYml: string,
  options: { allowedPlugins?: string[] } = {},
): string[] {
  const allowedPlugins = new Set([
    ...DEFAULT_ALLOWED_PLUGINS,
    ...(options.allowedPlugins ?? []),
  ]);
  const problems: string[] = [];
  const doc = parseDocument(mkdocsYml, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    return [`mkdocs.yml is not valid YAML: ${doc.errors[0].message}`];
  }

  visit(doc, {
    Node(_key, node) {
      const tag = (node as { tag?: string }).tag;
      if (!tag) return;
      if (tag === '!ENV') {
        problems.push(
          '!ENV reads environment variables of the build server (where the portal keeps its secrets)',
        );
      } else if (
        tag.startsWith('tag:yaml.org,2002:python/') &&
        !ALLOWED_PYTHON_TAGS.has(tag)
      ) {
        problems.push(
          `the YAML tag !!${tag.slice(
            'tag:yaml.org,2002:'.length,
          )} runs Python code`,
        );
      }
    },
  });

  const root = doc.contents;
  if (!isMap(root)) return problems;
  const get = (key: string) => root.get(key, true);

  if (root.has('hooks')) {
    problems.push(
      'hooks: run Python files from the repository during the build',
    );
  }
  if (root.has('INHERIT')) {
    problems.push('INHERIT: reads another configuration file');
  }

  const theme = get('theme');
  if (isMap(theme) && theme.has('custom_dir')) {
    problems.push(
      'theme.custom_dir: template overrides from the repository run in the build',
    );
  }

  const plugins = get('plugins');
  const pluginNames: string[] = [];
  if (isSeq(plugins)) {
    for (const item of plugins.items) {
      // `- search` or `- search: {options}`
      pluginNames.push(isMap(item) ? nameOf(item.items[0]?.key) : nameOf(item));
    }
  } else if (isMap(plugins)) {
    for (const pair of plugins.items) pluginNames.push(nameOf(pair.key));
  }
  for (const name of pluginNames) {
    if (!allowedPlugins.has(name)) {
      problems.push(
        `plugin "${name}" is not allowed (allowed: ${[...allowedPlugins].join(
          ', ',
        )}; a platform engineer can add one with techdocs.generator.mkdocs.dangerouslyAllowAdditionalPlugins)`,
      );
    }
  }

  const extensions = get('markdown_extensions');
  if (isSeq(extensions)) {
    for (const item of extensions.items) {
      const entries: [string, unknown][] = isMap(item)
        ? item.items.map(pair => [nameOf(pair.key), pair.value])
        : [[nameOf(item), undefined]];
      for (const [name, value] of entries) {
        if (name.includes(':')) {
          problems.push(
            `markdown extension "${name}" names a Python object to load`,
          );
        }
        if (
          name === 'pymdownx.snippets' &&
          isMap(value) &&
          value.items.length
        ) {
          problems.push(
            'pymdownx.snippets options: may include files from outside the docs',
          );
        }
        if (isMap(value)) {
          for (const pair of value.items) {
            const option = nameOf(pair.key);
            if (COMMAND_OPTIONS.has(option)) {
              problems.push(
                `markdown extension "${name}" option ${option}: runs a program`,
              );
            }
          }
        }
      }
    }
  }
  return problems;
}

function nameOf(node: unknown): string {
  return String(isScalar(node) ? node.value : node);
}
