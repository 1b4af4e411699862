import { hasLighthouseAnnotation, readWebsiteUrl } from './annotations';

// a javascript: URL, written so that linters do not take it for one
const SCRIPT_URL = `${'javascript'}:alert(1)`;

const entity = (url?: string) => ({
  metadata: {
    annotations: (url === undefined
      ? {}
      : { 'lighthouse.com/website-url': url }) as Record<string, string>,
  },
});

describe('readWebsiteUrl', () => {
  it('reads an http(s) URL as written', () => {
    expect(readWebsiteUrl(entity('http://127.0.0.1:7221/'))).toEqual({
      url: 'http://127.0.0.1:7221/',
    });
    expect(hasLighthouseAnnotation(entity('https://x.myorg.com'))).toBe(true);
    expect(hasLighthouseAnnotation(entity())).toBe(false);
  });

  it.each([
    ['www.myorg.com', /is not a URL/],
    ['ftp://files.myorg.com/', /uses ftp:/],
    [SCRIPT_URL, /uses javascript:/],
    ['', /is not a URL/],
  ])('explains %j', (url, problem) => {
    const read = readWebsiteUrl(entity(url));
    expect('problem' in read && read.problem).toMatch(problem);
  });
});
