import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import {
  docsPaths,
  githubDocsLocation,
  githubEntityFolder,
} from './docsLocation';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com' },
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
        },
      ],
    },
  }),
);

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});

describe('githubDocsLocation', () => {
  it('resolves dir: against the source location, as TechDocs does', () => {
    expect(
      githubDocsLocation(
        entity({
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/svc/blob/main/catalog-info.yaml',
        }),
        integrations,
      ),
    ).toEqual({
      repoUrl: 'https://github.com/acme/svc',
      owner: 'acme',
      repo: 'svc',
      ref: 'main',
      dir: '',
    });
    expect(
      githubDocsLocation(
        entity({
          'backstage.io/techdocs-ref': 'dir:./docs-root',
          'backstage.io/source-location':
            'url:https://ghe.example.com/acme/mono/tree/release/services/api/',
        }),
        integrations,
      ),
    ).toEqual({
      repoUrl: 'https://ghe.example.com/acme/mono',
      owner: 'acme',
      repo: 'mono',
      ref: 'release',
      dir: 'services/api/docs-root',
    });
  });

  it('takes url: as it is; a repository URL means the default branch', () => {
    expect(
      githubDocsLocation(
        entity({
          'backstage.io/techdocs-ref': 'url:https://github.com/acme/handbook',
        }),
        integrations,
      ),
    ).toMatchObject({
      owner: 'acme',
      repo: 'handbook',
      ref: undefined,
      dir: '',
    });
  });

  it('refuses docs that are not on a configured GitHub host', () => {
    expect(() =>
      githubDocsLocation(
        entity({
          'backstage.io/techdocs-ref':
            'url:https://gitlab.com/acme/svc/-/tree/main',
        }),
        integrations,
      ),
    ).toThrow(
      'not on a configured GitHub host: https://gitlab.com/acme/svc/-/tree/main',
    );
    expect(() =>
      githubDocsLocation(
        entity({
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/managed-by-location': 'file:/catalog/svc.yaml',
        }),
        integrations,
      ),
    ).toThrow('docs are not in a repository (dir)');
  });
});

describe('githubEntityFolder', () => {
  it("is the folder of the entity's source location", () => {
    expect(
      githubEntityFolder(
        entity({
          'backstage.io/source-location':
            'url:https://ghe.example.com/acme/mono/tree/release/services/api/',
          'backstage.io/managed-by-location':
            'url:https://ghe.example.com/acme/catalog/blob/main/all.yaml',
        }),
        integrations,
      ),
    ).toEqual({
      repoUrl: 'https://ghe.example.com/acme/mono',
      owner: 'acme',
      repo: 'mono',
      ref: 'release',
      dir: 'services/api',
    });
  });

  it('is the folder of the catalog file without a source location', () => {
    expect(
      githubEntityFolder(
        entity({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/mono/blob/main/services/web/catalog-info.yaml',
        }),
        integrations,
      ),
    ).toEqual({
      repoUrl: 'https://github.com/acme/mono',
      owner: 'acme',
      repo: 'mono',
      ref: 'main',
      dir: 'services/web',
    });
    expect(
      githubEntityFolder(
        entity({
          'backstage.io/source-location': 'url:https://github.com/acme/svc',
        }),
        integrations,
      ),
    ).toEqual({
      repoUrl: 'https://github.com/acme/svc',
      owner: 'acme',
      repo: 'svc',
      ref: undefined,
      dir: '',
    });
  });

  it('refuses a source that is not on a configured GitHub host', () => {
    expect(() =>
      githubEntityFolder(
        entity({
          'backstage.io/managed-by-location': 'file:/catalog/svc.yaml',
        }),
        integrations,
      ),
    ).toThrow("the entity's source is not in a repository (file)");
    expect(() =>
      githubEntityFolder(
        entity({
          'backstage.io/source-location': 'url:https://gitlab.com/acme/svc/',
        }),
        integrations,
      ),
    ).toThrow('not on a configured GitHub host: https://gitlab.com/acme/svc/');
  });
});

describe('docsPaths', () => {
  it('is the docs folder and mkdocs.yml/.yaml of the docs folder', () => {
    expect(docsPaths('')).toEqual(['docs', 'mkdocs.yml', 'mkdocs.yaml']);
    expect(docsPaths('services/api/')).toEqual([
      'services/api/docs',
      'services/api/mkdocs.yml',
      'services/api/mkdocs.yaml',
    ]);
  });
});
