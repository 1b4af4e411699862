import { parseGithubUrl } from './github';

describe('parseGithubUrl', () => {
  it('reads a repository URL, with or without url:, .git or a trailing slash', () => {
    for (const url of [
      'https://github.com/acme/svc',
      'https://github.com/acme/svc/',
      'https://github.com/acme/svc.git',
      'url:https://GitHub.com/acme/svc',
    ]) {
      expect([url, parseGithubUrl(url)]).toEqual([
        url,
        { host: 'github.com', owner: 'acme', repo: 'svc', path: '' },
      ]);
    }
  });

  it('reads the ref and path of a folder or a file', () => {
    expect(
      parseGithubUrl(
        'url:https://ghe.example.com:8443/acme/mono/tree/release/services/api/',
      ),
    ).toEqual({
      host: 'ghe.example.com:8443',
      owner: 'acme',
      repo: 'mono',
      kind: 'tree',
      ref: 'release',
      path: 'services/api',
    });
    expect(
      parseGithubUrl(
        'https://github.com/acme/mono/blob/main/services/my%20api/catalog-info.yaml',
      ),
    ).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'mono',
      kind: 'blob',
      ref: 'main',
      path: 'services/my api/catalog-info.yaml',
    });
  });

  it('is undefined for what names no repository', () => {
    for (const url of [
      'https://github.com/acme',
      'https://github.com/',
      'file:/catalog/svc.yaml',
      'ftp://github.com/acme/svc',
      'acme/svc',
      '',
    ]) {
      expect([url, parseGithubUrl(url)]).toEqual([url, undefined]);
    }
  });
});
