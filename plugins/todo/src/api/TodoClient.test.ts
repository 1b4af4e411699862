/**
 * The backend runs in this process: Node, not jsdom.
 *
 * @jest-environment node
 */
import { SERVICE_SOURCES } from 'sandbox';
import { startTodoBackend } from '../__testUtils__/todoBackend';
import { TodoClient } from './TodoClient';

/*
 * TodoClient against the real TODO backend reading order-service's
 * repository on the sandbox's GitHub over HTTP.
 */

jest.setTimeout(60_000);

/** The TODO/FIXME comments of the seeded source, by file and line. */
function seededTodos() {
  const todos: { file: string; line: number; tag: string; text: string }[] = [];
  for (const [file, content] of Object.entries(
    SERVICE_SOURCES['order-service'],
  )) {
    content.split('\n').forEach((text, i) => {
      const match = text.match(/\/\/ (TODO|FIXME)/);
      if (match) todos.push({ file, line: i + 1, tag: match[1], text });
    });
  }
  return todos;
}

describe('TodoClient', () => {
  let backend: Awaited<ReturnType<typeof startTodoBackend>>;
  let client: TodoClient;

  beforeAll(async () => {
    backend = await startTodoBackend();
    client = new TodoClient({
      discoveryApi: { getBaseUrl: async id => `${backend.url}/api/${id}` },
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { authorization: `Bearer ${backend.userToken}` },
          }),
      },
    });
  });

  afterAll(() => backend?.stop());

  const entityRef = 'component:default/order-service';

  it('lists every seeded TODO with its file, line and a link to that line', async () => {
    const expected = seededTodos();
    expect(expected.length).toBe(5);
    const result = await client.listTodos({ entityRef, limit: 50 });
    expect(result.totalCount).toBe(expected.length);
    for (const todo of expected) {
      const item = result.items.find(
        i => i.repoFilePath === todo.file && i.lineNumber === todo.line,
      );
      expect(item).toBeDefined();
      expect(item!.tag).toBe(todo.tag);
      expect(item!.viewUrl).toBe(
        `https://github.com/myorg/order-service/tree/main/${todo.file}#L${todo.line}`,
      );
    }
    const bob = result.items.find(i => i.author === 'bob');
    expect(bob?.text).toBe('graceful shutdown drops in-flight orders');
  });

  it('pages, sorts and filters by tag and author', async () => {
    const page1 = await client.listTodos({
      entityRef,
      limit: 2,
      orderBy: { field: 'text', direction: 'asc' },
    });
    const page2 = await client.listTodos({
      entityRef,
      offset: 2,
      limit: 2,
      orderBy: { field: 'text', direction: 'asc' },
    });
    expect(page1.items).toHaveLength(2);
    expect(page1.totalCount).toBe(5);
    const texts = [...page1.items, ...page2.items].map(i => i.text);
    expect(texts).toEqual([...texts].sort((a, b) => a.localeCompare(b)));
    expect(new Set(texts).size).toBe(4);

    const fixmes = await client.listTodos({
      entityRef,
      filters: [{ field: 'tag', value: 'FIXME' }],
    });
    expect(fixmes.items.map(i => i.author)).toEqual(['bob']);

    const alice = await client.listTodos({
      entityRef,
      filters: [{ field: 'author', value: '*ali*' }],
    });
    expect(alice.totalCount).toBe(2);
    expect(alice.items.every(i => i.author === 'alice')).toBe(true);
  });

  it('fails with the reason when the repository cannot be read', async () => {
    await expect(
      client.listTodos({ entityRef: 'component:default/unreadable-service' }),
    ).rejects.toMatchObject({ name: 'ResponseError' });
    const res = await fetch(
      `${backend.url}/api/todo/v1/todos?entity=component:default/unreadable-service`,
      { headers: { authorization: `Bearer ${backend.userToken}` } },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await res.json()).error.message).toMatch(/no-such-repo/);
  });

  it('answers 400 with a message for a malformed query', async () => {
    const res = await fetch(
      `${backend.url}/api/todo/v1/todos?entity=${entityRef}&orderBy=text=sideways`,
      { headers: { authorization: `Bearer ${backend.userToken}` } },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/orderBy must match/);
  });
});
