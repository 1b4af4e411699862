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
        integrations: {
          github: [{ host: 'ghe.example.com', token: 't' }],
          gitlab: [
            {
              host: 'gitlab.example.com',
              apiBaseUrl: 'https://gitlab.example.com/api/v4',
              token: 't',
            },
          ],
        },
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

  it("refuses a repository without an owner, naming the template's parameter", async () => {
    workspace.setContent({
      'run.sh': 'echo hi\n',
      '.github/CODEOWNERS': '/docs/ @myorg/writers\n',
    });
    const refusal = run({ repoUrl: 'github.com?owner=myorg&repo=orphan' });
    await expect(refusal).rejects.toThrow(
      "No draft for myorg/orphan: no owner: the repository's CODEOWNERS names none for the whole repository (*); choose one in the template's owner parameter",
    );
    // none of the generator's command-line wording
    await expect(refusal).rejects.not.toThrow(/--|pass /);
  });

  it("takes the default owner when CODEOWNERS names none, in the template's words", async () => {
    workspace.setContent({ 'run.sh': 'echo hi\n' });
    const ctx = createMockActionContext({
      input: {
        repoUrl: 'github.com?owner=myorg&repo=orphan',
        defaultOwner: 'group:default/platform-team',
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    const drafted = workspace.content()?.['catalog-info.yaml'] as string;
    expect(drafted).toContain('owner: group:default/platform-team');
    expect(drafted).not.toMatch(/--default-owner/);
    expect(ctx.output).toHaveBeenCalledWith(
      'owner',
      'group:default/platform-team',
    );
  });

  it("prefers CODEOWNERS' owner to the default owner, and the owner input to both", async () => {
    workspace.setContent({ CODEOWNERS: '* @myorg/Payments\n' });
    let drafts = 0;
    const draft = async (input: Record<string, string>) => {
      drafts += 1;
      const ctx = createMockActionContext({
        input: {
          repoUrl: 'github.com?owner=myorg&repo=pay',
          // a folder of its own each time
          targetPath: `./draft-${drafts}`,
          ...input,
        },
        workspacePath: workspace.path,
      });
      await action.handler(ctx as any);
      return (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'owner',
      )?.[1];
    };
    expect(await draft({ defaultOwner: 'group:default/platform-team' })).toBe(
      'group:payments',
    );
    expect(
      await draft({
        owner: 'group:default/billing',
        defaultOwner: 'group:default/platform-team',
      }),
    ).toBe('group:default/billing');
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
    await expect(
      run({ repoUrl: 'gitlab.example.com?owner=myorg&repo=x' }),
    ).rejects.toThrow(
      'No draft for myorg/x: gitlab.example.com is not a GitHub host (integrations.github); choose a GitHub repository',
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
