/*
 * The scaffolder with the golden-path template: its parameters (refused by
 * the template's schema, or taken and sent only as dry runs), templateRef,
 * task ids and lists, and the real tasks a step must refuse.
 */
import { HostileString, hugeStrings } from './corpus';
import { deepJson, enc } from './encoding';
import { accept, known, reject } from './expectations';
import { goldenPathTakes } from './rules';
import type { Expectation, HttpCase, TaskCase } from './types';

const GOLDEN_PATH = 'template:default/go-microservice-template';
/** Values that pass the golden-path template's schema. */
export const VALID_GOLDEN_PATH_VALUES = {
  name: 'hostile-probe',
  description: 'A probe',
  owner: 'group:default/payments-squad',
  system: 'system:default/payments-system',
  repoUrl: 'github.com?owner=myorg&repo=hostile-probe',
};

/** Scaffolder: the golden-path template's parameters, templateRef, dry runs. */
export function scaffolderCases(strings: HostileString[]): {
  http: HttpCase[];
  tasks: TaskCase[];
} {
  const http: HttpCase[] = [];
  const tasks: TaskCase[] = [];
  const category = 'scaffolder: golden-path parameters';
  /** A real task, which must be refused before it starts. */
  const task = (id: string, values: unknown) => {
    if (
      values &&
      typeof values === 'object' &&
      !Array.isArray(values) &&
      goldenPathTakes(values as Record<string, unknown>)
    ) {
      throw new Error(
        `scaffolder/tasks/${id}: the golden-path template's parameters take these values, so the case would start a real task; send them as a dry run`,
      );
    }
    http.push({
      id: `scaffolder/tasks/${id}`,
      category,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      body: { templateRef: GOLDEN_PATH, values },
      expect: reject,
    });
  };
  const dryRun = (
    id: string,
    values: Record<string, unknown>,
    expect: Expectation,
  ) =>
    http.push({
      id: `scaffolder/dry-run/${id}`,
      category: 'scaffolder: golden-path dry runs',
      method: 'POST',
      path: '/scaffolder/v2/dry-run',
      goldenPathDryRun: values,
      expect,
    });

  /**
   * Values the template's parameter schema takes: never a real task (it
   * would provision), a dry run shows they are fine. The rest: a task the
   * schema refuses.
   */
  const parameters = (
    id: string,
    values: Record<string, unknown>,
    why: string,
  ) => {
    if (goldenPathTakes(values)) dryRun(id, values, accept(why));
    else task(id, values);
  };

  for (const { label, value } of strings) {
    parameters(
      `name/${label}`,
      { ...VALID_GOLDEN_PATH_VALUES, name: value },
      'a valid service name',
    );
  }
  for (const { label, value } of hugeStrings()) {
    task(`name/${label}`, { ...VALID_GOLDEN_PATH_VALUES, name: value });
  }
  // wrong types and missing fields: refused by the parameter schema
  const wrongTypes: [string, unknown][] = [
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['array', ['a']],
    ['object', { a: 1 }],
  ];
  for (const field of ['name', 'description', 'owner', 'repoUrl', 'system']) {
    for (const [what, v] of wrongTypes) {
      task(`${field}-type/${what}`, {
        ...VALID_GOLDEN_PATH_VALUES,
        [field]: v,
      });
    }
  }
  for (const field of ['enableDatabase', 'enableCache', 'enableQueue']) {
    for (const v of ['yes', 1, null, [], {}]) {
      task(`${field}-type/${JSON.stringify(v)}`, {
        ...VALID_GOLDEN_PATH_VALUES,
        [field]: v,
      });
    }
  }
  for (const field of ['name', 'description', 'owner', 'repoUrl']) {
    const values: Record<string, unknown> = { ...VALID_GOLDEN_PATH_VALUES };
    delete values[field];
    task(`missing/${field}`, values);
  }
  task('empty-description', { ...VALID_GOLDEN_PATH_VALUES, description: '' });
  task('values-empty', {});
  for (const [what, v] of wrongTypes) {
    if (what !== 'object') task(`values-type/${what}`, v);
  }
  http.push({
    id: 'scaffolder/tasks/secrets-not-strings',
    category,
    method: 'POST',
    path: '/scaffolder/v2/tasks',
    body: {
      templateRef: GOLDEN_PATH,
      values: { name: '../x' },
      secrets: { a: { nested: true } },
    },
    expect: reject,
  });
  // deep nesting in the values
  for (const depth of [1_000, 5_000, 50_000]) {
    http.push({
      id: `scaffolder/tasks/deep-array-${depth}`,
      category,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      rawBody: deepJson(
        {
          templateRef: GOLDEN_PATH,
          values: { ...VALID_GOLDEN_PATH_VALUES, name: 'DEEP' },
        },
        depth,
        'array',
      ),
      // deeper than 100 levels: refused by the request guard
      expect: reject,
    });
  }

  // templateRef: refused (400/404); some forms throw before the handler's
  // error handling (upstream)
  const refCategory = 'scaffolder: templateRef and task ids';
  for (const { label, value } of strings) {
    http.push({
      id: `scaffolder/templateRef/${label}`,
      category: refCategory,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      body: { templateRef: value, values: { name: '../x' } },
      // no template (404), or no entity reference at all: refused by the
      // request guard (400) before upstream would throw a TypeError (500)
      expect: reject,
    });
  }
  for (const [what, v] of wrongTypes) {
    http.push({
      id: `scaffolder/templateRef-type/${what}`,
      category: refCategory,
      method: 'POST',
      path: '/scaffolder/v2/tasks',
      body: { templateRef: v, values: {} },
      expect: reject,
    });
  }
  const sample = strings.filter((_, i) => i % 7 === 0);
  for (const { label, value } of sample) {
    for (const suffix of ['', '/events']) {
      http.push({
        id: `scaffolder/task-id${suffix}/${label}`,
        category: refCategory,
        method: 'GET',
        path: `/scaffolder/v2/tasks/${enc(value)}${suffix}`,
        // no UUID: 404 from the request guard; a lone surrogate fails URL
        // decoding (400) before the route
        expect: reject,
      });
    }
  }
  const listQueries: [string, string, Expectation][] = [
    ['negative-limit', 'limit=-1', reject],
    [
      'order-injection',
      `order=${enc('desc:created_at; DROP TABLE tasks')}`,
      reject,
    ],
    ['created-by-object', 'createdBy[a]=b', reject],
    [
      'status-injection',
      `status=${enc("' OR 1=1 --")}`,
      { kind: 'rejectOrEmpty', isEmpty: (b: any) => b?.tasks?.length === 0 },
    ],
  ];
  for (const [id, query, expect] of listQueries) {
    http.push({
      id: `scaffolder/task-list/${id}`,
      category: refCategory,
      method: 'GET',
      path: `/scaffolder/v2/tasks?${query}`,
      expect,
    });
  }

  // Parameters that pass the schema: only as dry runs (a real task would
  // provision). Free text must stay data.
  const textSample = strings.filter(
    s =>
      /expression|nunjucks|command|backticks|semicolon|quotes|newline|crlf|sql-or|rtl|zero-width|emoji|homoglyph|script|proto-key|format/.test(
        s.label,
      ) && s.value.trim() !== '',
  );
  for (const { label, value } of textSample) {
    parameters(
      `description/${label}`,
      { ...VALID_GOLDEN_PATH_VALUES, description: value },
      'free text: rendered as a literal (JSON-escaped in YAML and Go), never evaluated',
    );
  }
  task('description/huge-1mb', {
    ...VALID_GOLDEN_PATH_VALUES,
    description: hugeStrings()[0].value,
  });
  // owner and system: a pattern refuses what is no entity reference; a
  // reference to no entity passes the schema, and the check-owner /
  // check-system steps (catalog:fetch) stop the task before anything exists
  const CATALOG_FETCH_500 =
    'upstream: catalog:fetch throws a plain Error for a missing entity, so a dry run answers 500 with "Entity … not found"; a real task fails at check-owner / check-system before any step with side effects (the real-task cases)';
  for (const value of [
    '../../etc/passwd',
    'group:default/platform-team\nspec:\n  owner: evil',
    "' OR 1=1 --",
    '${{ secrets.backstageToken }}',
    'group:default/\u202Eevil',
  ]) {
    task(`owner/${JSON.stringify(value)}`, {
      ...VALID_GOLDEN_PATH_VALUES,
      owner: value,
    });
  }
  dryRun(
    'owner/"group:default/ghost-team"',
    { ...VALID_GOLDEN_PATH_VALUES, owner: 'group:default/ghost-team' },
    known([500], CATALOG_FETCH_500),
  );
  for (const value of ['../../x', ':::', 'system:default/a\u0000b']) {
    task(`system/${JSON.stringify(value)}`, {
      ...VALID_GOLDEN_PATH_VALUES,
      system: value,
    });
  }
  dryRun(
    'system/"system:default/ghost"',
    { ...VALID_GOLDEN_PATH_VALUES, system: 'system:default/ghost' },
    known([500], CATALOG_FETCH_500),
  );
  dryRun(
    'extra-key/__proto__',
    JSON.parse(
      `{"__proto__":{"name":"evil"},${JSON.stringify(
        VALID_GOLDEN_PATH_VALUES,
      ).slice(1)}`,
    ),
    accept('an unknown key: ignored'),
  );
  dryRun(
    'extra-key/constructor',
    { ...VALID_GOLDEN_PATH_VALUES, constructor: { prototype: { x: 1 } } },
    known(
      [500],
      "upstream: a parameter named constructor makes the scaffolder's templating throw 'Template record key constructor is reserved' outside its input checks (500; nothing runs)",
    ),
  );

  // repoUrl: the template's pattern (what the RepoUrlPicker produces for
  // myorg) refuses every other host, owner or form at submission
  const repoUrls: [string, string][] = [
    ['repo-traversal', 'github.com?owner=myorg&repo=../escape'],
    ['repo-encoded-dots', 'github.com?owner=myorg&repo=%2e%2e'],
    ['other-owner', 'github.com?owner=alice&repo=hostile-probe'],
    ['gitlab-host', 'gitlab.com?owner=myorg&repo=hostile-a'],
    ['unknown-host', 'evil.example.com?owner=myorg&repo=hostile-b'],
    ['url-instead-of-picker', 'https://github.com/myorg/hostile-c'],
    ['metadata-host', '169.254.169.254?owner=myorg&repo=hostile-d'],
    ['missing-repo', 'github.com?owner=myorg'],
    ['missing-owner', 'github.com?repo=hostile-e'],
    ['owner-traversal', 'github.com?owner=../../admin&repo=hostile-f'],
    ['unknown-org', 'github.com?owner=evilorg&repo=hostile-g'],
    ['empty-query', 'github.com?'],
    ['command-substitution', '$(id)?owner=myorg&repo=hostile-h'],
    ['secrets-expression', '${{ secrets.backstageToken }}'],
    ['sql', "' OR 1=1 --"],
    ['rtl', 'github.com\u202E?owner=myorg&repo=hostile-i'],
    ['file-url', 'file:///etc/passwd?owner=myorg&repo=hostile-j'],
    ['homoglyph-host', 'g\u0456thub.com?owner=myorg&repo=hostile-k'],
  ];
  for (const [id, repoUrl] of repoUrls) {
    task(`repoUrl/${id}`, {
      ...VALID_GOLDEN_PATH_VALUES,
      name: `hostile-${id}`.slice(0, 50),
      repoUrl,
    });
  }

  // Real tasks: the input passes the schema, a step refuses it before any
  // step with side effects runs.
  tasks.push(
    {
      id: 'scaffolder/real-task/owner-not-in-catalog',
      category: 'scaffolder: real tasks refused by a step',
      values: {
        ...VALID_GOLDEN_PATH_VALUES,
        name: 'hostile-ghost-owner',
        owner: 'group:default/ghost-team',
      },
      failsAt: 'check-owner',
      message: /Entity group:default\/ghost-team not found/,
    },
    {
      id: 'scaffolder/real-task/system-not-in-catalog',
      category: 'scaffolder: real tasks refused by a step',
      values: {
        ...VALID_GOLDEN_PATH_VALUES,
        name: 'hostile-ghost-system',
        system: 'system:default/ghost',
      },
      failsAt: 'check-system',
      message: /Entity system:default\/ghost not found/,
    },
  );
  return { http, tasks };
}
