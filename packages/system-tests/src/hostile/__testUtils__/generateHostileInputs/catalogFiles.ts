/*
 * Catalog files served by the sandbox's GitHub and registered as url
 * locations: YAML bombs, malformed YAML, traversal, kinds not allowed.
 */
import { accept, reject } from './expectations';
import type { Expectation, LocationFileCase } from './types';

/** Catalog files for url locations: YAML bombs, malformed YAML and more. */
export function locationFileCases(): LocationFileCase[] {
  const category = 'catalog: YAML files via url locations';
  const valid = (name: string, extra = '') =>
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n${extra}spec: {type: service, owner: group:default/platform-team, lifecycle: production}\n`;
  const bomb: string[] = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let i = 1; i < 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    bomb.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const files: [string, string, Expectation][] = [
    ['billion-laughs.yaml', `${bomb.join('\n')}\n`, reject],
    [
      'billion-laughs-in-entity.yaml',
      valid('bomb', `  x:\n${bomb.map(l => `    ${l}`).join('\n')}\n`),
      reject,
    ],
    [
      'anchor-merge-name.yaml',
      'base: &b {name: "../evil"}\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  <<: *b\nspec: {type: service, owner: group:default/platform-team, lifecycle: production}\n',
      reject,
    ],
    [
      'unterminated-quote.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "unterminated\nspec: [\n',
      reject,
    ],
    [
      'tab-indent.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n\tname: x\n',
      reject,
    ],
    ['scalar.yaml', 'just a string\n', reject],
    ['list.yaml', '- a\n- b\n', reject],
    ['bad-second-document.yaml', `${valid('first-ok')}---\n: : :\n`, reject],
    [
      'deep-flow-sequence.yaml',
      valid('deep', `  x: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`),
      reject,
    ],
    [
      'deep-flow-mapping.yaml',
      valid(
        'deep-map',
        `  x: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`,
      ),
      reject,
    ],
    [
      'huge-description.yaml',
      valid('huge', `  description: ${'x'.repeat(2_500_000)}\n`),
      reject,
    ],
    [
      'js-function-tag.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: !!js/function "function(){}"\nspec: !!binary aGVsbG8=\n',
      reject,
    ],
    ['nul-in-name.yaml', valid('"a\\0b"'), reject],
    ['rtl-in-name.yaml', valid('admin\u202Eexe'), reject],
    ['traversal-name.yaml', valid('"../../etc/passwd"'), reject],
    [
      'location-traversal.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: traversal}\nspec:\n  targets: [../../../../etc/passwd, "file:/etc/passwd", "/etc/passwd"]\n',
      reject,
    ],
    [
      'location-file-type.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: traversal-file}\nspec:\n  type: file\n  target: /etc/passwd\n',
      reject,
    ],
    [
      'placeholder-traversal.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: placeholder}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: group:default/platform-team\n  definition:\n    $text: ../../../../../../etc/passwd\n',
      reject,
    ],
    [
      'placeholder-file-url.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: placeholder-file}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: group:default/platform-team\n  definition:\n    $text: file:///etc/passwd\n',
      reject,
    ],
    [
      'placeholder-metadata-service.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: placeholder-ssrf}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: group:default/platform-team\n  definition:\n    $text: http://169.254.169.254/latest/meta-data/\n',
      reject,
    ],
    [
      'user-kind-not-allowed.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: sneaky-admin}\nspec: {memberOf: [platform-team]}\n',
      reject,
    ],
    [
      'template-kind-not-allowed.yaml',
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: evil-template}\nspec: {owner: group:default/platform-team, type: service, steps: []}\n',
      reject,
    ],
    [
      'proto-keys.yaml',
      valid(
        'proto-keys',
        '  __proto__: {polluted: yes}\n  constructor: {prototype: {polluted: yes}}\n',
      ),
      accept('unknown metadata keys are data; nothing is polluted'),
    ],
    ['empty.yaml', '', accept('an empty file holds no entities')],
    [
      'replacement-chars-in-name.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad\uFFFD\uFFFD\n',
      reject,
    ],
  ];
  const cases: LocationFileCase[] = files.map(([file, content, expect]) => ({
    id: `catalog/yaml/dry-run/${file}`,
    category,
    file,
    content,
    mode: 'dry-run',
    expect,
  }));
  // registered for real: the catalog answers 201 at once; the processing
  // error must then show through the API (unprocessed entities)
  const registered: [string, RegExp][] = [
    ['billion-laughs.yaml', /Excessive alias count/],
    ['unterminated-quote.yaml', /YAML error|Missing closing/],
    ['deep-flow-sequence.yaml', /YAML error|Maximum call stack/],
    ['huge-description.yaml', /over the catalog's limit/],
    [
      'location-traversal.yaml',
      /Unable to read url|not allowed|Invalid GitHub URL/,
    ],
    ['placeholder-file-url.yaml', /not allowed/],
  ];
  for (const [file, processingError] of registered) {
    cases.push({
      id: `catalog/yaml/registered/${file}`,
      category: 'catalog: YAML files registered (async processing errors)',
      file,
      content: files.find(f => f[0] === file)![1],
      mode: 'register',
      expect: reject,
      processingError,
    });
  }
  return cases;
}
