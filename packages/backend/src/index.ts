/*
 * The portal's backend: one process hosting every backend plugin, or
 * (backend.role) one of the deployments the portal is split into. The
 * plugins and modules are listed in src/deployment/portalFeatures.ts; their
 * configuration lives in app-config*.yaml at the repository root.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { cacheServiceFactory } from './cache';
import { databaseGuard } from './databaseGuard';
import { portalFeatures } from './deployment';
import { mcpAgentGuard } from './mcpAgentGuard';
import { runPreflight } from './preflight';
import { requestGuard } from './requestGuard';

async function main() {
  const { problems, warnings } = await runPreflight({
    argv: process.argv,
    env: process.env,
  });
  for (const warning of warnings) console.warn(`Preflight: ${warning}`);
  if (problems.length > 0) {
    for (const problem of problems) {
      console.error(`Cannot start the backend: ${problem}`);
    }
    process.exit(1);
  }

  const backend = createBackend();

  // a database that does not answer gets 503s with a short message and a
  // request id, never hanging requests nor its host, port or driver text
  // (src/databaseGuard); requests no route can serve (a NUL in the URL, a
  // task id that is no UUID) get a 4xx before they reach a plugin
  // (src/requestGuard); an MCP agent token is accepted on the MCP server
  // only (src/mcpAgentGuard)
  backend.add(
    rootHttpRouterServiceFactory({
      configure({ app, config, logger, lifecycle, applyDefaults }) {
        app.use(databaseGuard({ config, logger, lifecycle }));
        app.use(requestGuard());
        app.use(mcpAgentGuard(config));
        applyDefaults();
      },
    }),
  );

  // every plugin's cache (coreServices.cache): Backstage's memory store, or
  // with backend.cache.store redis (production) one shared Redis connection
  // that serves misses while Redis does not answer and says so once
  // (src/cache)
  backend.add(cacheServiceFactory);

  // the plugins and modules: every one, or with backend.role those of one
  // of the deployments the portal is split into (src/deployment)
  backend.add(portalFeatures);

  await backend.start();
}

main().catch(error => {
  console.error(`Backend failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
