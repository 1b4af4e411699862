import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { todoApiRef, TodoClient } from './api';

const todoApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: todoApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TodoClient(deps),
    }),
});

/** The TODO tab on components: the TODO/FIXME comments of their source. */
export const todoEntityContent = EntityContentBlueprint.make({
  name: 'todo',
  params: {
    path: 'todos',
    title: 'TODOs',
    filter: 'kind:component',
    loader: () =>
      import('./components/TodoContent').then(m => <m.TodoContent />),
  },
});

/**
 * TODO: the TODO tab, on `@backstage-community/plugin-todo-backend`.
 *
 * @public
 */
export const todoPlugin = createFrontendPlugin({
  pluginId: 'todo',
  title: 'TODOs',
  extensions: [todoApi, todoEntityContent],
});
