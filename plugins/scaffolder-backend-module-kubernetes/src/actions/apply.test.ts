import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonValue } from '@backstage/types';
import { ServiceUnavailableError } from '@backstage/errors';
import { clusters, recordingApplier } from './__testUtils__/recordingApplier';
import { createKubernetesApplyAction } from './apply';

type Input = {
  clusterName?: string;
  clusterUrl?: string;
  manifest: any;
  namespace?: string;
  fieldManager?: string;
};
type Context = ActionContext<Input, any>;

function checkpointStore(): Context['checkpoint'] {
  const done = new Map<string, JsonValue | void>();
  return (async (opts: { key: string; fn: () => Promise<any> }) => {
    if (done.has(opts.key)) return done.get(opts.key);
    const value = await opts.fn();
    done.set(opts.key, value);
    return value;
  }) as Context['checkpoint'];
}

const namespaceAndQuota = [
  {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota' },
    spec: { hard: { pods: '10' } },
  },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
];

describe('kubernetes:apply', () => {
  it('applies namespaces first and fills in the namespace of the others', async () => {
    const { applier, applied } = recordingApplier();
    const action = createKubernetesApplyAction({ clusters, applier });
    const ctx = createMockActionContext<Input, any>({
      input: {
        clusterName: 'production-us',
        manifest: namespaceAndQuota,
        namespace: 'payments',
      },
    });
    await action.handler(ctx);
    expect(applied).toEqual([
      'production-us Namespace -/payments',
      'production-us ResourceQuota payments/quota',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ kind: 'Namespace', uid: 'uid-payments' }),
      expect.objectContaining({ kind: 'ResourceQuota', namespace: 'payments' }),
    ]);
  });

  it('takes the source document form: a cluster by URL and a YAML manifest', async () => {
    const { applier, applied } = recordingApplier();
    const action = createKubernetesApplyAction({ clusters, applier });
    await action.handler(
      createMockActionContext<Input, any>({
        input: {
          clusterUrl: 'https://staging.k8s.internal/',
          manifest:
            'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n',
        },
      }),
    );
    expect(applied).toEqual(['staging Namespace -/a', 'staging Namespace -/b']);
  });

  it.each([
    [
      { manifest: namespaceAndQuota },
      /needs clusterName or clusterUrl; configured clusters: production-us \(https:\/\/prod-us.k8s.internal\), staging/,
    ],
    [
      { clusterName: 'nope', manifest: namespaceAndQuota },
      /No Kubernetes cluster named "nope" is configured/,
    ],
    [
      {
        clusterUrl: 'https://k8s.internal.example.com',
        manifest: namespaceAndQuota,
      },
      /No Kubernetes cluster at https:\/\/k8s.internal.example.com is configured/,
    ],
    [
      { clusterName: 'staging', manifest: 'kind: [' },
      /manifest is not valid YAML/,
    ],
    [
      { clusterName: 'staging', manifest: [] },
      /manifest holds no Kubernetes object/,
    ],
    [
      {
        clusterName: 'staging',
        manifest: { kind: 'Namespace', metadata: { name: 'x' } },
      },
      /manifest\[0\] has no apiVersion/,
    ],
    [
      {
        clusterName: 'staging',
        manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: {} },
      },
      /manifest\[0\] \(Namespace\) has no metadata.name/,
    ],
    [
      {
        clusterName: 'staging',
        manifest: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'Bad_Name' },
        },
      },
      /invalid metadata.name "Bad_Name"/,
    ],
  ])(
    'refuses bad input before calling any cluster: %j',
    async (input, message) => {
      const { applier, applied } = recordingApplier();
      const action = createKubernetesApplyAction({ clusters, applier });
      await expect(
        action.handler(
          createMockActionContext<Input, any>({ input: input as Input }),
        ),
      ).rejects.toThrow(message);
      expect(applied).toEqual([]);
    },
  );

  it('calls nothing in a dry run, and still fills the output', async () => {
    const { applier, applied } = recordingApplier();
    const action = createKubernetesApplyAction({ clusters, applier });
    const ctx = Object.assign(
      createMockActionContext<Input, any>({
        input: {
          clusterName: 'staging',
          manifest: namespaceAndQuota,
          namespace: 'payments',
        },
      }),
      { isDryRun: true },
    );
    await action.handler(ctx);
    expect(applied).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'payments',
        namespace: undefined,
      },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        name: 'quota',
        namespace: 'payments',
      },
    ]);
  });

  it('a retried task does not repeat the objects it already applied', async () => {
    const { applier, applied } = recordingApplier({
      kind: 'ResourceQuota',
      error: new ServiceUnavailableError(
        'Kubernetes cluster "staging" answered 503',
      ),
    });
    const action = createKubernetesApplyAction({ clusters, applier });
    const checkpoint = checkpointStore();
    const run = () => {
      const ctx = createMockActionContext<Input, any>({
        input: {
          clusterName: 'staging',
          manifest: namespaceAndQuota,
          namespace: 'payments',
        },
      });
      return action.handler(Object.assign(ctx, { checkpoint }));
    };
    await expect(run()).rejects.toThrow('answered 503');
    await run();
    expect(applied).toEqual([
      'staging Namespace -/payments',
      'staging ResourceQuota payments/quota',
    ]);
  });
});
