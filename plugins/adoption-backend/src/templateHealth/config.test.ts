import { mockServices } from '@backstage/backend-test-utils';
import { readTemplateHealthConfig } from './config';

const read = (adoption: object) =>
  readTemplateHealthConfig(
    mockServices.rootConfig({
      data: {
        adoption: { pseudonymisation: { secret: 'x'.repeat(32) }, ...adoption },
      },
    }),
  );

describe('readTemplateHealthConfig', () => {
  it('defaults to a year back, the events retention, hourly', () => {
    expect(read({})).toEqual({
      lookbackDays: 365,
      retentionDays: 90,
      schedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 1 },
      },
    });
  });

  it('reads the lookback, the retention and the schedule', () => {
    expect(
      read({
        templateHealth: {
          lookbackDays: 30,
          schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
        },
        retention: { days: 60 },
      }),
    ).toEqual({
      lookbackDays: 30,
      retentionDays: 60,
      schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
    });
  });

  it.each([0, -3, 2.5])(
    'refuses a lookback of %s days, naming the key',
    days => {
      expect(() => read({ templateHealth: { lookbackDays: days } })).toThrow(
        `adoption.templateHealth.lookbackDays must be a whole number, 1 or more; got ${days}`,
      );
    },
  );
});
