/**
 * Template health: the scaffolder's own task records per template (runs,
 * success rate, median duration, the step that fails most), copied on a
 * schedule by the adoption backend.
 *
 * Routes under /api/adoption (all need `adoption.read`; `?format=csv`
 * answers the same rows as CSV):
 * - `GET /v1/template-health?days=90` → `{ items: TemplateHealthRow[] }`
 * - `GET /v1/template-health/trend?weeks=12` → `{ items: TemplateRunsWeek[] }`
 * - `GET /v1/template-health/steps?templateRef=&days=90` → `{ items: TemplateStepFailures[] }`
 */

/** The template health routes, under /api/adoption. @public */
export const ADOPTION_TEMPLATE_HEALTH_PATHS = {
  /** `?days=` (default 90, at most 3660) */
  templates: '/v1/template-health',
  /** `?weeks=` (default 12, at most 104) */
  trend: '/v1/template-health/trend',
  /** `?templateRef=&days=` */
  steps: '/v1/template-health/steps',
} as const;

/**
 * One template over the window (`days`, default 90): one flat row, as in the
 * CSV export.
 *
 * @public
 */
export type TemplateHealthRow = {
  /** `template:namespace/name` as the task recorded it */
  templateRef: string;
  /** the template's title when the task recorded one, else its name */
  title: string;
  /** tasks created in the window */
  runs: number;
  /** finished with status `completed` */
  succeeded: number;
  /** finished with status `failed` */
  failed: number;
  /** finished with status `cancelled` */
  cancelled: number;
  /** not finished yet (`open`, `processing`) */
  running: number;
  /** succeeded / (succeeded + failed), 0..1; null when none finished */
  successRate: number | null;
  /** median of (completed − created) over finished runs, in seconds; null when none finished */
  medianDurationSeconds: number | null;
  /** the step id that failed most often; null when no step failed */
  mostFailedStep: string | null;
  /** that step's name as the template gives it (null as above) */
  mostFailedStepName: string | null;
  /** how often that step failed */
  mostFailedStepFailures: number;
  /** ISO time of the newest run in the window */
  lastRunAt: string;
};

/**
 * Runs per ISO week (weeks start Monday, UTC), per template: the trend
 * chart. Weeks without runs are listed with zeros, oldest first.
 *
 * @public
 */
export type TemplateRunsWeek = {
  /** the week's Monday, `YYYY-MM-DD` */
  week: string;
  templateRef: string;
  runs: number;
  succeeded: number;
  failed: number;
};

/**
 * How often each step of one template failed in the window, most first.
 *
 * @public
 */
export type TemplateStepFailures = {
  templateRef: string;
  stepId: string;
  stepName: string;
  failures: number;
};

/** The CSV columns of each table, in order. @public */
export const templateHealthColumns: (keyof TemplateHealthRow)[] = [
  'templateRef',
  'title',
  'runs',
  'succeeded',
  'failed',
  'cancelled',
  'running',
  'successRate',
  'medianDurationSeconds',
  'mostFailedStep',
  'mostFailedStepName',
  'mostFailedStepFailures',
  'lastRunAt',
];

/** @public */
export const templateRunsWeekColumns: (keyof TemplateRunsWeek)[] = [
  'week',
  'templateRef',
  'runs',
  'succeeded',
  'failed',
];

/** @public */
export const templateStepFailuresColumns: (keyof TemplateStepFailures)[] = [
  'templateRef',
  'stepId',
  'stepName',
  'failures',
];
