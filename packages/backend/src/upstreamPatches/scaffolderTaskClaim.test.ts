/*
 * The regression tests of the patch of @backstage/plugin-scaffolder-backend
 * in .yarn/patches: a task dispatched while the task worker's claim query
 * is in flight is claimed at once, not left open until the next dispatch;
 * and a task's event stream whose database read fails tells its
 * subscriber, instead of an unhandled rejection that ends the process.
 * The broker is internal to the package, so the test loads its file.
 */
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';

type Row = { id: string; spec: unknown; status: string };

type Broker = {
  claim(): Promise<{ taskId: string }>;
  event$(options: { taskId: string }): {
    subscribe(observer: {
      next?: (value: unknown) => void;
      error?: (error: Error) => void;
    }): { unsubscribe(): void };
  };
  dispatch(options: { spec: unknown; createdBy: string }): Promise<unknown>;
};
const { StorageTaskBroker } = require(path.join(
  path.dirname(require.resolve('@backstage/plugin-scaffolder-backend')),
  'scaffolder/tasks/StorageTaskBroker.cjs.js',
));

/**
 * A task store whose first claim query takes its snapshot at once and
 * answers only when `missFirstQuery` is released, as a database query
 * that started before a task's insert committed.
 */
function racingStore() {
  const rows: Row[] = [];
  let release = () => {};
  const released = new Promise<void>(resolve => {
    release = resolve;
  });
  const store = {
    claimQueries: 0,
    async createTask(options: { spec: unknown }) {
      const id = `task-${rows.length + 1}`;
      rows.push({ id, spec: options.spec, status: 'open' });
      return { taskId: id };
    },
    async claimTask() {
      store.claimQueries += 1;
      const open = rows.find(r => r.status === 'open');
      if (store.claimQueries === 1) {
        await released;
        return undefined;
      }
      if (!open) return undefined;
      open.status = 'processing';
      return {
        id: open.id,
        spec: open.spec,
        status: 'processing',
        secrets: {},
      };
    },
    async getTask(id: string) {
      return { id, spec: {}, status: 'processing' };
    },
    async listEvents() {
      return { events: [{ type: 'completion', isTaskRecoverable: false }] };
    },
  };
  return { store, missFirstQuery: release };
}

/** the claimed task's id, or how long the claim was still waiting */
const within = (ms: number, promise: Promise<{ taskId: string }>) =>
  Promise.race([
    promise.then(task => task.taskId),
    new Promise<string>(resolve => {
      const timer = setTimeout(
        () => resolve(`still waiting after ${ms} ms`),
        ms,
      );
      timer.unref();
    }),
  ]);

const brokerOn = (store: object): Broker =>
  new StorageTaskBroker(
    store,
    mockServices.logger.mock(),
    new ConfigReader({}),
  );

const spec = { apiVersion: 'scaffolder.backstage.io/v1beta3', steps: [] };

describe('the scaffolder task broker (patched)', () => {
  // a claimed task's cancel listener polls its events once a second, and
  // stops after the poll that saw its completion
  afterAll(() => new Promise(resolve => setTimeout(resolve, 1100)));

  it('claims a task dispatched while its claim query was in flight', async () => {
    const { store, missFirstQuery } = racingStore();
    const broker = brokerOn(store);
    const claimed = broker.claim();
    // the worker's query is out; the task is inserted and signalled now
    await new Promise(resolve => setImmediate(resolve));
    await broker.dispatch({ spec, createdBy: 'user:default/guest' });
    missFirstQuery();

    const task = await within(2000, claimed);
    expect(task).toBe('task-1');
    expect(store.claimQueries).toBe(2);
  });

  it('waits for a dispatch, without querying again, when none came', async () => {
    const { store, missFirstQuery } = racingStore();
    const broker = brokerOn(store);
    const claimed = broker.claim();
    missFirstQuery();
    expect(await within(300, claimed)).toBe('still waiting after 300 ms');
    expect(store.claimQueries).toBe(1);

    await broker.dispatch({ spec, createdBy: 'user:default/guest' });
    const task = await within(2000, claimed);
    expect(task).toBe('task-1');
  });

  it("gives a task's event stream the error of a failed read, not the process", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const broker = brokerOn({
        async getTask(id: string) {
          return { id, spec: {}, status: 'processing' };
        },
        async listEvents() {
          throw new Error('Unable to acquire a connection');
        },
      });
      const error = await new Promise<Error>(resolve => {
        broker.event$({ taskId: 'task-1' }).subscribe({ error: resolve });
      });
      expect(error.message).toBe('Unable to acquire a connection');
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
