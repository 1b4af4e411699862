import type { StoredEvent } from './EventsStore';
import { EventsWriter, type EventsWriterStore } from './EventsWriter';

const row = (userHash: string, subject: string): StoredEvent => ({
  occurred_at: new Date('2026-12-07T10:00:00.000Z'),
  user_hash: userHash,
  action: 'navigate',
  subject,
  plugin_id: null,
  extension_id: null,
  route_path: subject,
  entity_ref: null,
  search_result_count: null,
  target: null,
});

/** users are refs `user:<name>`, stored under the id `<name>` */
const ref = (name: string) => `user:${name}`;

function store(optedOut: string[] = []) {
  const inserts: string[][] = [];
  const lookups: string[][] = [];
  const deletes: string[][] = [];
  const s: EventsWriterStore = {
    optedOutAmong: async refs => {
      lookups.push(refs);
      return new Set(refs.filter(r => optedOut.includes(r)));
    },
    insert: async rows => {
      inserts.push(rows.map(r => `${r.user_hash}${r.subject}`));
    },
    deleteEventsOf: async hashes => {
      deletes.push(hashes);
      return hashes.length;
    },
  };
  return { s, inserts, lookups, deletes, optedOut };
}

const write = (writer: EventsWriter, name: string, rows: StoredEvent[]) =>
  writer.write(ref(name), name, rows);

describe('EventsWriter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes the events of concurrent requests with one lookup and one insert', async () => {
    const { s, inserts, lookups, deletes } = store([ref('bob')]);
    const writer = new EventsWriter(s, { windowMs: 100 });
    const results = Promise.all([
      write(writer, 'alice', [row('alice', '/a'), row('alice', '/b')]),
      write(writer, 'bob', [row('bob', '/c')]),
      write(writer, 'alice', [row('alice', '/d')]),
    ]);
    await jest.advanceTimersByTimeAsync(99);
    expect(inserts).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(await results).toEqual([2, 0, 1]);
    // before the insert, and after it for those it stored
    expect(lookups).toEqual([[ref('alice'), ref('bob')], [ref('alice')]]);
    expect(inserts).toEqual([['alice/a', 'alice/b', 'alice/d']]);
    expect(deletes).toEqual([]);
  });

  it('deletes what it stored of a user who opted out during the insert', async () => {
    const { s, inserts, deletes, optedOut } = store();
    const insert = s.insert;
    s.insert = async rows => {
      await insert(rows);
      // an opt-out on another replica commits now
      optedOut.push(ref('bob'));
    };
    const writer = new EventsWriter(s, { windowMs: 10 });
    const results = Promise.all([
      write(writer, 'alice', [row('alice', '/a')]),
      write(writer, 'bob', [row('bob', '/b')]),
    ]);
    await jest.advanceTimersByTimeAsync(10);
    expect(await results).toEqual([1, 0]);
    expect(inserts).toEqual([['alice/a', 'bob/b']]);
    expect(deletes).toEqual([['bob']]);
  });

  it('writes at once when maxRows are waiting', async () => {
    const { s, inserts } = store();
    const writer = new EventsWriter(s, { windowMs: 10_000, maxRows: 3 });
    const first = write(writer, 'a', [row('a', '/1'), row('a', '/2')]);
    const second = write(writer, 'b', [row('b', '/3')]);
    expect(await Promise.all([first, second])).toEqual([2, 1]);
    expect(inserts).toEqual([['a/1', 'a/2', 'b/3']]);
    // the next ones wait for their own window
    const third = write(writer, 'c', [row('c', '/4')]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(await third).toBe(1);
    expect(inserts).toEqual([['a/1', 'a/2', 'b/3'], ['c/4']]);
  });

  it('fails every request of a batch that could not be written', async () => {
    const { s } = store();
    s.insert = async () => {
      throw new Error('connection lost');
    };
    const writer = new EventsWriter(s, { windowMs: 10 });
    const a = write(writer, 'a', [row('a', '/1')]);
    const b = write(writer, 'b', [row('b', '/2')]);
    const settled = Promise.allSettled([a, b]);
    await jest.advanceTimersByTimeAsync(10);
    expect((await settled).map(r => r.status)).toEqual([
      'rejected',
      'rejected',
    ]);
  });
});
