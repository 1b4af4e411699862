import { weekStart } from '../service/time';

describe('weekStart', () => {
  it.each([
    ['2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'], // a Monday
    ['2026-12-07T23:59:59.999Z', '2026-12-07T00:00:00.000Z'],
    ['2026-12-06T23:59:59.999Z', '2026-11-30T00:00:00.000Z'], // Sunday
    ['2026-12-10T08:00:00.000Z', '2026-12-07T00:00:00.000Z'], // Thursday
    ['2027-01-01T12:00:00.000Z', '2026-12-28T00:00:00.000Z'], // across years
  ])('%s is in the week of %s', (date, monday) => {
    expect(weekStart(new Date(date)).toISOString()).toBe(monday);
  });
});
