import { createApiRef } from '@backstage/frontend-plugin-api';

/** The fields of a TODO the backend sorts and filters on. */
export type TodoField = 'text' | 'tag' | 'author' | 'viewUrl' | 'repoFilePath';

/** One TODO/FIXME comment, as `/api/todo/v1/todos` returns it. */
export type TodoItem = {
  text: string;
  tag: string;
  author?: string;
  viewUrl?: string;
  lineNumber?: number;
  repoFilePath?: string;
};

/** A page of an entity's TODOs. */
export type TodoListResult = {
  items: TodoItem[];
  totalCount: number;
  offset: number;
  limit: number;
};

/** What to list: one entity's TODOs, a page of them, sorted and filtered. */
export type TodoListOptions = {
  entityRef: string;
  offset?: number;
  limit?: number;
  orderBy?: { field: TodoField; direction: 'asc' | 'desc' };
  /** `*` matches any characters, as the backend's filters do */
  filters?: { field: TodoField; value: string }[];
};

/** The TODO backend (`@backstage-community/plugin-todo-backend`). */
export interface TodoApi {
  listTodos(options: TodoListOptions): Promise<TodoListResult>;
}

export const todoApiRef = createApiRef<TodoApi>({ id: 'plugin.todo.api' });
