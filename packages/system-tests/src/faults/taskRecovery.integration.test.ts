import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  KillableBackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';

/*
 * The backend dies mid-task (SIGKILL: a crash, an OOM kill) while a
 * template's slow step runs. Started again on the same database, it takes
 * the task up again (scaffolder.taskRecovery in app-config.yaml) and resumes
 * it at the step it was in: the task completes, its completed steps are not
 * run twice, and no task is left "processing".
 *
 * With @backstage/plugin-scaffolder-backend 4.x the global
 * `scaffolder.taskRecovery.enabled` decides; a template's
 * `EXPERIMENTAL_recovery.EXPERIMENTAL_strategy` no longer makes a task fail
 * (`none`) or start over (`startOver`): both resume, and `startOver` only
 * hides the events of the runs before the recovery. Both are checked.
 */

jest.setTimeout(300_000);

type Task = { id: string; status: string; spec: { templateInfo?: unknown } };
type TaskEvent = {
  id: number;
  type: string;
  body: { message?: string; stepId?: string; status?: string };
};

/** debug:log, then a slow step during which the backend is killed, then debug:log */
const template = (name: string, strategy: string) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, title: `Recovery (${strategy})` },
  spec: {
    owner: 'group:default/platform-team',
    type: 'service',
    EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: strategy },
    parameters: [],
    steps: [
      {
        id: 'before',
        name: 'Before',
        action: 'debug:log',
        input: { message: `first step of ${name}` },
      },
      {
        id: 'slow',
        name: 'Slow',
        action: 'debug:wait',
        input: { seconds: 20 },
      },
      {
        id: 'after',
        name: 'After',
        action: 'debug:log',
        input: { message: `last step of ${name}` },
      },
    ],
  },
});

describe('a backend killed while a scaffolder task runs', () => {
  let workDir: string;
  let args: string[];
  let env: Record<string, string>;
  let backend: KillableBackendProcess;
  let token: string;

  const api = async (p: string, init: RequestInit = {}) =>
    fetch(`${backend.baseUrl}/api${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  const task = async (id: string) =>
    (await (await api(`/scaffolder/v2/tasks/${id}`)).json()) as Task;
  const events = async (id: string) =>
    (await (
      await api(`/scaffolder/v2/tasks/${id}/events`)
    ).json()) as TaskEvent[];
  const stepEvents = (all: TaskEvent[], stepId: string) =>
    all
      .filter(e => e.body.stepId === stepId && e.body.status)
      .map(e => e.body.status);

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-task-recovery-'));
    const templates = path.join(workDir, 'templates.yaml');
    fs.writeFileSync(
      templates,
      [
        template('recover-start-over', 'startOver'),
        template('recover-none', 'none'),
      ]
        .map(t => stringify(t))
        .join('---\n'),
    );
    const dev = parse(
      fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    );
    const configFile = path.join(workDir, 'recovery.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        // what app-config.yaml sets, with a shorter wait before a task
        // counts as abandoned (its heartbeat is written every second)
        scaffolder: {
          taskRecovery: {
            ...dev.scaffolder.taskRecovery,
            staleTimeout: { seconds: 5 },
          },
        },
        // the teams (template owners) and the two templates only
        catalog: {
          locations: [
            dev.catalog.locations.find((l: { target: string }) =>
              l.target.endsWith('/org.yaml'),
            ),
            {
              type: 'file',
              target: templates,
              rules: [{ allow: ['Template'] }],
            },
          ],
        },
      }),
    );
    args = ['--config', '../../app-config.yaml', '--config', configFile];
    env = {
      APP_CONFIG_backend_database_connection_directory: path.join(
        workDir,
        'db',
      ),
    };
    backend = await startBackendProcess({ args, env });
    token = await readyAndSignedIn(backend);
  });

  afterAll(async () => {
    await backend?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('resumes the task at the step it was in, after a restart on the same database', async () => {
    // the actions of the templates exist in this backend
    const actions = (await (await api('/scaffolder/v2/actions')).json()) as {
      id: string;
    }[];
    expect(actions.map(a => a.id)).toEqual(
      expect.arrayContaining(['debug:log', 'debug:wait']),
    );
    for (const name of ['recover-start-over', 'recover-none']) {
      await waitUntil(
        `template ${name} in the catalog`,
        async () =>
          (
            await api(`/catalog/entities/by-name/template/default/${name}`)
          ).ok || undefined,
        { timeoutMs: 60_000, backend },
      );
    }

    const start = async (name: string) => {
      const res = await api('/scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: `template:default/${name}`,
          values: {},
        }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const startOver = await start('recover-start-over');
    const none = await start('recover-none');

    // both are in their slow step, the first one done
    for (const id of [startOver, none]) {
      await waitUntil(
        `task ${id} in its slow step`,
        async () => {
          const all = await events(id);
          return stepEvents(all, 'slow').includes('processing')
            ? all
            : undefined;
        },
        { timeoutMs: 30_000, backend },
      );
      expect((await task(id)).status).toBe('processing');
      expect(stepEvents(await events(id), 'before')).toContain('completed');
    }

    await backend.kill();
    const killedAt = Date.now();
    backend = await startBackendProcess({ args, env });
    token = await readyAndSignedIn(backend);

    const settled = async (id: string) =>
      waitUntil(
        `task ${id} to end`,
        async () => {
          const { status } = await task(id);
          return ['completed', 'failed', 'cancelled'].includes(status)
            ? status
            : undefined;
        },
        { timeoutMs: 120_000, backend },
      );
    expect(await settled(startOver)).toBe('completed');
    expect(await settled(none)).toBe('completed');
    // eslint-disable-next-line no-console
    console.log(
      `both tasks completed ${((Date.now() - killedAt) / 1000).toFixed(
        1,
      )} s after the kill`,
    );

    for (const id of [startOver, none]) {
      const all = await events(id);
      const messages = all.map(e => e.body.message ?? '');
      // resumed, not started over: the first step is skipped, the slow one
      // runs again, the last one runs once
      expect(messages).toContain(
        'Task recovered - resuming from last known good state. 1 step(s) already completed.',
      );
      expect(messages).toContain(
        'Skipping step before because it was already completed in a previous run',
      );
      expect(stepEvents(all, 'slow')).toContain('completed');
      expect(stepEvents(all, 'after').filter(s => s === 'completed')).toEqual([
        'completed',
      ]);
      expect(all.filter(e => e.type === 'completion')).toHaveLength(1);
    }
    // startOver: the events of the killed run are no longer listed; none:
    // they are, followed by the recovery
    const startOverEvents = await events(startOver);
    expect(startOverEvents[0].type).toBe('recovered');
    const noneEvents = await events(none);
    expect(noneEvents.map(e => e.type)).toContain('recovered');
    expect(noneEvents[0].type).not.toBe('recovered');
    expect(
      noneEvents
        .slice(
          0,
          noneEvents.findIndex(e => e.type === 'recovered'),
        )
        .map(e => e.body.message ?? ''),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('first step of recover-none'),
      ]),
    );

    // no task is left behind
    const { tasks } = (await (await api('/scaffolder/v2/tasks')).json()) as {
      tasks: Task[];
    };
    expect(tasks.map(t => t.id)).toEqual(
      expect.arrayContaining([startOver, none]),
    );
    expect(
      tasks.filter(t => ['open', 'processing'].includes(t.status)),
    ).toEqual([]);
    expect(backend.errorLines()).toEqual([]);
  });
});
