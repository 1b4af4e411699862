import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { ADOPTION_TEMPLATE_HEALTH_PATHS as PATHS } from '@internal/backstage-plugin-adoption-common';
import {
  adoptionTestDatabases,
  PLATFORM,
  startAdoptionTestBackend,
  USER,
  type AdoptionTestBackend,
} from '../__testUtils__/adoptionTestBackend';
import { TEMPLATE_HEALTH_TASK_ID } from '.';

/*
 * Template health against the real scaffolder in the same test backend:
 * two templates from the (mocked) catalog run as the scaffolder runs them,
 * with an action that fails on purpose where a template's parameters say
 * so; the scheduled copy reads the scaffolder's task API
 * (`GET /v2/tasks`, `GET /v2/tasks/:id/events`) as the adoption plugin's
 * service, and the routes answer from the copy. For the figures, the
 * copied runs are then dated (start and end) at known times and the
 * routes asked at a known time, so that every expected value is written
 * as it is.
 */

jest.setTimeout(120_000);

const template = (
  name: string,
  title: string,
  steps: Array<{ id: string; name: string; action: string; if?: string }>,
): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default', title },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    parameters: [{ properties: {} }],
    steps: steps.map(s => ({ ...s, input: { message: s.name } })),
  },
});

const TEMPLATES = [
  template('go-service', 'Go service', [
    { id: 'log', name: 'Say hello', action: 'debug:log' },
    {
      id: 'publish',
      name: 'Publish to GitHub',
      action: 'test:fail',
      if: '${{ parameters.failPublish }}',
    },
  ]),
  template('docs-site', 'Docs site', [
    {
      id: 'fetch',
      name: 'Fetch the skeleton',
      action: 'test:fail',
      if: '${{ parameters.failFetch }}',
    },
    {
      id: 'register',
      name: 'Register in the catalog',
      action: 'test:fail',
      if: '${{ parameters.failRegister }}',
    },
  ]),
];

/** `test:fail`: fails, as a step whose remote system refused would */
const failingActions = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'adoption-test-actions',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createTemplateAction({
            id: 'test:fail',
            description: 'Fails on purpose',
            schema: { input: { message: z => z.string() } },
            async handler(ctx) {
              throw new Error(`${ctx.input.message} failed`);
            },
          }),
        );
      },
    });
  },
});

const databases = adoptionTestDatabases();

describe.each(databases.eachSupportedId())('template health on %p', id => {
  let backend: AdoptionTestBackend;

  beforeAll(async () => {
    backend = await startAdoptionTestBackend({
      databases,
      databaseId: id,
      entities: TEMPLATES,
      config: { scaffolder: { concurrentTasksLimit: 2 } },
      features: [scaffolderPlugin, failingActions],
    });
  });

  afterAll(() => backend?.stop());

  const scaffolder = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${backend.base}/api/scaffolder${path}`, {
      ...init,
      headers: {
        authorization: PLATFORM,
        'content-type': 'application/json',
      },
    });
    expect(res.ok).toBe(true);
    return res.json();
  };

  /** runs a template as the scaffolder's frontend does, until it ends */
  const run = async (name: string, values: Record<string, boolean>) => {
    const { id: taskId } = await scaffolder('/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: `template:default/${name}`, values }),
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const task = await scaffolder(`/v2/tasks/${taskId}`);
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        return task.status as string;
      }
      if (Date.now() > deadline) throw new Error(`task ${taskId} hangs`);
      await new Promise(r => setTimeout(r, 100));
    }
  };

  /** every task the scaffolder recorded, with its end (the completion event) */
  const recordedTasks = async () => {
    const { tasks } = await scaffolder('/v2/tasks?limit=100');
    const recorded: Array<{ taskId: string; end: string }> = [];
    for (const task of tasks) {
      const events = await scaffolder(`/v2/tasks/${task.id}/events`);
      const end = events.find((e: { type: string }) => e.type === 'completion');
      recorded.push({
        taskId: task.id,
        end: new Date(end.createdAt).toISOString(),
      });
    }
    return recorded.sort((a, b) => a.taskId.localeCompare(b.taskId));
  };

  /**
   * the copied tasks by template, outcome and failed step (the scaffolder's
   * times may tie on SQLite, which keeps whole seconds)
   */
  const copiedTasks = async () =>
    (
      await backend
        .knex('adoption_template_tasks')
        .orderBy([
          { column: 'template_ref', order: 'desc' },
          { column: 'status' },
          { column: 'failed_step_id' },
          { column: 'task_id' },
        ])
        .select()
    ).map(r => ({
      taskId: r.task_id as string,
      templateRef: r.template_ref as string,
      status: r.status as string,
      failedStep: r.failed_step_id as string | null,
      failedStepName: r.failed_step_name as string | null,
      end: (r.completed_at instanceof Date
        ? r.completed_at
        : new Date(Number(r.completed_at))
      ).toISOString(),
    }));

  it('copies the tasks as the scaffolder recorded them, once', async () => {
    // nothing to copy yet
    await backend.runTask(TEMPLATE_HEALTH_TASK_ID);
    expect(
      (await backend.json(PATHS.templates, { as: PLATFORM })).body,
    ).toEqual({ items: [] });

    expect(await run('go-service', { failPublish: false })).toBe('completed');
    expect(await run('go-service', { failPublish: false })).toBe('completed');
    expect(await run('go-service', { failPublish: true })).toBe('failed');
    expect(await run('docs-site', { failFetch: true })).toBe('failed');
    expect(await run('docs-site', { failFetch: true })).toBe('failed');
    expect(await run('docs-site', { failRegister: true })).toBe('failed');
    expect(await run('docs-site', {})).toBe('completed');

    await backend.runTask(TEMPLATE_HEALTH_TASK_ID);
    const copied = await copiedTasks();
    expect(
      copied.map(t => [
        t.templateRef,
        t.status,
        t.failedStep,
        t.failedStepName,
      ]),
    ).toEqual([
      ['template:default/go-service', 'completed', null, null],
      ['template:default/go-service', 'completed', null, null],
      ['template:default/go-service', 'failed', 'publish', 'Publish to GitHub'],
      ['template:default/docs-site', 'completed', null, null],
      ['template:default/docs-site', 'failed', 'fetch', 'Fetch the skeleton'],
      ['template:default/docs-site', 'failed', 'fetch', 'Fetch the skeleton'],
      [
        'template:default/docs-site',
        'failed',
        'register',
        'Register in the catalog',
      ],
    ]);
    // each run ends where the scaffolder's completion event says
    expect(
      copied
        .map(t => ({ taskId: t.taskId, end: t.end }))
        .sort((a, b) => a.taskId.localeCompare(b.taskId)),
    ).toEqual(await recordedTasks());

    // the copy is kept: a second run copies nothing new
    await backend.runTask(TEMPLATE_HEALTH_TASK_ID);
    expect(await copiedTasks()).toEqual(copied);
  });

  describe('figures', () => {
    /** when the figures are asked for: a Wednesday */
    const NOW = new Date('2026-12-09T12:00:00.000Z');
    /** each template's runs, in the order of copiedTasks: start and seconds taken */
    const DATED: Record<string, Array<[string, number]>> = {
      'template:default/go-service': [
        // completed, completed, failed at publish
        ['2026-11-30T10:00:00.000Z', 20],
        ['2026-12-01T10:00:00.000Z', 40],
        ['2026-12-08T09:00:00.000Z', 5],
      ],
      'template:default/docs-site': [
        // completed, failed at fetch twice, failed at register
        ['2026-12-08T11:00:00.000Z', 30],
        ['2026-12-02T10:00:00.000Z', 3],
        ['2026-12-03T10:00:00.000Z', 4],
        ['2026-12-07T10:00:00.000Z', 10],
      ],
    };

    beforeAll(async () => {
      for (const [templateRef, runs] of Object.entries(DATED)) {
        const copied = (await copiedTasks()).filter(
          t => t.templateRef === templateRef,
        );
        if (copied.length !== runs.length) {
          throw new Error(`${copied.length} runs of ${templateRef} copied`);
        }
        for (const [i, [start, seconds]] of runs.entries()) {
          await backend
            .knex('adoption_template_tasks')
            .where('task_id', copied[i].taskId)
            .update({
              created_at: new Date(start),
              completed_at: new Date(Date.parse(start) + seconds * 1000),
            });
        }
      }
      // the clock of the routes only
      jest.useFakeTimers({
        now: NOW,
        advanceTimers: true,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
    });

    afterAll(() => {
      jest.useRealTimers();
    });

    it('answers runs, success rate, median duration and the step failing most', async () => {
      const { status, body } = await backend.json(PATHS.templates, {
        as: PLATFORM,
      });
      expect(status).toBe(200);
      expect(body.items).toEqual([
        {
          templateRef: 'template:default/docs-site',
          title: 'Docs site',
          runs: 4,
          succeeded: 1,
          failed: 3,
          cancelled: 0,
          running: 0,
          successRate: 0.25,
          // 3, 4, 10, 30 seconds
          medianDurationSeconds: 7,
          mostFailedStep: 'fetch',
          mostFailedStepName: 'Fetch the skeleton',
          mostFailedStepFailures: 2,
          lastRunAt: '2026-12-08T11:00:00.000Z',
        },
        {
          templateRef: 'template:default/go-service',
          title: 'Go service',
          runs: 3,
          succeeded: 2,
          failed: 1,
          cancelled: 0,
          running: 0,
          successRate: 0.6667,
          // 5, 20, 40 seconds
          medianDurationSeconds: 20,
          mostFailedStep: 'publish',
          mostFailedStepName: 'Publish to GitHub',
          mostFailedStepFailures: 1,
          lastRunAt: '2026-12-08T09:00:00.000Z',
        },
      ]);

      // the last 8 days: since 2026-12-01T12:00
      const week = await backend.json(`${PATHS.templates}?days=8`, {
        as: PLATFORM,
      });
      expect(
        week.body.items.map((r: { templateRef: string; runs: number }) => [
          r.templateRef,
          r.runs,
        ]),
      ).toEqual([
        ['template:default/docs-site', 4],
        ['template:default/go-service', 1],
      ]);
    });

    it('answers the steps that failed and the runs per week', async () => {
      const steps = await backend.json(`${PATHS.steps}?templateRef=docs-site`, {
        as: PLATFORM,
      });
      expect(steps).toEqual({
        status: 200,
        body: {
          items: [
            {
              templateRef: 'template:default/docs-site',
              stepId: 'fetch',
              stepName: 'Fetch the skeleton',
              failures: 2,
            },
            {
              templateRef: 'template:default/docs-site',
              stepId: 'register',
              stepName: 'Register in the catalog',
              failures: 1,
            },
          ],
        },
      });

      const trend = await backend.json(`${PATHS.trend}?weeks=3`, {
        as: PLATFORM,
      });
      expect(trend.body.items).toEqual([
        {
          week: '2026-11-23',
          templateRef: 'template:default/docs-site',
          runs: 0,
          succeeded: 0,
          failed: 0,
        },
        {
          week: '2026-11-23',
          templateRef: 'template:default/go-service',
          runs: 0,
          succeeded: 0,
          failed: 0,
        },
        {
          week: '2026-11-30',
          templateRef: 'template:default/docs-site',
          runs: 2,
          succeeded: 0,
          failed: 2,
        },
        {
          week: '2026-11-30',
          templateRef: 'template:default/go-service',
          runs: 2,
          succeeded: 2,
          failed: 0,
        },
        {
          week: '2026-12-07',
          templateRef: 'template:default/docs-site',
          runs: 2,
          succeeded: 1,
          failed: 1,
        },
        {
          week: '2026-12-07',
          templateRef: 'template:default/go-service',
          runs: 1,
          succeeded: 0,
          failed: 1,
        },
      ]);
    });

    it('exports CSV', async () => {
      const res = await backend.api(`${PATHS.templates}?format=csv`, {
        as: PLATFORM,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="template-health.csv"',
      );
      expect((await res.text()).split('\r\n')).toEqual([
        'templateRef,title,runs,succeeded,failed,cancelled,running,successRate,medianDurationSeconds,mostFailedStep,mostFailedStepName,mostFailedStepFailures,lastRunAt',
        'template:default/docs-site,Docs site,4,1,3,0,0,0.25,7,fetch,Fetch the skeleton,2,2026-12-08T11:00:00.000Z',
        'template:default/go-service,Go service,3,2,1,0,0,0.6667,20,publish,Publish to GitHub,1,2026-12-08T09:00:00.000Z',
      ]);

      const trend = await backend.api(`${PATHS.trend}?weeks=1&format=csv`, {
        as: PLATFORM,
      });
      expect((await trend.text()).split('\r\n')).toEqual([
        'week,templateRef,runs,succeeded,failed',
        '2026-12-07,template:default/docs-site,2,1,1',
        '2026-12-07,template:default/go-service,1,0,1',
      ]);
    });
  });

  it('answers 403 without adoption.read and 400 for a bad query', async () => {
    for (const path of [PATHS.templates, PATHS.trend, PATHS.steps]) {
      const res = await backend.json(path, { as: USER });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'Not allowed: adoption.read',
      });
    }
    const bad = await backend.json(`${PATHS.templates}?days=0`, {
      as: PLATFORM,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid query: days: /);
    const badRef = await backend.json(
      `${PATHS.steps}?templateRef=template:default/`,
      {
        as: PLATFORM,
      },
    );
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.message).toBe(
      'Invalid query: templateRef: not an entity reference',
    );
    for (const [path, key] of [
      [`${PATHS.templates}?day=7`, 'day'],
      [`${PATHS.trend}?weeks=2&week=1`, 'week'],
      [`${PATHS.steps}?template=docs-site`, 'template'],
    ]) {
      const unknown = await backend.json(path, { as: PLATFORM });
      expect([path, unknown.status, unknown.body.error.message]).toEqual([
        path,
        400,
        `Invalid query: Unrecognized key: "${key}"`,
      ]);
    }
  });
});
