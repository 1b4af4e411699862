import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createGenerateCatalogInfoAction } from './generateCatalogInfo';
import { examples } from './generateCatalogInfo.examples';

/*
 * Each example's catalog:generate-info step run through the action, its
 * input as the scaffolder renders it for a template run with repoUrl
 * github.com?owner=myorg&repo=legacy-billing and owner
 * group:default/payments, on a workspace holding what the example's
 * fetch:plain step (if any) would have fetched.
 */

const RENDERED: Record<string, string> = {
  '${{ parameters.repoUrl }}': 'github.com?owner=myorg&repo=legacy-billing',
  '${{ parameters.owner }}': 'group:default/payments',
};

const REPOSITORY = {
  'go.mod': 'module github.com/myorg/legacy-billing\n',
  'cmd/billing/main.go': 'package main\n',
  'README.md': '# Legacy billing\n\nBills customers monthly.\n',
  '.github/CODEOWNERS': '* @myorg/billing-squad\n',
};

function draftStep(example: TemplateExample) {
  const { steps } = yaml.parse(example.example);
  const step = steps.find(
    (s: { action: string }) => s.action === 'catalog:generate-info',
  );
  const fetched = steps.find(
    (s: { action: string }) => s.action === 'fetch:plain',
  );
  const input = JSON.parse(JSON.stringify(step.input), (_key, value) =>
    typeof value === 'string'
      ? Object.entries(RENDERED).reduce(
          (text, [expression, rendered]) =>
            text.replaceAll(expression, rendered),
          value,
        )
      : value,
  );
  return { input, fetchedTo: fetched?.input.targetPath ?? '.' };
}

/** What each example writes and outputs, by its description. */
const expectations: Record<
  string,
  { files: string[]; draft: string; entity: object; outputs: unknown[][] }
> = {
  "Draft an existing repository's catalog-info.yaml into a folder of its own, for a pull request":
    {
      files: [
        'pull-request/catalog-info.yaml',
        ...Object.keys(REPOSITORY).map(f => `repository/${f}`),
      ].sort(),
      draft: 'pull-request/catalog-info.yaml',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'legacy-billing',
          description: 'Bills customers monthly.',
          annotations: { 'github.com/project-slug': 'myorg/legacy-billing' },
          tags: ['go'],
        },
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/payments',
        },
      },
      outputs: [
        ['entityRef', 'component:default/legacy-billing'],
        ['owner', 'group:default/payments'],
        ['catalogInfoPath', 'pull-request/catalog-info.yaml'],
      ],
    },
  'Draft catalog-info.yaml beside the files, the owner from CODEOWNERS': {
    files: ['catalog-info.yaml', ...Object.keys(REPOSITORY)].sort(),
    draft: 'catalog-info.yaml',
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'legacy-billing',
        description: 'Bills customers monthly.',
        annotations: { 'github.com/project-slug': 'myorg/legacy-billing' },
        tags: ['go'],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:billing-squad',
      },
    },
    outputs: [
      ['entityRef', 'component:default/legacy-billing'],
      ['owner', 'group:billing-squad'],
      ['catalogInfoPath', 'catalog-info.yaml'],
    ],
  },
};

describe('catalog:generate-info examples', () => {
  const workspace = createMockDirectory();
  const action = createGenerateCatalogInfoAction({
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });

  it('has an expectation for every example', () => {
    expect(examples.map(e => e.description)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async description => {
    const example = examples.find(e => e.description === description)!;
    const { input, fetchedTo } = draftStep(example);
    workspace.clear();
    workspace.setContent(
      Object.fromEntries(
        Object.entries(REPOSITORY).map(([file, text]) => [
          path.posix.join(fetchedTo, file),
          text,
        ]),
      ),
    );
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    const files: Record<string, string> = {};
    for (const entry of fs.readdirSync(workspace.path, {
      recursive: true,
      withFileTypes: true,
    })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(workspace.path, file)] = fs.readFileSync(
        file,
        'utf8',
      );
    }
    const expected = expectations[description];
    expect(Object.keys(files).sort()).toEqual(expected.files);
    expect(yaml.parse(files[expected.draft])).toEqual(expected.entity);
    expect(jest.mocked(ctx.output).mock.calls).toEqual(expected.outputs);
  });
});
