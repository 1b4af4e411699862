import { Entity } from '@backstage/catalog-model';
import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { catalogEntity } from '../integrations/__testUtils__/portal';
import { aiResourceCard, mcpServerCard } from './AiCards';

/*
 * The AI model's cards on the example catalog's AI entities: the skill's and
 * the rule's fields and source file, the MCP server's endpoint and the
 * component serving it.
 */

jest.setTimeout(60_000);

const render = (extension: ExtensionDefinition, entity: Entity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      {createExtensionTester(extension).reactElement()}
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

const field = (label: string) =>
  screen.getByRole('heading', { name: label }).parentElement!;

describe('AI resource card', () => {
  it("shows a skill's source file, agents and allowed tools", async () => {
    await render(
      aiResourceCard,
      catalogEntity('ai/ai-resources.yaml', 'catalog-info-authoring'),
    );
    expect(await screen.findByText('AI resource')).toBeInTheDocument();
    expect(
      within(field('Source file')).getByRole('link', {
        name: /^myorg\/developer-portal\/blob\/main\/\.claude\/skills\/catalog-info-authoring\/SKILL\.md/,
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/myorg/developer-portal/blob/main/.claude/skills/catalog-info-authoring/SKILL.md',
    );
    expect(
      within(field('Agents')).getByText('claude-code'),
    ).toBeInTheDocument();
    expect(
      within(field('Allowed tools')).getByText('Read Edit Grep'),
    ).toBeInTheDocument();
    // a rule's fields are not a skill's
    expect(screen.queryByRole('heading', { name: 'Rationale' })).toBeNull();
  });

  it("shows a rule's category and rationale", async () => {
    await render(
      aiResourceCard,
      catalogEntity('ai/ai-resources.yaml', 'secrets-from-vault'),
    );
    expect(
      within(
        await screen
          .findByRole('heading', { name: 'Category' })
          .then(h => h.parentElement!),
      ).getByText('security'),
    ).toBeInTheDocument();
    expect(
      within(field('Rationale')).getByText(/cannot be rotated in one place/),
    ).toBeInTheDocument();
  });

  it("links a plugin's skills, from its hasPart relations", async () => {
    await render(aiResourceCard, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'go-review-plugin', namespace: 'default' },
      spec: {
        type: 'plugin',
        lifecycle: 'experimental',
        owner: 'platform-team',
        skills: ['airesource:default/go-error-handling'],
        version: '0.3.0',
      },
      relations: [
        { type: 'hasPart', targetRef: 'airesource:default/go-error-handling' },
        { type: 'ownedBy', targetRef: 'group:default/platform-team' },
      ],
    });
    expect(
      within(
        await screen
          .findByRole('heading', { name: 'Skills' })
          .then(h => h.parentElement!),
      ).getByRole('link', { name: /go-error-handling/ }),
    ).toHaveAttribute('href', '/catalog/default/airesource/go-error-handling');
    expect(within(field('Version')).getByText('0.3.0')).toBeInTheDocument();
  });

  it('says so when an AI resource names no source file', async () => {
    const entity = catalogEntity('ai/ai-resources.yaml', 'secrets-from-vault');
    delete entity.metadata.annotations;
    await render(aiResourceCard, entity);
    expect(
      await screen.findByText('No backstage.io/source-location annotation'),
    ).toBeInTheDocument();
  });
});

describe('MCP server card', () => {
  it('shows where clients connect and the component serving it', async () => {
    const server = catalogEntity(
      '../catalog-info.yaml',
      'developer-portal-mcp',
    );
    await render(mcpServerCard, {
      ...server,
      relations: [
        {
          type: 'apiProvidedBy',
          targetRef: 'component:default/developer-portal',
        },
      ],
    });
    expect(
      within(
        await screen
          .findByRole('heading', { name: 'streamable-http' })
          .then(h => h.parentElement!),
      ).getByText('http://localhost:7007/api/mcp-actions/v1'),
    ).toBeInTheDocument();
    expect(
      within(field('Served by')).getByRole('link', {
        name: /developer-portal/,
      }),
    ).toHaveAttribute('href', '/catalog/default/component/developer-portal');
  });
});
