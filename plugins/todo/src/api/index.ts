export { todoApiRef } from './TodoApi';
export type {
  TodoApi,
  TodoField,
  TodoItem,
  TodoListOptions,
  TodoListResult,
} from './TodoApi';
export { TodoClient } from './TodoClient';
