import type { Entity } from '@backstage/catalog-model';
import {
  entityRepositoryKeys,
  locationRepositoryKey,
  repositoryKey,
  repositoryUrl,
} from './repositoryUrls';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});

describe('repositoryKey', () => {
  it('is host/owner/name in lower case, without .git', () => {
    expect(repositoryKey('GitHub.com', 'MyOrg', 'Order-Service.git')).toBe(
      'github.com/myorg/order-service',
    );
  });
});

describe('repositoryUrl', () => {
  it('is the web URL on the host', () => {
    expect(repositoryUrl('ghe.example.com', 'myorg/tool')).toBe(
      'https://ghe.example.com/myorg/tool',
    );
  });
});

describe('locationRepositoryKey', () => {
  it('is the repository of a location on the host, url: or not, any path below it', () => {
    for (const location of [
      'url:https://github.com/myorg/svc/blob/main/catalog-info.yaml',
      'https://github.com/MyOrg/Svc/tree/main/',
      'url:https://github.com/myorg/svc.git',
      'https://github.com/myorg/svc',
    ]) {
      expect([location, locationRepositoryKey(location, 'github.com')]).toEqual(
        [location, 'github.com/myorg/svc'],
      );
    }
  });

  it('is undefined for another host, a file or no repository', () => {
    for (const location of [
      'url:https://gitlab.example.com/myorg/svc/',
      'file:/catalog/svc.yaml',
      'url:https://github.com/myorg',
      'not a location',
    ]) {
      expect([
        location,
        locationRepositoryKey(location, 'github.com'),
      ]).toEqual([location, undefined]);
    }
  });
});

describe('entityRepositoryKeys', () => {
  it('gathers the project slug and both locations, each repository once', () => {
    expect(
      entityRepositoryKeys(
        entity({
          'github.com/project-slug': ' MyOrg/Svc ',
          'backstage.io/source-location':
            'url:https://github.com/myorg/svc/tree/main/',
          'backstage.io/managed-by-location':
            'url:https://github.com/myorg/catalog/blob/main/svc.yaml',
        }),
        'github.com',
      ),
    ).toEqual(['github.com/myorg/svc', 'github.com/myorg/catalog']);
  });

  it('keys a slug on the coverage host, ignores a malformed slug and other hosts', () => {
    expect(
      entityRepositoryKeys(
        entity({ 'github.com/project-slug': 'myorg/tool' }),
        'ghe.example.com',
      ),
    ).toEqual(['ghe.example.com/myorg/tool']);
    expect(
      entityRepositoryKeys(
        entity({
          'github.com/project-slug': 'myorg/tool/extra',
          'backstage.io/source-location': 'url:https://gitlab.com/myorg/tool/',
        }),
        'github.com',
      ),
    ).toEqual([]);
    expect(
      entityRepositoryKeys(
        { ...entity({}), metadata: { name: 'bare' } },
        'github.com',
      ),
    ).toEqual([]);
  });
});
