import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { readBackendRole } from './backendRole';

/**
 * The backend's plugins and modules, for the role of this process
 * (`backend.role`, ./backendRole.ts): every one (`all`), every one but the
 * adoption plugin (`portal`), or the adoption plugin alone (`adoption`). A
 * plugin not hosted is never imported. Their configuration is in
 * app-config*.yaml at the repository root.
 */
export const portalFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    const role = readBackendRole(config);
    if (role !== 'adoption') {
      // app: serves the built frontend in production
      yield import('@backstage/plugin-app-backend');
      yield import('@backstage/plugin-proxy-backend');

      // auth
      yield import('@backstage/plugin-auth-backend');
      // guest sign-in exists only outside production
      if (process.env.NODE_ENV !== 'production') {
        yield import('@backstage/plugin-auth-backend-module-guest-provider');
      }
      yield import('@backstage/plugin-auth-backend-module-github-provider');
      yield import('@backstage/plugin-auth-backend-module-okta-provider');

      // catalog
      yield import('@backstage/plugin-catalog-backend');
      yield import(
        '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
      );
      yield import('@backstage/plugin-catalog-backend-module-logs');
      // AI skills and rules (kind AiResource) and MCP servers (API of type
      // mcp-server): without it the catalog refuses both
      yield import('@backstage/plugin-catalog-backend-module-ai-model');
      // GitHub: repository discovery (catalog-info.yaml) and org users/teams,
      // configured in app-config.production.yaml (catalog.providers)
      yield import('@backstage/plugin-catalog-backend-module-github');
      yield import('@backstage/plugin-catalog-backend-module-github-org');
      // entities that failed processing, and why: API and portal page
      yield import('@backstage/plugin-catalog-backend-module-unprocessed');
      // links on entity pages derived from annotations (catalog.annotationLinks)
      yield import(
        '@internal/backstage-plugin-catalog-backend-module-annotation-links'
      );
      // an owner that does not exist, an oversized entity: processing errors
      yield import(
        '@internal/backstage-plugin-catalog-backend-module-entity-checks'
      );
      // relative $text paths for entities kept in this repository (catalog/)
      yield import(
        '@internal/backstage-plugin-catalog-backend-module-file-placeholders'
      );
      // MCP tool catalog:dry-run-register-entity (ours; docs/mcp.md)
      yield import(
        '@internal/backstage-plugin-catalog-backend-module-mcp-actions'
      );

      // scaffolder (software templates)
      yield import('@backstage/plugin-scaffolder-backend');
      // publish:github, github:actions:dispatch, github:* (maintained upstream)
      yield import('@backstage/plugin-scaffolder-backend-module-github');
      // publish:gitlab, gitlab:* (maintained upstream)
      yield import('@backstage/plugin-scaffolder-backend-module-gitlab');
      yield import('@backstage/plugin-scaffolder-backend-module-notifications');
      // argocd:create-resources (Roadie)
      yield import('@roadiehq/scaffolder-backend-argocd');
      // http:backstage:request (Roadie): calls backend plugins, e.g. the proxy
      yield import('@roadiehq/scaffolder-backend-module-http-request');
      // kubernetes:apply (ours: no maintained module applies arbitrary manifests)
      yield import(
        '@internal/backstage-plugin-scaffolder-backend-module-kubernetes'
      );
      // vault:create-namespace (ours)
      yield import(
        '@internal/backstage-plugin-scaffolder-backend-module-vault'
      );
      // catalog:generate-info (ours: packages/catalog-info-generator as an action)
      yield import(
        '@internal/backstage-plugin-scaffolder-backend-module-catalog-info'
      );
      // MCP tools scaffolder:list-templates, dry-run-catalog-template (ours)
      yield import(
        '@internal/backstage-plugin-scaffolder-backend-module-mcp-actions'
      );

      // techdocs
      yield import('@backstage/plugin-techdocs-backend');
      // refuses mkdocs.yml settings that run code on the build server (ours)
      yield import(
        '@internal/backstage-plugin-techdocs-backend-module-mkdocs-policy'
      );
      // MCP tool techdocs:get-techdocs-page (ours)
      yield import(
        '@internal/backstage-plugin-techdocs-backend-module-mcp-actions'
      );

      // permissions: the platform team manages locations, Templates and
      // exemptions; everyone reads the catalog and runs templates
      yield import('@backstage/plugin-permission-backend');
      yield import(
        '@internal/backstage-plugin-permission-backend-module-portal-policy'
      );

      // search: PostgreSQL engine when the database is PostgreSQL, in-memory otherwise
      yield import('@backstage/plugin-search-backend');
      yield import('@backstage/plugin-search-backend-module-pg');
      yield import('@backstage/plugin-search-backend-module-catalog');
      yield import('@backstage/plugin-search-backend-module-techdocs');

      // kubernetes
      yield import('@backstage/plugin-kubernetes-backend');
      // a cluster that does not answer in time is that cluster's error in the
      // tab, not a tab that never loads (ours; see its README)
      yield import(
        '@internal/backstage-plugin-kubernetes-backend-module-cluster-timeout'
      );

      // entity-page integrations (README: "Plugins on entity pages")
      // Argo CD (Roadie): application status and history, argocd.appLocatorMethods
      yield import('@roadiehq/backstage-plugin-argo-cd-backend');
      // SonarQube: code quality of sonarqube.org/project-key
      yield import('@backstage-community/plugin-sonarqube-backend');
      // Vault: the secrets of vault.io/secrets-path
      yield import('@backstage-community/plugin-vault-backend');
      // TODO: the TODO/FIXME comments of a component's source (its url
      // source location), for the TODO tab (plugins/todo)
      yield import('@backstage-community/plugin-todo-backend');
      // Lighthouse: audits of Components with lighthouse.com/website-url, on
      // lighthouse.schedule, by the audit service (packages/lighthouse-audit-service)
      yield import('@backstage-community/plugin-lighthouse-backend');
      // Cost insights (ours): AWS Cost Explorer costs by myorg.com/cost-tag
      yield import('@internal/backstage-plugin-cost-insights-backend');
      // Tech radar: the radar of techRadar.url
      yield import('@backstage-community/plugin-tech-radar-backend');

      // scorecards: every entity against the platform standards (ours; see
      // plugins/scorecard-backend/README.md for why not Tech Insights)
      yield import('@internal/backstage-plugin-scorecard-backend');

      // events, notifications, signals, user settings
      yield import('@backstage/plugin-events-backend');
      yield import('@backstage/plugin-notifications-backend');
      yield import('@backstage/plugin-signals-backend');
      yield import('@backstage/plugin-user-settings-backend');

      // MCP server (/api/mcp-actions/v1): the tools of backend.actions in
      // app-config.yaml, each acting as its caller (docs/mcp.md)
      yield import('@backstage/plugin-mcp-actions-backend');
    }

    if (role !== 'portal') {
      // adoption insights for the platform team: catalog coverage, portal
      // usage, template and docs health (plugins/adoption-backend)
      yield import('@internal/backstage-plugin-adoption-backend');
    }
  },
});
