import {
  median,
  templateHealthRows,
  templateRunsPerWeek,
  templateStepFailures,
  type TemplateTask,
} from './figures';

const task = (
  id: string,
  templateRef: string,
  status: string,
  created: string,
  seconds: number | null,
  failedStep?: [string, string],
): TemplateTask => ({
  taskId: id,
  templateRef,
  templateTitle: templateRef.endsWith('svc') ? 'Service' : null,
  status,
  createdAt: new Date(created),
  completedAt:
    seconds === null ? null : new Date(Date.parse(created) + seconds * 1000),
  failedStepId: failedStep?.[0] ?? null,
  failedStepName: failedStep?.[1] ?? null,
});

const SVC = 'template:default/svc';
const LIB = 'template:default/lib';
const TASKS = [
  task('1', SVC, 'completed', '2026-11-30T10:00:00Z', 30),
  task('2', SVC, 'failed', '2026-12-01T10:00:00Z', 10, ['publish', 'Publish']),
  task('3', SVC, 'failed', '2026-12-02T10:00:00Z', 20, ['publish', 'Publish']),
  task('4', SVC, 'failed', '2026-12-03T10:00:00Z', 5, ['fetch', 'Fetch']),
  task('5', SVC, 'processing', '2026-12-06T23:59:59Z', null),
  task('6', LIB, 'cancelled', '2026-12-07T00:00:00Z', 2),
  task('7', LIB, 'completed', '2026-12-07T01:00:00Z', 40),
];

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([10, 1, 4, 2])).toBe(3);
  });
});

describe('templateHealthRows', () => {
  it('counts outcomes, the success rate of finished runs, the median duration and the step failing most', () => {
    expect(templateHealthRows(TASKS)).toEqual([
      {
        templateRef: SVC,
        title: 'Service',
        runs: 5,
        succeeded: 1,
        failed: 3,
        cancelled: 0,
        running: 1,
        successRate: 0.25,
        // 5, 10, 20, 30
        medianDurationSeconds: 15,
        mostFailedStep: 'publish',
        mostFailedStepName: 'Publish',
        mostFailedStepFailures: 2,
        lastRunAt: '2026-12-06T23:59:59.000Z',
      },
      {
        templateRef: LIB,
        title: 'lib',
        runs: 2,
        succeeded: 1,
        failed: 0,
        cancelled: 1,
        running: 0,
        successRate: 1,
        // a cancelled run took time too: 2, 40
        medianDurationSeconds: 21,
        mostFailedStep: null,
        mostFailedStepName: null,
        mostFailedStepFailures: 0,
        lastRunAt: '2026-12-07T01:00:00.000Z',
      },
    ]);
  });

  it('has no rate or median before a run finished, and rounds them', () => {
    expect(
      templateHealthRows([
        task('1', LIB, 'open', '2026-12-07T00:00:00Z', null),
      ])[0],
    ).toMatchObject({
      runs: 1,
      running: 1,
      successRate: null,
      medianDurationSeconds: null,
    });
    const thirds = templateHealthRows([
      task('1', LIB, 'completed', '2026-12-07T00:00:00Z', 1.26),
      task('2', LIB, 'failed', '2026-12-07T00:00:00Z', 1.26, ['x', 'X']),
      task('3', LIB, 'failed', '2026-12-07T00:00:00Z', 1.26, ['x', 'X']),
    ])[0];
    expect(thirds.successRate).toBe(0.3333);
    expect(thirds.medianDurationSeconds).toBe(1.3);
  });
});

describe('templateStepFailures', () => {
  it('lists each failed step, most first, ties by step id', () => {
    expect(templateStepFailures(TASKS)).toEqual([
      { templateRef: SVC, stepId: 'publish', stepName: 'Publish', failures: 2 },
      { templateRef: SVC, stepId: 'fetch', stepName: 'Fetch', failures: 1 },
    ]);
  });
});

describe('templateRunsPerWeek', () => {
  it('lists every week of the range for every template that ran, zeros included', () => {
    expect(
      templateRunsPerWeek(TASKS, 3, new Date('2026-12-08T12:00:00Z')),
    ).toEqual([
      {
        week: '2026-11-23',
        templateRef: LIB,
        runs: 0,
        succeeded: 0,
        failed: 0,
      },
      {
        week: '2026-11-23',
        templateRef: SVC,
        runs: 0,
        succeeded: 0,
        failed: 0,
      },
      {
        week: '2026-11-30',
        templateRef: LIB,
        runs: 0,
        succeeded: 0,
        failed: 0,
      },
      {
        week: '2026-11-30',
        templateRef: SVC,
        runs: 5,
        succeeded: 1,
        failed: 3,
      },
      {
        week: '2026-12-07',
        templateRef: LIB,
        runs: 2,
        succeeded: 1,
        failed: 0,
      },
      {
        week: '2026-12-07',
        templateRef: SVC,
        runs: 0,
        succeeded: 0,
        failed: 0,
      },
    ]);
  });

  it('leaves out runs before the first week', () => {
    expect(
      templateRunsPerWeek(TASKS, 1, new Date('2026-12-08T12:00:00Z')),
    ).toEqual([
      {
        week: '2026-12-07',
        templateRef: LIB,
        runs: 2,
        succeeded: 1,
        failed: 0,
      },
    ]);
  });
});
