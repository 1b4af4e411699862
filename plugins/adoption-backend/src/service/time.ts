/*
 * Time as the adoption figures count it (UTC): one definition of a day and
 * of a week's start, for every feature and their tests.
 */

/** A day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The Monday 00:00 UTC that starts the (ISO) week of `date`. */
export function weekStart(date: Date): Date {
  const day = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** The week of `date` as the tables name it: its Monday (UTC), `YYYY-MM-DD`. */
export function weekOf(date: Date): string {
  return weekStart(date).toISOString().slice(0, 10);
}
