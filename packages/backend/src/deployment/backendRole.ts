import type { Config } from '@backstage/config';

/**
 * What one backend process hosts (`backend.role`):
 *
 * - `all` (the default): every plugin. Development, the tests, and a portal
 *   deployed as one Deployment.
 * - `portal`: every plugin but the adoption plugin, which runs apart.
 * - `adoption`: the adoption plugin alone. Its ingestion of the frontend's
 *   analytics events (every browser posts a batch every few seconds) then
 *   never leaves garbage in the catalog's process; the chart's values run it
 *   as a Deployment of its own (charts/backstage-values.yaml).
 */
export const BACKEND_ROLES = ['all', 'portal', 'adoption'] as const;

export type BackendRole = (typeof BACKEND_ROLES)[number];

/** The plugin the `portal` role leaves to the `adoption` role. */
export const ADOPTION_PLUGIN_ID = 'adoption';

/** The plugin ids `discovery.endpoints` routes elsewhere (`*`: all). */
function discoveredPlugins(config: Config): Set<string> {
  const ids = new Set<string>();
  for (const endpoint of config.getOptionalConfigArray('discovery.endpoints') ??
    []) {
    for (const id of endpoint.getStringArray('plugins')) ids.add(id);
  }
  return ids;
}

/**
 * Reads `backend.role`. A split process must know where the other half is:
 * `portal` needs a `discovery.endpoints` entry for `adoption`, `adoption`
 * one for `*` (every other plugin: the portal's); without it each half
 * would send the other's calls to itself and answer them with 404s.
 */
export function readBackendRole(config: Config): BackendRole {
  const role = config.getOptionalString('backend.role') ?? 'all';
  if (!(BACKEND_ROLES as readonly string[]).includes(role)) {
    throw new Error(
      `backend.role must be one of ${BACKEND_ROLES.join(', ')}; got '${role}'`,
    );
  }
  const routed = discoveredPlugins(config);
  if (role === 'portal' && !routed.has(ADOPTION_PLUGIN_ID)) {
    throw new Error(
      `backend.role portal leaves the adoption plugin to another process: discovery.endpoints needs an entry with plugins: [${ADOPTION_PLUGIN_ID}] that points at it`,
    );
  }
  if (role === 'adoption' && !routed.has('*')) {
    throw new Error(
      `backend.role adoption hosts the adoption plugin alone: discovery.endpoints needs an entry with plugins: ['*'] that points at the portal's backend`,
    );
  }
  return role as BackendRole;
}
