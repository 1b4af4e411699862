import { InputError } from '@backstage/errors';

/* Whole UTC days as YYYY-MM-DD, and the legacy page's repeating intervals. */

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Every day of [start, end). */
export function daysOf(start: string, end: string): string[] {
  const days: string[] = [];
  for (let d = start; d < end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** `R2/P30D/2020-09-01`, parsed. */
export type Intervals = {
  repeats: number;
  /** YYYY-MM-DD, inclusive */
  start: string;
  /** YYYY-MM-DD, exclusive */
  end: string;
  /** where each interval starts, oldest first, then `end` */
  boundaries: string[];
};

export const INTERVALS_PATTERN =
  /^R(\d{1,2})\/P(\d{1,3})([DM])\/(\d{4}-\d{2}-\d{2})$/;

/**
 * An ISO 8601 repeating interval as @backstage/plugin-cost-insights writes
 * it: `R<n>/P<k>D|M/<exclusive end date>`, n periods of k days (or months)
 * ending at the date.
 */
export function parseIntervals(intervals: string): Intervals {
  const match = intervals.match(INTERVALS_PATTERN);
  const end = match?.[4];
  if (
    !match ||
    Number(match[1]) < 1 ||
    Number(match[2]) < 1 ||
    Number.isNaN(Date.parse(`${end}T00:00:00Z`)) ||
    new Date(`${end}T00:00:00Z`).toISOString().slice(0, 10) !== end
  ) {
    throw new InputError(
      `intervals must be an ISO 8601 repeating interval such as R2/P30D/2020-09-01; "${intervals}" is not one`,
    );
  }
  const repeats = Number(match[1]);
  const step = Number(match[2]);
  const back = (n: number) =>
    match[3] === 'D' ? addDays(end!, -n * step) : addMonths(end!, -n * step);
  const boundaries = Array.from({ length: repeats + 1 }, (_, i) =>
    back(repeats - i),
  );
  return { repeats, start: boundaries[0], end: end!, boundaries };
}
