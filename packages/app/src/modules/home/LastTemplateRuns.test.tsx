import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  ScaffolderApi,
  ScaffolderTask,
} from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { screen, within } from '@testing-library/react';
import { LAST_RUNS, LastTemplateRuns } from './LastTemplateRuns';

const task = (
  id: string,
  status: ScaffolderTask['status'],
  template: { title?: string; name: string },
  createdAt: string,
): ScaffolderTask => ({
  id,
  status,
  createdAt,
  spec: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    parameters: {},
    output: {},
    steps: [],
    templateInfo: {
      entityRef: `template:default/${template.name}`,
      entity: { metadata: template },
    },
  },
});

const goService = {
  title: 'Go Microservice',
  name: 'go-microservice-template',
};

const renderWith = (listTasks: ScaffolderApi['listTasks']) => {
  const scaffolderApi = { listTasks: jest.fn(listTasks) };
  renderInTestApp(<LastTemplateRuns />, {
    apis: [
      [scaffolderApiRef, scaffolderApi as unknown as ScaffolderApi],
      mockApis.identity({ userEntityRef: 'user:default/guest' }),
    ],
  });
  return scaffolderApi;
};

describe('LastTemplateRuns', () => {
  it("lists the user's last runs with template, status, when and a link to each", async () => {
    const api = renderWith(async () => ({
      tasks: [
        task('t-3', 'processing', goService, '2026-11-28T10:00:00Z'),
        task('t-2', 'failed', { name: 'docs-site' }, '2026-11-27T09:00:00Z'),
        task('t-1', 'completed', goService, '2026-11-20T08:00:00Z'),
      ],
      totalTasks: 3,
    }));

    const list = await screen.findByRole('list', {
      name: 'last template runs',
    });
    expect(api.listTasks).toHaveBeenCalledWith({
      filterByOwnership: 'owned',
      limit: LAST_RUNS,
    });
    const run = (id: string) =>
      within(list.querySelector(`[data-task="${id}"]`) as HTMLElement);

    expect(
      run('t-3').getByRole('link', { name: 'Go Microservice' }),
    ).toHaveAttribute('href', '/create/tasks/t-3');
    expect(run('t-3').getByText('Running')).toBeInTheDocument();
    expect(
      run('t-3').getByText(new Date('2026-11-28T10:00:00Z').toLocaleString()),
    ).toHaveAttribute('datetime', '2026-11-28T10:00:00Z');
    // no title: the template's name
    expect(run('t-2').getByRole('link', { name: 'docs-site' })).toHaveAttribute(
      'href',
      '/create/tasks/t-2',
    );
    expect(run('t-2').getByText('Failed')).toBeInTheDocument();
    expect(run('t-1').getByText('Completed')).toBeInTheDocument();
  });

  it('says where to create something when the user never ran a template', async () => {
    renderWith(async () => ({ tasks: [], totalTasks: 0 }));
    expect(await screen.findByText(/No template runs yet/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create' })).toHaveAttribute(
      'href',
      '/create',
    );
  });

  it('shows the error inside the widget when the scaffolder fails', async () => {
    renderWith(async () => {
      throw new Error('scaffolder answered 500');
    });
    expect(
      (await screen.findAllByText(/scaffolder answered 500/)).length,
    ).toBeGreaterThan(0);
  });
});
