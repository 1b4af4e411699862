import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from './startSandbox';
import { exampleCostLineItems } from '../costexplorer/exampleCosts';
import { SANDBOX_CREDENTIALS } from './ports';

const ORG = 'myorg';
const BOT = 'backstage-bot';
/** The Snyk organization of the example services (snyk.io/org-id). */
export const SNYK_ORG_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

/** Repositories of the example services, with files from this repository. */
const REPOSITORIES: {
  name: string;
  description: string;
  /** folder of this repository whose mkdocs.yml and docs/ become the repo's */
  docsFrom?: string;
}[] = [
  {
    name: 'order-service',
    description: 'Core service for creating and managing customer orders',
    docsFrom: 'catalog/ecommerce',
  },
  {
    name: 'developer-portal',
    description: "MyOrg's internal developer portal",
    docsFrom: '.',
  },
  { name: 'payment-service', description: 'Charges customers' },
];

/**
 * Source files of the example services, with the TODO/FIXME comments the
 * TODO tab lists (plugins/todo); line numbers matter to its tests.
 */
export const SERVICE_SOURCES: Record<string, Record<string, string>> = {
  'order-service': {
    'cmd/server/main.go': `package main

import (
\t"log"
\t"net/http"
)

func main() {
\t// TODO(alice): read the listen address from the environment
\tmux := http.NewServeMux()
\tmux.HandleFunc("/orders", handleOrders)
\t// FIXME(bob): graceful shutdown drops in-flight orders
\tlog.Fatal(http.ListenAndServe(":8080", mux))
}
`,
    'internal/orders/handler.go': `package main

import "net/http"

// TODO(alice): validate the cart before creating the order
func handleOrders(w http.ResponseWriter, r *http.Request) {
\t// TODO(carol): paginate the order list
\t// TODO: emit an order-created event to payments-sqs
\tw.WriteHeader(http.StatusOK)
}
`,
  },
};

/**
 * The source files of the example catalog's AI resources (kind AiResource,
 * catalog/ai/), by repository: a skill as agentskills.io lays it out
 * (SKILL.md in a folder named like the skill) and a rule as Claude Code reads
 * it (.claude/rules/). Each entity's backstage.io/source-location names its
 * file here.
 */
export const AI_RESOURCE_SOURCES: Record<string, Record<string, string>> = {
  'developer-portal': {
    '.claude/skills/catalog-info-authoring/SKILL.md': `---
name: catalog-info-authoring
description: Write or fix a service's catalog-info.yaml so that MyOrg's developer portal shows the service with its owner, its system and every entity-page card. Use when a repository has no catalog-info.yaml, or when the portal reports a processing error on its entity.
allowed-tools: Read Edit Grep
---

# Writing catalog-info.yaml

The portal discovers every repository of myorg with a catalog-info.yaml on
main. Write one Component per deployable service:

1. \`metadata.name\` is the repository's name; \`metadata.description\` says
   in one sentence what the service does.
2. \`spec.owner\` is a team the portal knows, as \`group:<team>\`. An owner
   that does not exist is a processing error on the entity.
3. \`spec.system\` is the system the service belongs to;
   \`spec.lifecycle\` is experimental, production or deprecated.
4. Add the annotations of the cards the service needs:
   - \`github.com/project-slug: myorg/<repository>\`: CI runs and links;
   - \`backstage.io/techdocs-ref: dir:.\`: docs, when mkdocs.yml sits at the root;
   - \`backstage.io/kubernetes-id: <name>\`: workloads on the clusters;
   - \`pagerduty.com/service-id: <id>\`: on-call and incidents;
   - \`argocd/app-name: <application>\`: deployments.
5. List the APIs it serves in \`spec.providesApis\` and those it calls in
   \`spec.consumesApis\`, by entity name.

After pushing to a branch, give the file's URL to the portal's "Register an
existing component" page: its analysis shows the entities, or the errors,
before anything is registered.
`,
  },
  'order-service': {
    '.claude/rules/secrets-from-vault.md': `---
paths:
  - "**/*.go"
  - "helm/**"
  - "deploy/**"
---

# Secrets come from Vault

Never write a credential (a password, token, API key, private key or a
connection string that holds one) into order-service's code, Helm values,
manifests or tests.

- The service reads its secrets at run time from Vault: the KV v2 engine
  \`order-service\`, under \`production/\` (database, payment-api,
  messaging/sqs). The Vault tab of order-service in the portal lists them.
- Tests generate obviously fake values; they never copy a real one.
- A change that needs a new secret reads it by its Vault path; ask
  order-squad to store the value.
`,
  },
};

const ORDER_SERVICE_SLO_RULE = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: order-service-slo
  namespace: order-service
spec:
  groups:
    - name: sloth-slo-sli-recordings-order-service-availability
      rules:
        - record: slo:sli_error:ratio_rate5m
          expr: |
            sum(rate(http_requests_total{job="order-service",code=~"5.."}[5m]))
            /
            sum(rate(http_requests_total{job="order-service"}[5m]))
          labels:
            sloth_id: order-service-availability
            sloth_service: order-service
            sloth_slo: availability
            sloth_window: 5m
            slo_objective: "99.9"
`;

const ORDER_SERVICE_HELM_VALUES = `replicaCount: 3
image:
  repository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/order-service
  tag: 4f2a9c1
resources:
  requests:
    cpu: 250m
    memory: 256Mi
`;

const CI_WORKFLOW = `name: CI
on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go vet ./... && go test ./...
  image:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app .
      - uses: aquasecurity/trivy-action@0.35.0
`;

/**
 * The example organisation's state at first start: myorg on GitHub with the
 * seed's people and services' repositories (docs included, CI history, the
 * tech radar in the portal's repository), order-service running on the
 * production cluster, deployed by Argo CD with history, paged through
 * PagerDuty, analysed by SonarQube, watched in Grafana, with its secrets in
 * Vault.
 */
export async function seedSandbox(
  sandbox: Sandbox,
  options: { repoRoot?: string } = {},
) {
  const {
    github,
    kubernetes,
    argocd,
    pagerduty,
    sonarqube,
    grafana,
    vault,
    snyk,
    costExplorer,
  } = sandbox;

  // GitHub: people, teams, a token for the portal, repositories
  for (const [login, name] of [
    ['alice', 'Alice'],
    ['bob', 'Bob'],
    ['carol', 'Carol'],
    [BOT, 'Backstage'],
  ]) {
    github.addUser({ login, name, email: `${login}@myorg.example.com` });
  }
  github.addOrg(ORG, ['alice', 'bob', 'carol', BOT]);
  github.addTeam(ORG, {
    slug: 'order-squad',
    name: 'Order Squad',
    members: ['alice', 'bob', 'carol'],
  });
  github.addPersonalToken(SANDBOX_CREDENTIALS.githubToken, BOT);
  // development GitHub sign-in (the GitHub Actions tab's user token): alice
  github.registerOAuthApp({
    clientId: SANDBOX_CREDENTIALS.githubOAuthClientId,
    clientSecret: SANDBOX_CREDENTIALS.githubOAuthClientSecret,
    login: 'alice',
  });

  for (const repo of REPOSITORIES) {
    const res = await fetch(`${github.apiBaseUrl}/orgs/${ORG}/repos`, {
      method: 'POST',
      headers: {
        authorization: `token ${SANDBOX_CREDENTIALS.githubToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: repo.name, description: repo.description }),
    });
    if (res.status !== 201) {
      throw new Error(
        `Seeding ${ORG}/${repo.name} failed: ${res.status} ${await res.text()}`,
      );
    }
    const files: Record<string, string> = {
      'README.md': `# ${repo.name}\n\n${repo.description}.\n`,
      '.github/workflows/ci.yaml': CI_WORKFLOW,
    };
    if (repo.docsFrom && options.repoRoot) {
      Object.assign(
        files,
        docsFiles(path.resolve(options.repoRoot, repo.docsFrom)),
      );
    }
    if (repo.name === 'developer-portal' && options.repoRoot) {
      // techRadar.url (app-config.yaml) reads it from here
      files['catalog/tech-radar.json'] = fs.readFileSync(
        path.resolve(options.repoRoot, 'catalog/tech-radar.json'),
        'utf8',
      );
    }
    Object.assign(files, SERVICE_SOURCES[repo.name] ?? {});
    Object.assign(files, AI_RESOURCE_SOURCES[repo.name] ?? {});
    if (repo.name === 'order-service') {
      // what scorecards read: an SLO rule (passes) and Helm values without
      // a memory limit (fails "Resource requests/limits set")
      files['deploy/monitoring/slo.yaml'] = ORDER_SERVICE_SLO_RULE;
      files['helm/values.yaml'] = ORDER_SERVICE_HELM_VALUES;
    }
    for (const [file, content] of Object.entries(files)) {
      github.setFile(ORG, repo.name, file, content);
    }
  }
  const hour = 3600_000;
  github.seedWorkflowRuns(ORG, 'order-service', [
    {
      message: 'Add idempotency keys to POST /orders',
      actor: 'alice',
      createdAt: new Date(Date.now() - 26 * hour),
      conclusion: 'success',
    },
    {
      message: 'Retry payment authorisation on 503',
      actor: 'bob',
      createdAt: new Date(Date.now() - 5 * hour),
      conclusion: 'failure',
    },
    {
      message: 'Fix retry budget',
      actor: 'bob',
      createdAt: new Date(Date.now() - 4 * hour),
      conclusion: 'success',
    },
  ]);

  // Kubernetes (production-us): order-service's workload
  kubernetes.seedWorkload({
    namespace: 'order-service',
    name: 'order-service',
    labels: {
      app: 'order-service',
      'backstage.io/kubernetes-id': 'order-service',
    },
    replicas: 3,
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/order-service:4f2a9c1',
  });

  // the registry: order-service's running image, signed with Cosign;
  // payment-service's image, not signed
  sandbox.registry.pushImage('order-service', '4f2a9c1', { signed: true });
  sandbox.registry.pushImage('payment-service', '1.4.2');

  // Argo CD: order-service in sync, with deployments behind it
  argocd.seedApplication({
    name: 'order-service',
    project: 'order-squad',
    namespace: 'order-service',
    repoURL: `https://github.com/${ORG}/order-service`,
    path: 'helm',
    targetRevision: 'main',
    automated: true,
    history: 4,
  });

  // PagerDuty: order-service's service (the id of its annotation)
  const service = pagerduty.seedService({
    id: 'PXXXXX',
    name: 'order-service',
    description: 'Order Service (production)',
  });
  pagerduty.seedIncident({
    serviceId: service.id,
    title: 'p99 latency of POST /orders above 800 ms',
    status: 'acknowledged',
    urgency: 'high',
  });

  // SonarQube: order-service's last analysis (sonarqube.org/project-key)
  sonarqube.seedProject({
    key: 'order-service',
    name: 'Order Service',
    measures: {
      alert_status: 'OK',
      bugs: '2',
      reliability_rating: '3.0',
      vulnerabilities: '0',
      security_rating: '1.0',
      security_hotspots_reviewed: '100.0',
      security_review_rating: '1.0',
      code_smells: '17',
      sqale_rating: '1.0',
      coverage: '81.4',
      duplicated_lines_density: '1.2',
      ncloc: '12408',
    },
  });

  // AWS Cost Explorer: 90 days of the example services' costs up to
  // yesterday, tagged team= and service= (myorg.com/cost-tag)
  costExplorer.seed(exampleCostLineItems());

  // Snyk: order-service's Go modules project, with open issues of every
  // severity (more than one page of them) and a resolved one
  const severities = [
    'critical',
    'high',
    'high',
    'medium',
    'medium',
    'low',
  ] as const;
  snyk.seedProject({
    org: { id: SNYK_ORG_ID, name: 'MyOrg', slug: 'myorg' },
    target: {
      id: 'c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e01',
      displayName: `${ORG}/order-service`,
      url: `https://github.com/${ORG}/order-service`,
    },
    project: {
      id: 'c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e02',
      name: `${ORG}/order-service:go.mod`,
      type: 'gomod',
      targetFile: 'go.mod',
    },
    issues: [
      ...Array.from({ length: 12 }, (_, i) => ({
        title: `Vulnerable dependency ${i + 1} in go.mod`,
        type: 'package_vulnerability' as const,
        effectiveSeverityLevel: severities[i % severities.length],
        status: 'open' as const,
        problemId: `SNYK-GOLANG-GOLANGORGXNET-${7000 + i}`,
      })),
      {
        title: 'Denial of Service (DoS) in golang.org/x/net',
        type: 'package_vulnerability' as const,
        effectiveSeverityLevel: 'high' as const,
        status: 'resolved' as const,
        problemId: 'SNYK-GOLANG-GOLANGORGXNET-6000',
      },
    ],
  });

  // Grafana: dashboards (grafana/dashboard-selector) and unified alert
  // rules (grafana/alert-label-selector)
  grafana.seedDashboard({
    title: 'Order Service RED',
    tags: ['order-service', 'red'],
    folder: 'Order Squad',
  });
  grafana.seedDashboard({
    title: 'Order Service Saturation',
    tags: ['order-service'],
    folder: 'Order Squad',
  });
  grafana.seedDashboard({
    title: 'Payment Service RED',
    tags: ['payment-service', 'red'],
    folder: 'Payments Squad',
  });
  grafana.seedAlertRule({
    title: 'Order Service p99 latency above 800 ms',
    labels: { service: 'order-service', severity: 'page' },
    instances: ['Alerting'],
  });
  grafana.seedAlertRule({
    title: 'Order Service 5xx ratio above 1%',
    labels: { service: 'order-service', severity: 'page' },
    instances: ['Normal', 'Normal'],
  });
  grafana.seedAlertRule({
    title: 'Payment Service 5xx ratio above 1%',
    labels: { service: 'payment-service', severity: 'page' },
  });

  // Vault: order-service's KV v2 engine, as vault:create-namespace mounts it
  // (vault.io/secrets-engine, vault.io/secrets-path)
  vault.putSecret('order-service', 'production/database', {
    username: 'order_service',
    password: 'sandbox-not-a-secret',
  });
  vault.putSecret('order-service', 'production/payment-api', {
    api_key: 'sandbox-not-a-secret',
  });
  vault.putSecret('order-service', 'production/messaging/sqs', {
    queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
  });
}

/** mkdocs.yml and every file under docs/ of a folder. */
function docsFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const mkdocs = path.join(dir, 'mkdocs.yml');
  if (!fs.existsSync(mkdocs)) return files;
  files['mkdocs.yml'] = fs.readFileSync(mkdocs, 'utf8');
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), {
      withFileTypes: true,
    })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else files[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('docs');
  return files;
}
