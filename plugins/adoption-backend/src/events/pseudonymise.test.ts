import {
  createPseudonymiser,
  pseudonymisationSecretProblem,
} from './pseudonymise';

const SECRET = 'a-secret-of-at-least-32-characters!';

describe('pseudonymisationSecretProblem', () => {
  it.each([
    ['', 'it is empty'],
    ['short', 'it is shorter than 32 characters'],
    ['a'.repeat(31), 'it is shorter than 32 characters'],
    [`${'a'.repeat(32)} `, 'it contains whitespace'],
    ['a'.repeat(32), undefined],
    [SECRET, undefined],
  ])('%j: %s', (value, problem) => {
    expect(pseudonymisationSecretProblem(value)).toBe(problem);
  });
});

describe('createPseudonymiser', () => {
  it('is HMAC-SHA256 of the lower-case user ref, hex', () => {
    const pseudonymise = createPseudonymiser(SECRET);
    // openssl: printf 'user:default/alice' | openssl dgst -sha256 -hmac "$SECRET"
    expect(pseudonymise('user:default/alice')).toBe(
      '07f3d768e45273ff29a81fd5e5e6827d0e1e42830cf8269963160fa6ed3892e6',
    );
    expect(pseudonymise('User:default/Alice')).toBe(
      pseudonymise('user:default/alice'),
    );
    expect(pseudonymise('user:default/bob')).not.toBe(
      pseudonymise('user:default/alice'),
    );
  });

  it('depends on the secret', () => {
    expect(createPseudonymiser(`${SECRET}2`)('user:default/alice')).not.toBe(
      createPseudonymiser(SECRET)('user:default/alice'),
    );
  });

  it('refuses an unusable secret, without quoting it', () => {
    expect(() => createPseudonymiser('hunter2')).toThrow(
      'adoption.pseudonymisation.secret is not usable: it is shorter than 32 characters',
    );
  });
});
