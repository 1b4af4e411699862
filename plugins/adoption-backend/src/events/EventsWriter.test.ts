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

function store(optedOut: string[] = []) {
  const inserts: string[][] = [];
  const lookups: string[][] = [];
  const s: EventsWriterStore = {
    optedOutAmong: async hashes => {
      lookups.push(hashes);
      return new Set(hashes.filter(h => optedOut.includes(h)));
    },
    insert: async rows => {
      inserts.push(rows.map(r => `${r.user_hash}${r.subject}`));
    },
  };
  return { s, inserts, lookups };
}

describe('EventsWriter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes the events of concurrent requests with one lookup and one insert', async () => {
    const { s, inserts, lookups } = store(['bob']);
    const writer = new EventsWriter(s, { windowMs: 100 });
    const results = Promise.all([
      writer.write('alice', [row('alice', '/a'), row('alice', '/b')]),
      writer.write('bob', [row('bob', '/c')]),
      writer.write('alice', [row('alice', '/d')]),
    ]);
    await jest.advanceTimersByTimeAsync(99);
    expect(inserts).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(await results).toEqual([2, 0, 1]);
    expect(lookups).toEqual([['alice', 'bob']]);
    expect(inserts).toEqual([['alice/a', 'alice/b', 'alice/d']]);
  });

  it('writes at once when maxRows are waiting', async () => {
    const { s, inserts } = store();
    const writer = new EventsWriter(s, { windowMs: 10_000, maxRows: 3 });
    const first = writer.write('a', [row('a', '/1'), row('a', '/2')]);
    const second = writer.write('b', [row('b', '/3')]);
    expect(await Promise.all([first, second])).toEqual([2, 1]);
    expect(inserts).toEqual([['a/1', 'a/2', 'b/3']]);
    // the next ones wait for their own window
    const third = writer.write('c', [row('c', '/4')]);
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
    const a = writer.write('a', [row('a', '/1')]);
    const b = writer.write('b', [row('b', '/2')]);
    const settled = Promise.allSettled([a, b]);
    await jest.advanceTimersByTimeAsync(10);
    expect((await settled).map(r => r.status)).toEqual([
      'rejected',
      'rejected',
    ]);
  });
});
