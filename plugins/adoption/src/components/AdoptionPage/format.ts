import type {
  DocsHealthRow,
  TemplateHealthRow,
} from '@internal/backstage-plugin-adoption-common';

/** "75%" of a ratio 0..1; "–" when there is none */
export const percent = (ratio: number | null) =>
  ratio === null ? '–' : `${Math.round(ratio * 100)}%`;

/** "45 s", "2 min 5 s", "1 h 3 min"; "–" when unknown */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  }
  const minutes = Math.floor((s % 3600) / 60);
  return minutes
    ? `${Math.floor(s / 3600)} h ${minutes} min`
    : `${Math.floor(s / 3600)} h`;
}

/** the day of an ISO time, `YYYY-MM-DD`; `none` when there is none */
export const day = (iso: string | null | undefined, none = 'never') =>
  iso ? iso.slice(0, 10) : none;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** "publish (3 failures)"; "none" when no step failed */
export const mostFailedStep = (row: TemplateHealthRow) =>
  row.mostFailedStep === null
    ? 'none'
    : `${row.mostFailedStepName || row.mostFailedStep} (${plural(
        row.mostFailedStepFailures,
        'failure',
      )})`;

/**
 * Whether an entity's docs are stale and by how much: "Stale: 12 days
 * behind the code", "Fresh", "Not built", "Unknown: <why>".
 */
export function docsFreshness(row: DocsHealthRow): string {
  switch (row.status) {
    case 'fresh':
      return 'Fresh';
    case 'stale':
      return row.docsBehindDays === null
        ? 'Stale'
        : `Stale: ${plural(row.docsBehindDays, 'day')} behind the code`;
    case 'not-built':
      return row.lastBuiltAt
        ? 'Not built since the last docs change'
        : 'Not built';
    default:
      return row.error ? `Unknown: ${row.error}` : 'Unknown';
  }
}
