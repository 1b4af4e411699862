import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createGenerateCatalogInfoAction } from './generateCatalogInfo';

describe('catalog:generate-info', () => {
  const workspace = createMockDirectory();
  const action = createGenerateCatalogInfoAction({
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: { github: [{ host: 'ghe.example.com', token: 't' }] },
      }),
    ),
  });
  const run = (input: Record<string, string>) =>
    action.handler(
      createMockActionContext({ input, workspacePath: workspace.path }) as any,
    );

  beforeEach(() => workspace.clear());

  it('refuses a repository that describes itself already', async () => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      CODEOWNERS: '* @myorg/a\n',
    });
    await expect(
      run({ repoUrl: 'github.com?owner=myorg&repo=described' }),
    ).rejects.toThrow(
      'No draft for myorg/described: already has catalog-info.yaml; never overwritten',
    );
  });

  it('refuses a repository without an owner', async () => {
    workspace.setContent({ 'run.sh': 'echo hi\n' });
    await expect(
      run({ repoUrl: 'github.com?owner=myorg&repo=orphan' }),
    ).rejects.toThrow(
      'No draft for myorg/orphan: no owner: CODEOWNERS has no rule for * (add one, or pass --default-owner group:<team>)',
    );
  });

  it('refuses paths outside the workspace and unknown hosts', async () => {
    workspace.setContent({ CODEOWNERS: '* @myorg/a\n' });
    await expect(
      run({
        repoUrl: 'github.com?owner=myorg&repo=x',
        targetPath: '../elsewhere',
      }),
    ).rejects.toThrow(
      'Relative path is not allowed to refer to a directory outside its parent',
    );
    await expect(
      run({ repoUrl: 'unknown.example.com?owner=myorg&repo=x' }),
    ).rejects.toThrow(
      /No matching integration configuration for host unknown\.example\.com/,
    );
  });

  it('writes the slug of an Enterprise host', async () => {
    workspace.setContent({ CODEOWNERS: '* @alice\n' });
    const ctx = createMockActionContext({
      input: { repoUrl: 'ghe.example.com?owner=myorg&repo=tool' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    expect(workspace.content()?.['catalog-info.yaml']).toContain(
      'github.com/project-slug: myorg/tool',
    );
    expect(ctx.output).toHaveBeenCalledWith('owner', 'user:alice');
  });
});
