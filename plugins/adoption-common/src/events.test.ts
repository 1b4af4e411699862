import { entityOfPath, hideUserInPath, isUserRef, pathOnly } from './events';

describe('pathOnly', () => {
  it.each([
    ['/a/b?c=d', '/a/b'],
    ['/a#x', '/a'],
    ['?q', '/'],
    ['/a/b', '/a/b'],
  ])('%j → %j', (path, expected) => {
    expect(pathOnly(path)).toBe(expected);
  });
});

describe('hideUserInPath', () => {
  it.each([
    ['/catalog/default/user/alice', '/catalog/:namespace/user/:name'],
    [
      '/catalog/default/User/alice/ownership',
      '/catalog/:namespace/user/:name/ownership',
    ],
    ['/catalog/team%2Da/user/alice', '/catalog/:namespace/user/:name'],
  ])('leaves the user out of %s', (path, expected) => {
    expect(hideUserInPath(path)).toBe(expected);
  });

  it.each([
    '/catalog/default/component/user',
    '/catalog/default/group/users',
    '/catalog',
    '/docs/default/user/alice',
    '/catalog/default/%E0%A4%A/alice',
  ])('leaves %s alone', path => {
    expect(hideUserInPath(path)).toBeUndefined();
  });
});

describe('isUserRef', () => {
  it('tells a user from other kinds, in any case', () => {
    expect(isUserRef('user:default/alice')).toBe(true);
    expect(isUserRef('User:default/alice')).toBe(true);
    expect(isUserRef('component:default/user')).toBe(false);
    expect(isUserRef('alice')).toBe(false);
  });
});

describe('entityOfPath', () => {
  it.each([
    [
      '/catalog/default/component/order-service',
      'component:default/order-service',
    ],
    ['/catalog/Default/API/orders/api', 'api:default/orders'],
    ['/catalog', undefined],
    ['/catalog-import/a/b/c', undefined],
  ])('%s → %s', (path, ref) => {
    expect(entityOfPath(path)).toBe(ref);
  });
});
