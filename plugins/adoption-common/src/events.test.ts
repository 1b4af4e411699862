import { pathOnly } from './events';

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
