import type {
  TemplateHealthRow,
  TemplateRunsWeek,
  TemplateStepFailures,
} from '@internal/backstage-plugin-adoption-common';
import { DAY_MS } from '../service/time';
import {
  templateHealthRows,
  templateRunsPerWeek,
  templateStepFailures,
} from './figures';
import type { TemplateTaskStore } from './TemplateTaskStore';

/** Template health's figures, from the copied scaffolder tasks. */
export class TemplateHealthService {
  constructor(
    private readonly deps: {
      store: Pick<TemplateTaskStore, 'list'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private since(days: number): Date {
    return new Date(this.now().getTime() - days * DAY_MS);
  }

  /** Per template, the runs of the last `days` days. */
  async templates(days: number): Promise<TemplateHealthRow[]> {
    return templateHealthRows(
      await this.deps.store.list({ since: this.since(days) }),
    );
  }

  /** Runs per week and template, the last `weeks` weeks (the current one last). */
  async runsPerWeek(weeks: number): Promise<TemplateRunsWeek[]> {
    const now = this.now();
    const tasks = await this.deps.store.list({
      since: new Date(now.getTime() - weeks * 7 * DAY_MS),
    });
    return templateRunsPerWeek(tasks, weeks, now);
  }

  /** The steps that failed in the last `days` days, of one template when given. */
  async stepFailures(
    days: number,
    templateRef?: string,
  ): Promise<TemplateStepFailures[]> {
    return templateStepFailures(
      await this.deps.store.list({ since: this.since(days), templateRef }),
    );
  }
}
