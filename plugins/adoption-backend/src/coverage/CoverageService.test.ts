import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { adoptionDatabase } from '../database/migrate';
import { CoverageService } from './CoverageService';
import { CoverageStore } from './CoverageStore';
import type { RepositorySource } from './GithubOrganization';

const component = (name: string, kind = 'Component'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/project-slug': `myorg/${name}` },
  },
});

const source: RepositorySource = {
  async listRepositories() {
    return ['a', 'b', 'c', 'd', 'e', 'f'].map(name => ({
      name,
      fullName: `myorg/${name}`,
      archived: false,
      pushedAt: null,
    }));
  },
  async readFile() {
    return undefined;
  },
};

describe('CoverageService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(options: {
    entities?: Entity[];
    triggerTask?: (id: string) => Promise<void>;
  }) {
    const knex = await adoptionDatabase(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    );
    const store = new CoverageStore(knex);
    const catalog = catalogServiceMock({ entities: options.entities ?? [] });
    const triggerTask = jest.fn(options.triggerTask ?? (async () => {}));
    const service = new CoverageService({
      coverage: { organization: 'myorg', host: 'github.com' },
      source,
      store,
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      scheduler: { triggerTask },
      taskId: 'the-task',
      pageSize: 2,
    });
    return { service, catalog, store, triggerTask };
  }

  it('reads the catalog a page at a time, never all at once', async () => {
    const { service, catalog } = await setup({
      entities: [
        component('a'),
        component('b'),
        component('c', 'API'),
        component('d'),
        component('e', 'Location'),
      ],
    });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const queryEntities = jest.spyOn(catalog, 'queryEntities');

    await service.compute();

    expect(getEntities).not.toHaveBeenCalled();
    expect(queryEntities).toHaveBeenCalledTimes(3);
    for (const [request] of queryEntities.mock.calls) {
      expect(request).toMatchObject({ limit: 2 });
    }
    const rows = await service.repositories();
    expect(rows.map(r => [r.name, r.status, r.entityRefs])).toEqual([
      ['a', 'covered', 'component:default/a'],
      ['b', 'covered', 'component:default/b'],
      ['c', 'covered', 'api:default/c'],
      ['d', 'covered', 'component:default/d'],
      // a Location does not cover its repository
      ['e', 'uncovered', ''],
      ['f', 'uncovered', ''],
    ]);
  });

  it('a refresh triggers the scheduled task and does not compute itself', async () => {
    const { service, triggerTask, store } = await setup({});
    expect(await service.refresh()).toEqual({
      triggered: true,
      computedAt: null,
    });
    expect(triggerTask).toHaveBeenCalledWith('the-task');
    expect(await store.latest()).toBeUndefined();
  });

  it('a refresh while the task runs is answered by that run', async () => {
    const { service } = await setup({
      triggerTask: async id => {
        throw new ConflictError(`Task ${id} is currently running`);
      },
    });
    await service.compute();
    const { computedAt } = (await service.summary()) as { computedAt: string };
    expect(await service.refresh()).toEqual({ triggered: false, computedAt });
  });

  it('a refresh fails when the task cannot be triggered', async () => {
    const { service } = await setup({
      triggerTask: async id => {
        throw new NotFoundError(`Task ${id} does not exist`);
      },
    });
    await expect(service.refresh()).rejects.toThrow(
      'Task the-task does not exist',
    );
  });
});
