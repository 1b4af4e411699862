/**
 * The environment of the portal split in two (backend.role, see
 * packages/backend/src/deployment) on loopback: the portal's process with
 * every plugin but the adoption plugin, and the adoption plugin's, each
 * routing the other's plugins to it, as charts/backstage-values.yaml
 * deploys them. For the split deployment's test and the analytics
 * benchmark.
 */
export function splitDeploymentEnv(ports: {
  portal: number;
  adoption: number;
}): { portal: Record<string, string>; adoption: Record<string, string> } {
  const endpoint = (port: number, plugins: string[]) => ({
    target: `http://localhost:${port}/api/{{pluginId}}`,
    plugins,
  });
  return {
    portal: {
      APP_CONFIG_backend_role: 'portal',
      APP_CONFIG_discovery_endpoints: JSON.stringify([
        endpoint(ports.adoption, ['adoption']),
      ]),
    },
    adoption: {
      APP_CONFIG_backend_role: 'adoption',
      APP_CONFIG_discovery_endpoints: JSON.stringify([
        endpoint(ports.portal, ['*']),
        endpoint(ports.adoption, ['adoption']),
      ]),
    },
  };
}
