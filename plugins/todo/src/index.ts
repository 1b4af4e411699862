/**
 * TODO frontend plugin (new frontend system): the TODO tab on components,
 * reading `@backstage-community/plugin-todo-backend`.
 *
 * @packageDocumentation
 */
export { todoPlugin as default, todoEntityContent } from './plugin';
export * from './api';
export { todoSourceLocation } from './sourceLocation';
