import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { clusters, recordingApplier } from './__testUtils__/recordingApplier';
import { createKubernetesApplyAction } from './apply';
import { examples } from './apply.examples';

/*
 * Each example of kubernetes:apply run through the action, its step's input
 * as the scaffolder renders it for a template run with the parameters
 * name: order-service and owner: group:default/order-squad.
 */

const RENDERED: Record<string, string> = {
  '${{ parameters.name }}': 'order-service',
  "${{ parameters.owner | parseEntityRef | pick('name') }}": 'order-squad',
};

function stepOf(example: TemplateExample) {
  const [step] = yaml.parse(example.example).steps;
  const input = JSON.parse(JSON.stringify(step.input), (_key, value) =>
    typeof value === 'string'
      ? Object.entries(RENDERED).reduce(
          (text, [expression, rendered]) =>
            text.replaceAll(expression, rendered),
          value,
        )
      : value,
  );
  return { action: step.action, input };
}

type Run = ReturnType<typeof recordingApplier> & {
  output: jest.Mock;
};

/** What each example applies and answers, by its description. */
const expectations: Record<string, (run: Run) => void> = {
  'A namespace for a new service, with a quota and default container limits': ({
    applied,
    manifests,
    output,
  }) => {
    expect(applied).toEqual([
      'production-us Namespace -/order-service',
      'production-us ResourceQuota order-service/default-quota',
      'production-us LimitRange order-service/default-limits',
    ]);
    expect(manifests[0].metadata.labels).toEqual({ team: 'order-squad' });
    expect(manifests[1]).toMatchObject({
      spec: { hard: { 'requests.cpu': '2', pods: '20' } },
    });
    expect(output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ kind: 'Namespace', uid: 'uid-order-service' }),
      expect.objectContaining({
        kind: 'ResourceQuota',
        uid: 'uid-default-quota',
      }),
      expect.objectContaining({
        kind: 'LimitRange',
        uid: 'uid-default-limits',
      }),
    ]);
  },
  'The seed form: a cluster chosen by URL, the manifest as a YAML string': ({
    applied,
    output,
  }) => {
    expect(applied).toEqual(['production-us Namespace -/order-service']);
    expect(output).toHaveBeenCalledWith('applied', [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        namespace: undefined,
        name: 'order-service',
        uid: 'uid-order-service',
      },
    ]);
  },
};

describe('kubernetes:apply examples', () => {
  it('has an expectation for every example', () => {
    expect(examples.map(e => e.description)).toEqual(Object.keys(expectations));
  });

  it.each(Object.keys(expectations))('%s', async description => {
    const example = examples.find(e => e.description === description)!;
    const recording = recordingApplier();
    const action = createKubernetesApplyAction({
      clusters,
      applier: recording.applier,
    });
    const step = stepOf(example);
    expect(step.action).toBe(action.id);

    const ctx = createMockActionContext({ input: step.input });
    await action.handler(ctx);
    expectations[description]({
      ...recording,
      output: jest.mocked(ctx.output),
    });
  });
});
