import type { LoggerService } from '@backstage/backend-plugin-api';
import { DAY_MS } from '../service/time';
import { FINISHED_STATUSES, type TemplateTask } from './figures';
import type {
  ScaffolderTask,
  ScaffolderTaskEvent,
  ScaffolderTasks,
} from './ScaffolderTasksClient';
import type { TemplateTaskStore } from './TemplateTaskStore';

const PAGE_SIZE = 100;
/** tasks created this long before the newest copied one are listed again */
const RESUME_MARGIN_MS = 60 * 60 * 1000;

/**
 * A task as stored: its template from `spec.templateInfo`, its end from the
 * completion event, the failed step from the log event that marked a step
 * `failed` (the scaffolder emits one per failed step; the first counts).
 */
export function templateTaskOf(
  task: ScaffolderTask,
  events: ScaffolderTaskEvent[] | undefined,
): TemplateTask | undefined {
  const info = task.spec.templateInfo;
  if (!info?.entityRef) return undefined;
  const completion = events?.find(e => e.type === 'completion');
  const failedStep = events?.find(
    e => e.type === 'log' && e.body.status === 'failed' && e.body.stepId,
  )?.body.stepId;
  const stepName = task.spec.steps?.find(s => s.id === failedStep)?.name;
  const finished = FINISHED_STATUSES.includes(task.status);
  const end = completion?.createdAt ?? task.lastHeartbeatAt;
  return {
    taskId: task.id,
    templateRef: info.entityRef,
    templateTitle: info.entity?.metadata?.title ?? null,
    status: task.status,
    createdAt: new Date(task.createdAt),
    completedAt: finished && end ? new Date(end) : null,
    failedStepId: failedStep ?? null,
    failedStepName: failedStep ? stepName ?? failedStep : null,
  };
}

/**
 * Copies the scaffolder's tasks into the store, newest first: every task
 * back to `lookbackDays` (but no older than `retentionDays`) on the first
 * run, afterwards back to the newest task copied (less a margin) or the
 * oldest one not finished then. Events are read once per task, when it has
 * finished; tasks without a template reference (created from an inline
 * spec) are left out. First deletes the tasks copied more than
 * `retentionDays` ago (by creation), so that the table stays bounded.
 */
export async function syncTemplateTasks(options: {
  scaffolder: ScaffolderTasks;
  store: TemplateTaskStore;
  logger: LoggerService;
  lookbackDays: number;
  retentionDays: number;
  now?: Date;
}): Promise<{
  /** tasks of the scaffolder looked at (created since where the copy resumed) */
  listed: number;
  /** tasks copied (new, or changed since the last copy) */
  copied: number;
  /** copied tasks deleted, older than the retention */
  expired: number;
}> {
  const { scaffolder, store, logger } = options;
  const now = options.now ?? new Date();
  const retained = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const expired = await store.deleteCreatedBefore(retained);
  const lookback = new Date(
    now.getTime() -
      Math.min(options.lookbackDays, options.retentionDays) * DAY_MS,
  );
  const resume = await store.resumeFrom(RESUME_MARGIN_MS);
  const stopBefore = resume && resume > lookback ? resume : lookback;

  let listed = 0;
  let copied = 0;
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await scaffolder.listTasks({ limit: PAGE_SIZE, offset });
    const finished = await store.finishedAmong(page.map(t => t.id));
    const batch: TemplateTask[] = [];
    let reachedEnd = page.length < PAGE_SIZE;
    for (const task of page) {
      if (new Date(task.createdAt) < stopBefore) {
        reachedEnd = true;
        break;
      }
      listed += 1;
      if (finished.has(task.id) || !task.spec.templateInfo?.entityRef) {
        continue;
      }
      const events = FINISHED_STATUSES.includes(task.status)
        ? await scaffolder.taskEvents(task.id)
        : undefined;
      const row = templateTaskOf(task, events);
      if (row) batch.push(row);
    }
    await store.upsert(batch);
    copied += batch.length;
    if (reachedEnd) break;
  }
  logger.info(
    `Template health: listed ${listed} scaffolder tasks, copied ${copied}, deleted ${expired} older than ${options.retentionDays} days`,
  );
  return { listed, copied, expired };
}
