import { isObject } from './patch';
import { JsonObject, JsonValue, ResourceDefinition } from './resources';

/**
 * The defaulting the API server applies on every write (the
 * `SetDefaults_*` functions of the built-in types), for the common fields,
 * so that objects read back look like a real cluster's.
 */

function object(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

function setDefault(target: JsonObject, key: string, value: JsonValue) {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function pullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainers(list: JsonValue | undefined) {
  if (!Array.isArray(list)) return;
  for (const container of list) {
    if (!isObject(container)) continue;
    setDefault(
      container,
      'imagePullPolicy',
      pullPolicy(String(container.image ?? '')),
    );
    setDefault(container, 'terminationMessagePath', '/dev/termination-log');
    setDefault(container, 'terminationMessagePolicy', 'File');
    setDefault(container, 'resources', {});
    if (Array.isArray(container.ports)) {
      for (const port of container.ports) {
        if (isObject(port)) setDefault(port, 'protocol', 'TCP');
      }
    }
  }
}

function defaultPodSpec(spec: JsonObject, restartPolicy?: string) {
  if (restartPolicy) setDefault(spec, 'restartPolicy', restartPolicy);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
}

function defaultTemplate(spec: JsonObject, restartPolicy?: string) {
  const template = object(spec, 'template');
  object(template, 'metadata');
  defaultPodSpec(object(template, 'spec'), restartPolicy);
}

function hasResources(container: JsonValue, kind: 'requests' | 'limits') {
  if (!isObject(container) || !isObject(container.resources)) return false;
  const value = container.resources[kind];
  return isObject(value) && Object.keys(value).length > 0;
}

/** The pod's quality of service class, from its containers' resources. */
export function qosClass(spec: JsonValue | undefined): string {
  const containers =
    isObject(spec) && Array.isArray(spec.containers) ? spec.containers : [];
  const any = containers.some(
    c => hasResources(c, 'requests') || hasResources(c, 'limits'),
  );
  if (!any) return 'BestEffort';
  const guaranteed = containers.every(c => {
    if (!isObject(c) || !isObject(c.resources)) return false;
    const limits = isObject(c.resources.limits) ? c.resources.limits : {};
    const requests = isObject(c.resources.requests) ? c.resources.requests : {};
    return ['cpu', 'memory'].every(
      r =>
        limits[r] !== undefined &&
        (requests[r] === undefined || requests[r] === limits[r]),
    );
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export type DefaultingContext = {
  /** The stored object an update replaces, if any. */
  previous?: JsonObject;
  allocateClusterIP(): string;
  allocateNodePort(): number;
};

/** Fills in the defaults of `obj` in place. */
export function applyDefaults(
  def: ResourceDefinition,
  obj: JsonObject,
  context: DefaultingContext,
): void {
  if (def.custom) return;
  const metadata = object(obj, 'metadata');
  const name = String(metadata.name ?? '');
  const spec = (): JsonObject => object(obj, 'spec');
  switch (`${def.group}/${def.kind}`) {
    case '/Namespace': {
      object(metadata, 'labels')['kubernetes.io/metadata.name'] = name;
      setDefault(spec(), 'finalizers', ['kubernetes']);
      break;
    }
    case '/Pod': {
      const s = spec();
      defaultPodSpec(s, 'Always');
      setDefault(s, 'serviceAccountName', 'default');
      setDefault(s, 'serviceAccount', String(s.serviceAccountName));
      setDefault(s, 'enableServiceLinks', true);
      setDefault(s, 'priority', 0);
      setDefault(s, 'preemptionPolicy', 'PreemptLowerPriority');
      break;
    }
    case '/Service': {
      const s = spec();
      const previous = isObject(context.previous?.spec)
        ? context.previous.spec
        : {};
      setDefault(s, 'type', 'ClusterIP');
      setDefault(s, 'sessionAffinity', 'None');
      if (s.type !== 'ExternalName') {
        setDefault(
          s,
          'clusterIP',
          previous.clusterIP ?? context.allocateClusterIP(),
        );
        setDefault(s, 'clusterIPs', [s.clusterIP]);
        setDefault(s, 'ipFamilies', ['IPv4']);
        setDefault(s, 'ipFamilyPolicy', 'SingleStack');
        setDefault(s, 'internalTrafficPolicy', 'Cluster');
      }
      const exposed = s.type === 'NodePort' || s.type === 'LoadBalancer';
      if (exposed) setDefault(s, 'externalTrafficPolicy', 'Cluster');
      const previousPorts = Array.isArray(previous.ports) ? previous.ports : [];
      if (Array.isArray(s.ports)) {
        for (const port of s.ports) {
          if (!isObject(port)) continue;
          setDefault(port, 'protocol', 'TCP');
          setDefault(port, 'targetPort', port.port ?? null);
          if (exposed) {
            const old = previousPorts.find(
              p => isObject(p) && p.port === port.port,
            );
            setDefault(
              port,
              'nodePort',
              isObject(old) && old.nodePort
                ? old.nodePort
                : context.allocateNodePort(),
            );
          }
        }
      }
      break;
    }
    case 'apps/Deployment': {
      const s = spec();
      setDefault(s, 'replicas', 1);
      setDefault(s, 'strategy', { type: 'RollingUpdate' });
      const strategy = object(s, 'strategy');
      if (strategy.type === 'RollingUpdate') {
        setDefault(strategy, 'rollingUpdate', {
          maxUnavailable: '25%',
          maxSurge: '25%',
        });
      }
      setDefault(s, 'revisionHistoryLimit', 10);
      setDefault(s, 'progressDeadlineSeconds', 600);
      defaultTemplate(s, 'Always');
      break;
    }
    case 'apps/ReplicaSet': {
      const s = spec();
      setDefault(s, 'replicas', 1);
      defaultTemplate(s, 'Always');
      break;
    }
    case 'apps/StatefulSet': {
      const s = spec();
      setDefault(s, 'replicas', 1);
      setDefault(s, 'podManagementPolicy', 'OrderedReady');
      setDefault(s, 'updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      });
      setDefault(s, 'revisionHistoryLimit', 10);
      setDefault(s, 'persistentVolumeClaimRetentionPolicy', {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
      defaultTemplate(s, 'Always');
      break;
    }
    case 'apps/DaemonSet': {
      const s = spec();
      setDefault(s, 'updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      });
      setDefault(s, 'revisionHistoryLimit', 10);
      defaultTemplate(s, 'Always');
      break;
    }
    case 'batch/Job': {
      const s = spec();
      setDefault(s, 'parallelism', 1);
      setDefault(s, 'completions', 1);
      setDefault(s, 'backoffLimit', 6);
      setDefault(s, 'completionMode', 'NonIndexed');
      setDefault(s, 'suspend', false);
      defaultTemplate(s);
      break;
    }
    case 'batch/CronJob': {
      const s = spec();
      setDefault(s, 'concurrencyPolicy', 'Allow');
      setDefault(s, 'suspend', false);
      setDefault(s, 'successfulJobsHistoryLimit', 3);
      setDefault(s, 'failedJobsHistoryLimit', 1);
      const jobSpec = object(object(s, 'jobTemplate'), 'spec');
      defaultTemplate(jobSpec);
      break;
    }
    case 'autoscaling/HorizontalPodAutoscaler': {
      const s = spec();
      setDefault(s, 'minReplicas', 1);
      setDefault(s, 'metrics', [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 80 },
          },
        },
      ]);
      break;
    }
    default:
      break;
  }
}
