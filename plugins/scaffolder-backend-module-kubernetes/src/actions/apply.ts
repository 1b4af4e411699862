import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesClusterConfig } from '@internal/backstage-kubernetes-clusters-node';
import { selectCluster } from '../kubernetes/clusters';
import {
  AppliedObject,
  KubernetesApplier,
} from '../kubernetes/KubernetesApplier';
import {
  applyOrder,
  describeManifest,
  readManifests,
} from '../kubernetes/manifests';
import { examples } from './apply.examples';

/**
 * `kubernetes:apply`: server-side applies one or more manifests to a cluster
 * configured for the Kubernetes plugin, chosen by `clusterName` or
 * `clusterUrl`. Namespaces go first. Each object is its own checkpoint, so a
 * retried task skips what it already applied; server-side apply makes a
 * repeat harmless anyway. Dry runs check the manifests and call nothing.
 *
 * @public
 */
export function createKubernetesApplyAction(options: {
  clusters: KubernetesClusterConfig[];
  applier: KubernetesApplier;
}) {
  const { clusters, applier } = options;
  return createTemplateAction({
    id: 'kubernetes:apply',
    description:
      'Applies Kubernetes manifests (server-side apply) to a cluster configured under kubernetes.clusterLocatorMethods',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        clusterName: z =>
          z
            .string()
            .optional()
            .describe('Name of a configured cluster, e.g. production-us'),
        clusterUrl: z =>
          z
            .string()
            .optional()
            .describe('URL of a configured cluster (instead of clusterName)'),
        manifest: z =>
          z
            .union([
              z.record(z.string(), z.unknown()),
              z.array(z.record(z.string(), z.unknown())),
              z.string(),
            ])
            .describe(
              'One object, a list of objects, or YAML with one or more documents',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Namespace for namespaced objects that do not name their own',
            ),
        fieldManager: z =>
          z
            .string()
            .optional()
            .describe('Server-side apply field manager; default backstage'),
      },
      output: {
        applied: z =>
          z
            .array(
              z.object({
                apiVersion: z.string(),
                kind: z.string(),
                namespace: z.string().optional(),
                name: z.string(),
                uid: z.string().optional(),
              }),
            )
            .describe('The objects applied, in order'),
      },
    },
    async handler(ctx) {
      const cluster = selectCluster(clusters, ctx.input);
      const manifests = applyOrder(
        readManifests(ctx.input.manifest, ctx.input.namespace),
      );
      const fieldManager = ctx.input.fieldManager ?? 'backstage';

      if (ctx.isDryRun) {
        for (const manifest of manifests) {
          ctx.logger.info(
            `Dry run: would apply ${describeManifest(manifest)} to cluster ${
              cluster.name
            }`,
          );
        }
        ctx.output(
          'applied',
          manifests.map(m => ({
            apiVersion: m.apiVersion,
            kind: m.kind,
            namespace: m.metadata.namespace,
            name: m.metadata.name,
          })),
        );
        return;
      }

      const applied: AppliedObject[] = [];
      for (const manifest of manifests) {
        const what = describeManifest(manifest);
        const result = await ctx.checkpoint({
          key: `kubernetes.apply.${cluster.name}.${manifest.apiVersion}.${what}`,
          fn: () => applier.apply(cluster, manifest, { fieldManager }),
        });
        ctx.logger.info(`Applied ${what} to cluster ${cluster.name}`);
        applied.push(result);
      }
      ctx.output('applied', applied);
    },
  });
}
