import { mockServices } from '@backstage/backend-test-utils';
import { readDocsHealthConfig } from './config';

const read = (docsHealth?: object) =>
  readDocsHealthConfig(
    mockServices.rootConfig({ data: { adoption: { docsHealth } } }),
  );

describe('readDocsHealthConfig', () => {
  it('defaults to any newer commit, every 6 hours', () => {
    expect(read()).toEqual({
      staleAfterDays: 0,
      schedule: {
        frequency: { hours: 6 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 2 },
      },
    });
  });

  it('reads the days allowed and the schedule', () => {
    expect(
      read({
        staleAfterDays: 14,
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 } },
      }),
    ).toEqual({
      staleAfterDays: 14,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 } },
    });
  });

  it.each([-1, 0.5])('refuses %s days, naming the key', days => {
    expect(() => read({ staleAfterDays: days })).toThrow(
      `adoption.docsHealth.staleAfterDays must be a whole number, 0 or more; got ${days}`,
    );
  });
});
