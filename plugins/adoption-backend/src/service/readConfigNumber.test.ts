import { ConfigReader } from '@backstage/config';
import { readWholeNumber } from './readConfigNumber';

const KEY = 'adoption.templateHealth.lookbackDays';
const read = (value: unknown, min: 0 | 1 = 1) =>
  readWholeNumber(
    new ConfigReader(
      value === undefined
        ? {}
        : { adoption: { templateHealth: { lookbackDays: value } } },
    ),
    KEY,
    { min, fallback: 365 },
  );

describe('readWholeNumber', () => {
  it('reads the value, the fallback when not set', () => {
    expect(read(30)).toBe(30);
    expect(read(undefined)).toBe(365);
    expect(read(0, 0)).toBe(0);
  });

  it.each([0, -1, 1.5])('refuses %s, naming the key', value => {
    expect(() => read(value)).toThrow(
      `${KEY} must be a whole number, 1 or more; got ${value}`,
    );
  });

  it('refuses a negative number where 0 is allowed', () => {
    expect(() => read(-1, 0)).toThrow(
      `${KEY} must be a whole number, 0 or more; got -1`,
    );
  });

  it('refuses what is not a number, naming the key', () => {
    expect(() => read('many')).toThrow(KEY);
  });
});
