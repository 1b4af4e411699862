import { onboardingFormData, onboardingTemplatePath } from './coverage';

describe('onboardingFormData', () => {
  it("is the RepoUrlPicker value of the repository's host and organisation, with the owner when known", () => {
    expect(
      onboardingFormData({
        url: 'https://ghe.example.com/platform/billing',
        ownerRef: 'group:default/payments',
      }),
    ).toEqual({
      repoUrl: 'ghe.example.com?owner=platform&repo=billing',
      owner: 'group:default/payments',
    });
    expect(
      onboardingFormData({ url: 'https://github.com/myorg/scratch.git' }),
    ).toEqual({ repoUrl: 'github.com?owner=myorg&repo=scratch' });
  });

  it('refuses anything but a repository URL', () => {
    for (const url of [
      'https://github.com/myorg',
      'https://github.com/myorg/svc/tree/main/docs',
      'https://github.com/myorg/svc?tab=readme',
      'not a url',
    ]) {
      expect(() => onboardingFormData({ url })).toThrow(
        `Not a repository URL: ${url}`,
      );
    }
  });
});

describe('onboardingTemplatePath', () => {
  it("is the template's form with the repository filled in", () => {
    const path = onboardingTemplatePath(
      { url: 'https://github.com/myorg/scratch' },
      '/scaffolder',
    );
    const url = new URL(path, 'http://portal');
    expect(url.pathname).toBe(
      '/scaffolder/templates/default/onboard-repository',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      repoUrl: 'github.com?owner=myorg&repo=scratch',
    });
  });
});
