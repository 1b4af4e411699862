import { mockServices } from '@backstage/backend-test-utils';
import { readEventsConfig } from './readEventsConfig';

const secret = 'x'.repeat(32);
const read = (adoption: object) =>
  readEventsConfig(mockServices.rootConfig({ data: { adoption } }));

describe('readEventsConfig', () => {
  it('defaults to 90 days, deleted hourly', () => {
    expect(read({ pseudonymisation: { secret } })).toEqual({
      secret,
      retentionDays: 90,
      retentionSchedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 1 },
      },
    });
  });

  it('reads the retention period and its schedule', () => {
    expect(
      read({
        pseudonymisation: { secret },
        retention: {
          days: 30,
          schedule: { frequency: { minutes: 10 }, timeout: { minutes: 2 } },
        },
      }),
    ).toMatchObject({
      retentionDays: 30,
      retentionSchedule: {
        frequency: { minutes: 10 },
        timeout: { minutes: 2 },
      },
    });
  });

  it('requires the secret', () => {
    expect(() => read({})).toThrow(
      "Missing required config value at 'adoption.pseudonymisation.secret'",
    );
  });

  it.each([0, -1, 1.5])('refuses %s days', days => {
    expect(() =>
      read({ pseudonymisation: { secret }, retention: { days } }),
    ).toThrow(
      `adoption.retention.days must be a whole number of days, 1 or more; got ${days}`,
    );
  });
});
