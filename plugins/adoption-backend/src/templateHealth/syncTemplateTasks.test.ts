import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { adoptionDatabase } from '../database/migrate';
import type {
  ScaffolderTask,
  ScaffolderTaskEvent,
  ScaffolderTasks,
} from './ScaffolderTasksClient';
import { syncTemplateTasks, templateTaskOf } from './syncTemplateTasks';
import { TemplateTaskStore } from './TemplateTaskStore';

const NOW = new Date('2026-12-07T12:00:00Z');

const scaffolderTask = (
  id: string,
  status: string,
  createdAt: string,
  templateRef: string | null = 'template:default/svc',
): ScaffolderTask => ({
  id,
  status,
  createdAt,
  lastHeartbeatAt: createdAt,
  spec: {
    templateInfo: templateRef
      ? { entityRef: templateRef, entity: { metadata: { title: 'Service' } } }
      : undefined,
    steps: [
      { id: 'fetch', name: 'Fetch the skeleton' },
      { id: 'publish', name: 'Publish' },
    ],
  },
});

const events = (end: string, failedStep?: string): ScaffolderTaskEvent[] =>
  [
    {
      id: 1,
      type: 'log',
      createdAt: end,
      body: { stepId: 'fetch', status: 'processing' },
    },
    {
      id: 2,
      type: 'log',
      createdAt: end,
      body: { stepId: 'fetch', status: 'completed' },
    },
    ...(failedStep
      ? [
          {
            id: 3,
            type: 'log',
            createdAt: end,
            body: { stepId: failedStep, status: 'failed' },
          },
        ]
      : []),
    { id: 4, type: 'completion', createdAt: end, body: {} },
  ].map(e => ({ ...e, body: { message: 'm', ...e.body } }));

/** a scaffolder of these tasks, newest first, counting the calls */
class FakeScaffolder implements ScaffolderTasks {
  tasks: ScaffolderTask[] = [];
  events = new Map<string, ScaffolderTaskEvent[]>();
  calls: string[] = [];
  async listTasks(page: { limit: number; offset: number }) {
    this.calls.push(`list ${page.offset}`);
    return [...this.tasks]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(page.offset, page.offset + page.limit);
  }
  async taskEvents(taskId: string) {
    this.calls.push(`events ${taskId}`);
    return this.events.get(taskId) ?? [];
  }
}

describe('templateTaskOf', () => {
  it('takes the end from the completion event and the step that failed', () => {
    const t = scaffolderTask('a', 'failed', '2026-12-07T10:00:00.000Z');
    expect(
      templateTaskOf(t, events('2026-12-07T10:00:42.000Z', 'publish')),
    ).toEqual({
      taskId: 'a',
      templateRef: 'template:default/svc',
      templateTitle: 'Service',
      status: 'failed',
      createdAt: new Date('2026-12-07T10:00:00.000Z'),
      completedAt: new Date('2026-12-07T10:00:42.000Z'),
      failedStepId: 'publish',
      failedStepName: 'Publish',
    });
  });

  it('has no end while running, and skips tasks without a template', () => {
    const running = templateTaskOf(
      scaffolderTask('b', 'processing', '2026-12-07T10:00:00.000Z'),
      undefined,
    );
    expect(running).toMatchObject({ completedAt: null, failedStepId: null });
    expect(
      templateTaskOf(
        scaffolderTask('c', 'completed', '2026-12-07T10:00:00.000Z', null),
        [],
      ),
    ).toBeUndefined();
  });
});

describe('syncTemplateTasks', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('copies new tasks, reads events once a task has finished, resumes after the newest', async () => {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const store = new TemplateTaskStore(knex);
    const scaffolder = new FakeScaffolder();
    const sync = (now = NOW) =>
      syncTemplateTasks({
        scaffolder,
        store,
        logger: mockServices.logger.mock(),
        lookbackDays: 30,
        retentionDays: 90,
        now,
      });

    // 150 finished tasks over two pages, one running, one too old, one inline
    for (let i = 0; i < 150; i++) {
      const created = new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString();
      scaffolder.tasks.push(scaffolderTask(`t${i}`, 'completed', created));
      scaffolder.events.set(`t${i}`, events(created));
    }
    scaffolder.tasks.push(
      scaffolderTask('running', 'processing', '2026-12-05T00:00:00.000Z'),
      scaffolderTask('old', 'completed', '2026-10-01T00:00:00.000Z'),
      scaffolderTask('inline', 'completed', '2026-12-06T00:00:00.000Z', null),
    );

    expect(await sync()).toEqual({ listed: 152, copied: 151, expired: 0 });
    expect(scaffolder.calls.filter(c => c.startsWith('list'))).toEqual([
      'list 0',
      'list 100',
    ]);
    expect(scaffolder.calls.filter(c => c.startsWith('events'))).toHaveLength(
      150,
    );
    expect(scaffolder.calls).not.toContain('events running');
    expect(scaffolder.calls).not.toContain('events old');

    // the running task fails; a new one arrives: only those two are read
    scaffolder.calls = [];
    scaffolder.tasks.find(t => t.id === 'running')!.status = 'failed';
    scaffolder.events.set(
      'running',
      events('2026-12-05T00:01:00.000Z', 'fetch'),
    );
    scaffolder.tasks.push(
      scaffolderTask('new', 'completed', '2026-12-07T11:00:00.000Z'),
    );
    scaffolder.events.set('new', events('2026-12-07T11:00:05.000Z'));
    expect(await sync()).toEqual({ listed: 3, copied: 2, expired: 0 });
    expect(scaffolder.calls).toEqual([
      'list 0',
      'events new',
      'events running',
    ]);

    const copied = await store.list({
      since: new Date('2026-12-05T00:00:00Z'),
    });
    expect(
      copied.map(t => [
        t.taskId,
        t.status,
        t.completedAt?.toISOString(),
        t.failedStepId,
      ]),
    ).toEqual([
      ['running', 'failed', '2026-12-05T00:01:00.000Z', 'fetch'],
      ['new', 'completed', '2026-12-07T11:00:05.000Z', null],
    ]);
  });

  it('deletes the tasks older than the retention, and copies none of them', async () => {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const store = new TemplateTaskStore(knex);
    const scaffolder = new FakeScaffolder();
    for (const [id, created] of [
      ['recent', '2026-12-06T00:00:00.000Z'],
      ['older', '2026-11-20T00:00:00.000Z'],
    ]) {
      scaffolder.tasks.push(scaffolderTask(id, 'completed', created));
      scaffolder.events.set(id, events(created));
    }
    // copied by an earlier sync, when the retention was longer
    await store.upsert([
      {
        taskId: 'expired',
        templateRef: 'template:default/svc',
        templateTitle: null,
        status: 'completed',
        createdAt: new Date('2026-10-01T00:00:00.000Z'),
        completedAt: new Date('2026-10-01T00:01:00.000Z'),
        failedStepId: null,
        failedStepName: null,
      },
    ]);

    // a year back asked, ten days kept
    expect(
      await syncTemplateTasks({
        scaffolder,
        store,
        logger: mockServices.logger.mock(),
        lookbackDays: 365,
        retentionDays: 10,
        now: NOW,
      }),
    ).toEqual({ listed: 1, copied: 1, expired: 1 });
    const kept = await store.list({ since: new Date(0) });
    expect(kept.map(t => t.taskId)).toEqual(['recent']);
    expect(scaffolder.calls).not.toContain('events older');
  });
});

describe('TemplateTaskStore.finishedAmong', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('answers which of the given tasks were copied as finished', async () => {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const store = new TemplateTaskStore(knex);
    const task = (taskId: string, status: string) => ({
      taskId,
      templateRef: 'template:default/svc',
      templateTitle: null,
      status,
      createdAt: NOW,
      completedAt: null,
      failedStepId: null,
      failedStepName: null,
    });
    await store.upsert([
      task('done', 'completed'),
      task('broke', 'failed'),
      task('busy', 'processing'),
      task('elsewhere', 'completed'),
    ]);
    expect(
      [...(await store.finishedAmong(['done', 'broke', 'busy', 'new']))].sort(),
    ).toEqual(['broke', 'done']);
    expect(await store.finishedAmong([])).toEqual(new Set());
  });
});
