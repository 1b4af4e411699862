import { InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as a template writes it. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The `manifest` input as a list of objects: one object, a list of objects,
 * or a YAML string with one or more documents. Every object needs
 * apiVersion, kind and a valid metadata.name; a namespace given to the step
 * fills in metadata.namespace where the object has none.
 */
export function readManifests(
  manifest: unknown,
  defaultNamespace?: string,
): Manifest[] {
  let objects: unknown[];
  if (typeof manifest === 'string') {
    const docs = parseAllDocuments(manifest);
    const broken = docs.find(doc => doc.errors.length > 0);
    if (broken) {
      throw new InputError(
        `manifest is not valid YAML: ${broken.errors[0].message}`,
      );
    }
    objects = docs.map(doc => doc.toJS()).filter(doc => doc !== null);
  } else if (Array.isArray(manifest)) {
    objects = manifest;
  } else {
    objects = [manifest];
  }
  if (objects.length === 0) {
    throw new InputError('manifest holds no Kubernetes object');
  }
  return objects.map((object, index) =>
    checkManifest(object, index, defaultNamespace),
  );
}

function checkManifest(
  object: unknown,
  index: number,
  defaultNamespace?: string,
): Manifest {
  const where = `manifest[${index}]`;
  if (!object || typeof object !== 'object' || Array.isArray(object)) {
    throw new InputError(`${where} is not a Kubernetes object`);
  }
  const candidate = object as Partial<Manifest>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof candidate[field] !== 'string' || !candidate[field]) {
      throw new InputError(`${where} has no ${field}`);
    }
  }
  const name = candidate.metadata?.name;
  if (typeof name !== 'string' || !name) {
    throw new InputError(`${where} (${candidate.kind}) has no metadata.name`);
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new InputError(
      `${where} (${candidate.kind}) has an invalid metadata.name "${name}": lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters`,
    );
  }
  const manifest = structuredClone(candidate) as Manifest;
  if (
    defaultNamespace &&
    !manifest.metadata.namespace &&
    manifest.kind !== 'Namespace'
  ) {
    manifest.metadata.namespace = defaultNamespace;
  }
  return manifest;
}

/** Namespaces first, so objects in them can be created; order kept otherwise. */
export function applyOrder(manifests: Manifest[]): Manifest[] {
  return [
    ...manifests.filter(m => m.kind === 'Namespace'),
    ...manifests.filter(m => m.kind !== 'Namespace'),
  ];
}

export function describeManifest(manifest: Manifest): string {
  const ns = manifest.metadata.namespace
    ? `${manifest.metadata.namespace}/`
    : '';
  return `${manifest.kind} ${ns}${manifest.metadata.name}`;
}
