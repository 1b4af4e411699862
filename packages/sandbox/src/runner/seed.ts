import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from './startSandbox';
import { SANDBOX_CREDENTIALS } from './ports';

const ORG = 'myorg';
const BOT = 'backstage-bot';

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
 * seed's people and services' repositories (docs included, CI history),
 * order-service running on the production cluster, deployed by Argo CD with
 * history, and paged through PagerDuty.
 */
export async function seedSandbox(
  sandbox: Sandbox,
  options: { repoRoot?: string } = {},
) {
  const { github, kubernetes, argocd, pagerduty } = sandbox;

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
