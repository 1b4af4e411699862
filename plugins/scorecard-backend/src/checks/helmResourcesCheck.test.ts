import { context, entity, run } from './__testUtils__/runCheck';
import { helmResourcesCheckType } from './helmResourcesCheck';

describe('helm-resources', () => {
  it('passes when requests and the memory limit are set, at any depth', async () => {
    const values = `app:\n  resources:\n    requests: {cpu: 100m, memory: 128Mi}\n    limits: {memory: 256Mi}\n`;
    expect(
      await run(
        helmResourcesCheckType,
        undefined,
        entity(),
        context([{ path: 'charts/order/values.yaml', content: values }]),
      ),
    ).toEqual({
      status: 'passed',
      detail:
        'charts/order/values.yaml sets resources requests.cpu, requests.memory, limits.memory',
    });
  });
  it('names what is missing, or that there are no values', async () => {
    expect(
      (
        await run(
          helmResourcesCheckType,
          undefined,
          entity(),
          context([
            {
              path: 'helm/values.yaml',
              content: 'resources:\n  requests: {cpu: 1}\n',
            },
          ]),
        )
      ).detail,
    ).toBe(
      'helm/values.yaml does not set resources requests.memory, limits.memory',
    );
    expect(
      (await run(helmResourcesCheckType, undefined, entity(), context([])))
        .detail,
    ).toBe('no Helm values file (values.yaml) in the repository');
  });
});
