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
