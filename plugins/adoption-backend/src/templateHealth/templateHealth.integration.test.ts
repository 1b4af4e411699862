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
import { median, weekOf } from './figures';
import { TEMPLATE_HEALTH_TASK_ID } from '.';

/*
 * Template health against the real scaffolder in the same test backend:
 * two templates from the (mocked) catalog run as the scaffolder runs them,
 * with an action that fails on purpose where a template's parameters say
 * so; the scheduled copy reads the scaffolder's task API
 * (`GET /v2/tasks`, `GET /v2/tasks/:id/events`) as the adoption plugin's
 * service, and the routes answer from the copy.
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

  /** the durations the scaffolder itself recorded, for a template */
  const recordedDurations = async (templateRef: string) => {
    const { tasks } = await scaffolder('/v2/tasks?limit=100');
    const durations: number[] = [];
    for (const task of tasks) {
      if (task.spec.templateInfo.entityRef !== templateRef) continue;
      const events = await scaffolder(`/v2/tasks/${task.id}/events`);
      const end = events.find((e: { type: string }) => e.type === 'completion');
      durations.push(
        (Date.parse(end.createdAt) - Date.parse(task.createdAt)) / 1000,
      );
    }
    return durations;
  };

  it('copies the tasks and answers runs, success rate, median duration and the step failing most', async () => {
    // nothing copied yet
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
    const { status, body } = await backend.json(PATHS.templates, {
      as: PLATFORM,
    });
    expect(status).toBe(200);
    const round1 = (n: number) => Math.round(n * 10) / 10;
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
        medianDurationSeconds: round1(
          median(await recordedDurations('template:default/docs-site'))!,
        ),
        mostFailedStep: 'fetch',
        mostFailedStepName: 'Fetch the skeleton',
        mostFailedStepFailures: 2,
        lastRunAt: expect.any(String),
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
        medianDurationSeconds: round1(
          median(await recordedDurations('template:default/go-service'))!,
        ),
        mostFailedStep: 'publish',
        mostFailedStepName: 'Publish to GitHub',
        mostFailedStepFailures: 1,
        lastRunAt: expect.any(String),
      },
    ]);

    // the copy is kept: a second run copies nothing new
    const rows = await backend
      .knex('adoption_template_tasks')
      .count({ n: '*' });
    await backend.runTask(TEMPLATE_HEALTH_TASK_ID);
    expect(
      await backend.knex('adoption_template_tasks').count({ n: '*' }),
    ).toEqual(rows);
    expect(Number(rows[0].n)).toBe(7);
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

    const thisWeek = weekOf(new Date());
    const lastWeek = weekOf(new Date(Date.parse(thisWeek) - 86_400_000));
    const trend = await backend.json(`${PATHS.trend}?weeks=2`, {
      as: PLATFORM,
    });
    expect(trend.body.items).toEqual([
      {
        week: lastWeek,
        templateRef: 'template:default/docs-site',
        runs: 0,
        succeeded: 0,
        failed: 0,
      },
      {
        week: lastWeek,
        templateRef: 'template:default/go-service',
        runs: 0,
        succeeded: 0,
        failed: 0,
      },
      {
        week: thisWeek,
        templateRef: 'template:default/docs-site',
        runs: 4,
        succeeded: 1,
        failed: 3,
      },
      {
        week: thisWeek,
        templateRef: 'template:default/go-service',
        runs: 3,
        succeeded: 2,
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
    const lines = (await res.text()).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'templateRef,title,runs,succeeded,failed,cancelled,running,successRate,medianDurationSeconds,mostFailedStep,mostFailedStepName,mostFailedStepFailures,lastRunAt',
    );
    expect(lines[1]).toMatch(
      /^template:default\/docs-site,Docs site,4,1,3,0,0,0\.25,[\d.]+,fetch,Fetch the skeleton,2,\d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    expect(lines[2]).toMatch(
      /^template:default\/go-service,Go service,3,2,1,0,0,0\.6667,[\d.]+,publish,Publish to GitHub,1,/,
    );

    const trend = await backend.api(`${PATHS.trend}?weeks=1&format=csv`, {
      as: PLATFORM,
    });
    expect((await trend.text()).split('\r\n')).toEqual([
      'week,templateRef,runs,succeeded,failed',
      `${weekOf(new Date())},template:default/docs-site,4,1,3`,
      `${weekOf(new Date())},template:default/go-service,3,2,1`,
    ]);
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
  });
});
