import type { Knex } from 'knex';
import { toDate } from '../database/migrate';
import { FINISHED_STATUSES, type TemplateTask } from './figures';

const TABLE = 'adoption_template_tasks';

type Row = {
  task_id: string;
  template_ref: string;
  template_title: string | null;
  status: string;
  created_at: unknown;
  completed_at: unknown;
  failed_step_id: string | null;
  failed_step_name: string | null;
};

const fromRow = (r: Row): TemplateTask => ({
  taskId: r.task_id,
  templateRef: r.template_ref,
  templateTitle: r.template_title,
  status: r.status,
  createdAt: toDate(r.created_at),
  completedAt: r.completed_at === null ? null : toDate(r.completed_at),
  failedStepId: r.failed_step_id,
  failedStepName: r.failed_step_name,
});

/** The scaffolder's tasks as copied by the sync (adoption_template_tasks). */
export class TemplateTaskStore {
  constructor(private readonly knex: Knex) {}

  async upsert(tasks: TemplateTask[]): Promise<void> {
    for (const t of tasks) {
      await this.knex(TABLE)
        .insert({
          task_id: t.taskId,
          template_ref: t.templateRef,
          template_title: t.templateTitle,
          status: t.status,
          created_at: t.createdAt,
          completed_at: t.completedAt,
          failed_step_id: t.failedStepId,
          failed_step_name: t.failedStepName,
        })
        .onConflict('task_id')
        .merge();
    }
  }

  /**
   * Which of `taskIds` (a page of the scaffolder's tasks) were copied as
   * finished already: they change no more.
   */
  async finishedAmong(taskIds: string[]): Promise<Set<string>> {
    if (taskIds.length === 0) return new Set();
    const rows: { task_id: string }[] = await this.knex(TABLE)
      .whereIn('task_id', taskIds)
      .whereIn('status', FINISHED_STATUSES)
      .select('task_id');
    return new Set(rows.map(r => r.task_id));
  }

  /** Deletes the tasks created before `cutoff`; how many. */
  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    return this.knex(TABLE).where('created_at', '<', cutoff).delete();
  }

  /**
   * Where the next sync can stop paging back (newest first): before the
   * oldest task not yet finished, and before the newest task copied (less
   * a margin); undefined when nothing was copied yet.
   */
  async resumeFrom(marginMs: number): Promise<Date | undefined> {
    const [{ newest }] = await this.knex(TABLE).max({ newest: 'created_at' });
    if (newest === null || newest === undefined) return undefined;
    const [{ oldestOpen }] = await this.knex(TABLE)
      .whereNotIn('status', FINISHED_STATUSES)
      .min({ oldestOpen: 'created_at' });
    const fromNewest = new Date(toDate(newest).getTime() - marginMs);
    if (oldestOpen === null || oldestOpen === undefined) return fromNewest;
    const open = toDate(oldestOpen);
    return open < fromNewest ? open : fromNewest;
  }

  /** tasks created at or after `since`, optionally of one template */
  async list(options: { since: Date; templateRef?: string }) {
    const query = this.knex(TABLE).where('created_at', '>=', options.since);
    if (options.templateRef) {
      query.andWhere('template_ref', options.templateRef);
    }
    const rows: Row[] = await query.orderBy('created_at', 'asc').select();
    return rows.map(fromRow);
  }
}
