import type {
  TemplateHealthRow,
  TemplateRunsWeek,
  TemplateStepFailures,
} from '@internal/backstage-plugin-adoption-common';
import { DAY_MS, weekOf } from '../service/time';

/** One scaffolder task as the store keeps it. */
export type TemplateTask = {
  taskId: string;
  templateRef: string;
  templateTitle: string | null;
  /** open, processing, completed, failed, cancelled */
  status: string;
  createdAt: Date;
  /** null while not finished */
  completedAt: Date | null;
  failedStepId: string | null;
  failedStepName: string | null;
};

/** The statuses after which a task no longer changes. */
export const FINISHED_STATUSES = ['completed', 'failed', 'cancelled'];

/** the median of numbers (the mean of the middle two for an even count) */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const nameOf = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function stepFailures(tasks: TemplateTask[]): TemplateStepFailures[] {
  const counts = new Map<string, TemplateStepFailures>();
  for (const t of tasks) {
    if (t.status !== 'failed' || !t.failedStepId) continue;
    const key = `${t.templateRef}\u0000${t.failedStepId}`;
    const entry = counts.get(key) ?? {
      templateRef: t.templateRef,
      stepId: t.failedStepId,
      stepName: t.failedStepName ?? t.failedStepId,
      failures: 0,
    };
    entry.failures += 1;
    counts.set(key, entry);
  }
  // most failures first; ties by step id, so that the answer is stable
  return [...counts.values()].sort(
    (a, b) =>
      b.failures - a.failures ||
      a.templateRef.localeCompare(b.templateRef) ||
      a.stepId.localeCompare(b.stepId),
  );
}

/**
 * Per template: runs, outcomes, success rate (of the finished runs that
 * did not get cancelled), median duration (of the finished runs), the step
 * that failed most. Most runs first.
 */
export function templateHealthRows(tasks: TemplateTask[]): TemplateHealthRow[] {
  const byTemplate = new Map<string, TemplateTask[]>();
  for (const t of tasks) {
    byTemplate.set(t.templateRef, [
      ...(byTemplate.get(t.templateRef) ?? []),
      t,
    ]);
  }
  const rows: TemplateHealthRow[] = [];
  for (const [templateRef, runs] of byTemplate) {
    const count = (status: string) =>
      runs.filter(r => r.status === status).length;
    const succeeded = count('completed');
    const failed = count('failed');
    const cancelled = count('cancelled');
    const durations = runs
      .filter(r => FINISHED_STATUSES.includes(r.status) && r.completedAt)
      .map(r => (r.completedAt!.getTime() - r.createdAt.getTime()) / 1000);
    const [worst] = stepFailures(runs);
    const newest = runs.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    rows.push({
      templateRef,
      title:
        runs.find(r => r.templateTitle)?.templateTitle ?? nameOf(templateRef),
      runs: runs.length,
      succeeded,
      failed,
      cancelled,
      running: runs.length - succeeded - failed - cancelled,
      successRate:
        succeeded + failed ? round(succeeded / (succeeded + failed), 4) : null,
      medianDurationSeconds: round(median(durations), 1),
      mostFailedStep: worst?.stepId ?? null,
      mostFailedStepName: worst?.stepName ?? null,
      mostFailedStepFailures: worst?.failures ?? 0,
      lastRunAt: newest.createdAt.toISOString(),
    });
  }
  return rows.sort(
    (a, b) => b.runs - a.runs || a.templateRef.localeCompare(b.templateRef),
  );
}

/** How often each step of the templates failed, most first. */
export function templateStepFailures(
  tasks: TemplateTask[],
): TemplateStepFailures[] {
  return stepFailures(tasks);
}

/**
 * Runs per week and template for the `weeks` weeks up to `now` (the
 * current week last), weeks without runs included with zeros for every
 * template that ran in the range.
 */
export function templateRunsPerWeek(
  tasks: TemplateTask[],
  weeks: number,
  now: Date,
): TemplateRunsWeek[] {
  const current = weekOf(now);
  const allWeeks = Array.from({ length: weeks }, (_, i) =>
    new Date(Date.parse(current) - (weeks - 1 - i) * 7 * DAY_MS)
      .toISOString()
      .slice(0, 10),
  );
  const first = allWeeks[0];
  const inRange = tasks.filter(t => weekOf(t.createdAt) >= first);
  const templates = [...new Set(inRange.map(t => t.templateRef))].sort();
  const points: TemplateRunsWeek[] = [];
  for (const week of allWeeks) {
    for (const templateRef of templates) {
      const runs = inRange.filter(
        t => t.templateRef === templateRef && weekOf(t.createdAt) === week,
      );
      points.push({
        week,
        templateRef,
        runs: runs.length,
        succeeded: runs.filter(r => r.status === 'completed').length,
        failed: runs.filter(r => r.status === 'failed').length,
      });
    }
  }
  return points;
}

function round<T extends number | null>(value: T, digits: number): T {
  if (value === null) return value;
  const f = 10 ** digits;
  return (Math.round(value * f) / f) as T;
}
