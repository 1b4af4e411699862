import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { TodoApi, TodoListOptions, TodoListResult } from './TodoApi';

/** TodoApi over HTTP: `GET /api/todo/v1/todos`. */
export class TodoClient implements TodoApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listTodos(options: TodoListOptions): Promise<TodoListResult> {
    const query = new URLSearchParams({ entity: options.entityRef });
    if (options.offset !== undefined) {
      query.set('offset', String(options.offset));
    }
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.orderBy) {
      query.set(
        'orderBy',
        `${options.orderBy.field}=${options.orderBy.direction}`,
      );
    }
    for (const { field, value } of options.filters ?? []) {
      query.append('filter', `${field}=${value}`);
    }
    const base = await this.deps.discoveryApi.getBaseUrl('todo');
    const res = await this.deps.fetchApi.fetch(`${base}/v1/todos?${query}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as TodoListResult;
  }
}
