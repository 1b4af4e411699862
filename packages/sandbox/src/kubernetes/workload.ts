import { createHash, randomBytes } from 'node:crypto';
import { JsonObject } from './resources';
import { nameErrors } from './validation';

/**
 * The objects a running Deployment consists of in a real cluster, as the
 * deployment and replica set controllers, the scheduler and the kubelet
 * leave them: Deployment → ReplicaSet → Pods, plus a Service in front.
 */

/** The alphabet of generated name suffixes and pod-template-hash. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length: number): string {
  return [...randomBytes(length)]
    .map(b => ALPHABET[b % ALPHABET.length])
    .join('');
}

export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `nginx:1.27` → `docker.io/library/nginx:1.27`, as the kubelet reports it. */
export function normalizeImage(image: string): string {
  const [first, ...rest] = image.split('/');
  const hasRegistry =
    rest.length > 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  let reference = image;
  if (!hasRegistry) {
    reference =
      rest.length > 0 ? `docker.io/${image}` : `docker.io/library/${image}`;
  }
  const lastPart = reference.slice(reference.lastIndexOf('/') + 1);
  if (!reference.includes('@') && !lastPart.includes(':'))
    reference += ':latest';
  return reference;
}

function imageId(image: string): string {
  const normalized = normalizeImage(image);
  const repository = normalized.replace(/(@.*|:[^/:]*)$/, '');
  const digest = createHash('sha256').update(normalized).digest('hex');
  return `${repository}@sha256:${digest}`;
}

export type Workload = {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  replicas: number;
  image: string;
  containerPort: number;
};

function container(w: Workload): JsonObject {
  return {
    name: nameErrors('dns1123Label', w.name).length === 0 ? w.name : 'app',
    image: w.image,
    ports: [{ name: 'http', containerPort: w.containerPort, protocol: 'TCP' }],
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
  };
}

/** Counts the controllers leave out of a status when they are zero. */
function counts(entries: Record<string, number>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v > 0));
}

export function deploymentManifest(
  w: Workload,
  rsName: string,
  at: string,
): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: w.name,
      namespace: w.namespace,
      labels: w.labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: w.labels },
      template: {
        metadata: { labels: w.labels },
        spec: { containers: [container(w)] },
      },
    },
    status: {
      observedGeneration: 1,
      ...counts({
        replicas: w.replicas,
        updatedReplicas: w.replicas,
        readyReplicas: w.replicas,
        availableReplicas: w.replicas,
      }),
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: at,
          lastTransitionTime: at,
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: at,
          lastTransitionTime: at,
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        },
      ],
    },
  };
}

function controllerReference(owner: JsonObject): JsonObject {
  const metadata = owner.metadata as JsonObject;
  return {
    apiVersion: String(owner.apiVersion),
    kind: String(owner.kind),
    name: String(metadata.name),
    uid: String(metadata.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function replicaSetManifest(
  w: Workload,
  hash: string,
  deployment: JsonObject,
): JsonObject {
  const labels = { ...w.labels, 'pod-template-hash': hash };
  const maxSurge = Math.ceil(w.replicas * 0.25);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${w.name}-${hash}`,
      namespace: w.namespace,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(w.replicas),
        'deployment.kubernetes.io/max-replicas': String(w.replicas + maxSurge),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [controllerReference(deployment)],
    },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [container(w)] },
      },
    },
    status: {
      ...counts({
        replicas: w.replicas,
        fullyLabeledReplicas: w.replicas,
        readyReplicas: w.replicas,
        availableReplicas: w.replicas,
      }),
      observedGeneration: 1,
    },
  };
}

export const NODE_NAME = 'sandbox-control-plane';
export const NODE_IP = '172.18.0.2';

export function podManifest(
  w: Workload,
  hash: string,
  replicaSet: JsonObject,
  podIP: string,
  at: string,
): JsonObject {
  const rsName = String((replicaSet.metadata as JsonObject).name);
  const spec = container(w);
  const condition = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: at,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rsName}-${randomSuffix(5)}`,
      generateName: `${rsName}-`,
      namespace: w.namespace,
      labels: { ...w.labels, 'pod-template-hash': hash },
      ownerReferences: [controllerReference(replicaSet)],
    },
    spec: {
      containers: [spec],
      nodeName: NODE_NAME,
    },
    status: {
      phase: 'Running',
      conditions: [
        condition('PodReadyToStartContainers'),
        condition('Initialized'),
        condition('Ready'),
        condition('ContainersReady'),
        condition('PodScheduled'),
      ],
      hostIP: NODE_IP,
      hostIPs: [{ ip: NODE_IP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: at,
      containerStatuses: [
        {
          name: String(spec.name),
          state: { running: { startedAt: at } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: normalizeImage(w.image),
          imageID: imageId(w.image),
          containerID: `containerd://${randomBytes(32).toString('hex')}`,
          started: true,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

export function serviceManifest(w: Workload): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: w.name, namespace: w.namespace, labels: w.labels },
    spec: {
      selector: w.labels,
      ports: [
        {
          name: 'http',
          protocol: 'TCP',
          port: 80,
          targetPort: w.containerPort,
        },
      ],
      type: 'ClusterIP',
    },
  };
}

/** What metrics-server reports for a running pod: small, stable usage. */
export function podMetrics(pod: JsonObject, at: string): JsonObject {
  const metadata = pod.metadata as JsonObject;
  const spec = pod.spec as JsonObject;
  const containers = Array.isArray(spec?.containers) ? spec.containers : [];
  return {
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace ?? null,
      creationTimestamp: at,
      labels: metadata.labels ?? {},
    },
    timestamp: at,
    window: '15s',
    containers: containers.map(c => {
      const name = String((c as JsonObject).name);
      const seed = createHash('sha256')
        .update(`${String(metadata.uid)}/${name}`)
        .digest()
        .readUInt32BE(0);
      return {
        name,
        usage: {
          cpu: `${1_000_000 + (seed % 49_000_000)}n`,
          memory: `${10_240 + (seed % 92_160)}Ki`,
        },
      };
    }),
  };
}
