import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from 'system-tests/backendProcess';

/** charts/backstage-values.yaml, parsed. */
export function readHelmValues(): any {
  return parse(
    fs.readFileSync(
      path.join(repoRoot, 'charts/backstage-values.yaml'),
      'utf8',
    ),
  );
}

/**
 * The NODE_OPTIONS the Helm values give the backend container (its heap
 * sized from the container's memory limit), or undefined.
 */
export function backendNodeOptions(
  values = readHelmValues(),
): string | undefined {
  return (values.backstage.extraEnvVars ?? []).find(
    (e: { name: string }) => e.name === 'NODE_OPTIONS',
  )?.value;
}

/**
 * The NODE_OPTIONS of the adoption plugin's own Deployment (extraDeploy,
 * backstage-adoption), or undefined.
 */
export function adoptionNodeOptions(
  values = readHelmValues(),
): string | undefined {
  const deployment = (values.extraDeploy ?? []).find(
    (o: { kind: string; metadata: { name: string } }) =>
      o.kind === 'Deployment' && o.metadata.name === 'backstage-adoption',
  );
  return deployment?.spec.template.spec.containers[0].env.find(
    (e: { name: string }) => e.name === 'NODE_OPTIONS',
  )?.value;
}
