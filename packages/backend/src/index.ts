/*
 * The portal's backend: one process hosting every backend plugin.
 * Plugins and modules are added here; their configuration lives in
 * app-config*.yaml at the repository root.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { cacheServiceFactory } from './cache';
import { databaseGuard } from './databaseGuard';
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

  // app: serves the built frontend in production
  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-proxy-backend'));

  // auth
  backend.add(import('@backstage/plugin-auth-backend'));
  // guest sign-in exists only outside production
  if (process.env.NODE_ENV !== 'production') {
    backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  }
  backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
  backend.add(import('@backstage/plugin-auth-backend-module-okta-provider'));

  // catalog
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  // AI skills and rules (kind AiResource) and MCP servers (API of type
  // mcp-server): without it the catalog refuses both
  backend.add(import('@backstage/plugin-catalog-backend-module-ai-model'));
  // GitHub: repository discovery (catalog-info.yaml) and org users/teams,
  // configured in app-config.production.yaml (catalog.providers)
  backend.add(import('@backstage/plugin-catalog-backend-module-github'));
  backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));
  // entities that failed processing, and why: API and portal page
  backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
  // links on entity pages derived from annotations (catalog.annotationLinks)
  backend.add(
    import(
      '@internal/backstage-plugin-catalog-backend-module-annotation-links'
    ),
  );
  // an owner that does not exist, an oversized entity: processing errors
  backend.add(
    import('@internal/backstage-plugin-catalog-backend-module-entity-checks'),
  );
  // relative $text paths for entities kept in this repository (catalog/)
  backend.add(
    import(
      '@internal/backstage-plugin-catalog-backend-module-file-placeholders'
    ),
  );
  // MCP tool catalog:dry-run-register-entity (ours; docs/mcp.md)
  backend.add(
    import('@internal/backstage-plugin-catalog-backend-module-mcp-actions'),
  );

  // scaffolder (software templates)
  backend.add(import('@backstage/plugin-scaffolder-backend'));
  // publish:github, github:actions:dispatch, github:* (maintained upstream)
  backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
  // publish:gitlab, gitlab:* (maintained upstream)
  backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
  backend.add(
    import('@backstage/plugin-scaffolder-backend-module-notifications'),
  );
  // argocd:create-resources (Roadie)
  backend.add(import('@roadiehq/scaffolder-backend-argocd'));
  // http:backstage:request (Roadie): calls backend plugins, e.g. the proxy
  backend.add(import('@roadiehq/scaffolder-backend-module-http-request'));
  // kubernetes:apply (ours: no maintained module applies arbitrary manifests)
  backend.add(
    import('@internal/backstage-plugin-scaffolder-backend-module-kubernetes'),
  );
  // vault:create-namespace (ours)
  backend.add(
    import('@internal/backstage-plugin-scaffolder-backend-module-vault'),
  );
  // catalog:generate-info (ours: packages/catalog-info-generator as an action)
  backend.add(
    import('@internal/backstage-plugin-scaffolder-backend-module-catalog-info'),
  );
  // MCP tools scaffolder:list-templates, dry-run-catalog-template (ours)
  backend.add(
    import('@internal/backstage-plugin-scaffolder-backend-module-mcp-actions'),
  );

  // techdocs
  backend.add(import('@backstage/plugin-techdocs-backend'));
  // refuses mkdocs.yml settings that run code on the build server (ours)
  backend.add(
    import('@internal/backstage-plugin-techdocs-backend-module-mkdocs-policy'),
  );
  // MCP tool techdocs:get-techdocs-page (ours)
  backend.add(
    import('@internal/backstage-plugin-techdocs-backend-module-mcp-actions'),
  );

  // permissions: the platform team manages locations, Templates and
  // exemptions; everyone reads the catalog and runs templates
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import(
      '@internal/backstage-plugin-permission-backend-module-portal-policy'
    ),
  );

  // search: PostgreSQL engine when the database is PostgreSQL, in-memory otherwise
  backend.add(import('@backstage/plugin-search-backend'));
  backend.add(import('@backstage/plugin-search-backend-module-pg'));
  backend.add(import('@backstage/plugin-search-backend-module-catalog'));
  backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

  // kubernetes
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  // a cluster that does not answer in time is that cluster's error in the
  // tab, not a tab that never loads (ours; see its README)
  backend.add(
    import(
      '@internal/backstage-plugin-kubernetes-backend-module-cluster-timeout'
    ),
  );

  // entity-page integrations (README: "Plugins on entity pages")
  // Argo CD (Roadie): application status and history, argocd.appLocatorMethods
  backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));
  // SonarQube: code quality of sonarqube.org/project-key
  backend.add(import('@backstage-community/plugin-sonarqube-backend'));
  // Vault: the secrets of vault.io/secrets-path
  backend.add(import('@backstage-community/plugin-vault-backend'));
  // TODO: the TODO/FIXME comments of a component's source (its url
  // source location), for the TODO tab (plugins/todo)
  backend.add(import('@backstage-community/plugin-todo-backend'));
  // Lighthouse: audits of Components with lighthouse.com/website-url, on
  // lighthouse.schedule, by the audit service (packages/lighthouse-audit-service)
  backend.add(import('@backstage-community/plugin-lighthouse-backend'));
  // Cost insights (ours): AWS Cost Explorer costs by myorg.com/cost-tag
  backend.add(import('@internal/backstage-plugin-cost-insights-backend'));
  // adoption insights for the platform team: catalog coverage, portal
  // usage, template and docs health (plugins/adoption-backend)
  backend.add(import('@internal/backstage-plugin-adoption-backend'));
  // Tech radar: the radar of techRadar.url
  backend.add(import('@backstage-community/plugin-tech-radar-backend'));

  // scorecards: every entity against the platform standards (ours; see
  // plugins/scorecard-backend/README.md for why not Tech Insights)
  backend.add(import('@internal/backstage-plugin-scorecard-backend'));

  // events, notifications, signals, user settings
  backend.add(import('@backstage/plugin-events-backend'));
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));
  backend.add(import('@backstage/plugin-user-settings-backend'));

  // MCP server (/api/mcp-actions/v1): the tools of backend.actions in
  // app-config.yaml, each acting as its caller (docs/mcp.md)
  backend.add(import('@backstage/plugin-mcp-actions-backend'));

  await backend.start();
}

main().catch(error => {
  console.error(`Backend failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
