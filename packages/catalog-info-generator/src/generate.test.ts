import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { parse } from 'yaml';
import { main } from './cli';
import { draftCatalogInfo, entityName } from './generate';
import { codeOwnerEntityRef, wholeRepositoryOwners } from './inspect';

/*
 * Fixture repositories, as `git clone` leaves them (including .git/config),
 * scanned by the command itself.
 */

const gitConfig = (url: string) =>
  `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`;

const fixtures = {
  // a Go service with Helm, docs and a team in CODEOWNERS
  'order-service': {
    '.git/config': gitConfig('git@github.com:myorg/order-service.git'),
    '.github/CODEOWNERS':
      '# owners\n* @myorg/order-squad\n/docs/ @myorg/tech-writers\n',
    'go.mod': 'module github.com/myorg/order-service\n\ngo 1.22\n',
    'cmd/server/main.go': 'package main\n',
    Dockerfile: 'FROM scratch\n',
    'helm/Chart.yaml': 'apiVersion: v2\nname: order-service\nversion: 0.1.0\n',
    'mkdocs.yml': 'site_name: Order Service\n',
    'README.md': '# Order Service\n\nCreates and tracks customer orders.\n',
  },
  // a TypeScript library owned by a person, https remote
  'Shared_UI.Kit': {
    '.git/config': gitConfig('https://github.com/myorg/shared-ui-kit'),
    CODEOWNERS: '*       @alice\n',
    'package.json': JSON.stringify({
      name: '@myorg/shared-ui-kit',
      description: 'Shared React components',
      dependencies: { react: '^18' },
    }),
    'tsconfig.json': '{}',
    'yarn.lock': '',
  },
  // Kubernetes manifests without Helm, remote on another host
  'billing-worker': {
    '.git/config': gitConfig('git@gitlab.example.com:myorg/billing-worker.git'),
    CODEOWNERS: '* @myorg/payments-squad\n',
    'pyproject.toml': '[project]\nname = "billing-worker"\n',
    'deploy/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing-worker\n',
  },
  // already described: never touched
  'payment-service': {
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: payment-service}\n',
    'go.mod': 'module x\n',
  },
  // nobody owns it
  'orphan-scripts': {
    'run.sh': 'echo hi\n',
  },
};

describe('catalog-info-generate', () => {
  const dir = createMockDirectory();
  let out: string[];
  const run = async (...args: string[]) => {
    out = [];
    return main(args, line => out.push(line));
  };

  beforeEach(() => dir.setContent(fixtures));

  it('writes a valid draft for each repository that lacks one and reports the rest', async () => {
    expect(await run(dir.path)).toBe(0);
    const doc = (repo: string) =>
      parse(fs.readFileSync(dir.resolve(repo, 'catalog-info.yaml'), 'utf8'));

    expect(doc('order-service')).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'order-service',
        description: 'Creates and tracks customer orders.',
        annotations: {
          'github.com/project-slug': 'myorg/order-service',
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/kubernetes-id': 'order-service',
        },
        tags: ['go', 'docker', 'helm'],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:order-squad',
      },
    });
    expect(doc('Shared_UI.Kit')).toMatchObject({
      metadata: {
        name: 'shared-ui-kit',
        description: 'Shared React components',
        annotations: { 'github.com/project-slug': 'myorg/shared-ui-kit' },
        tags: ['typescript'],
      },
      spec: { type: 'website', owner: 'user:alice' },
    });
    const billing = doc('billing-worker');
    expect(billing).toMatchObject({
      metadata: {
        name: 'billing-worker',
        annotations: { 'backstage.io/kubernetes-id': 'billing-worker' },
        tags: ['python'],
      },
      spec: { type: 'service', owner: 'group:payments-squad' },
    });
    expect(
      billing.metadata.annotations['github.com/project-slug'],
    ).toBeUndefined();

    // never overwritten, never invented
    expect(
      fs.readFileSync(dir.resolve('payment-service/catalog-info.yaml'), 'utf8'),
    ).toContain('metadata: {name: payment-service}');
    expect(fs.existsSync(dir.resolve('orphan-scripts/catalog-info.yaml'))).toBe(
      false,
    );

    expect(out.join('\n')).toContain(
      'skipped  payment-service: already has catalog-info.yaml; never overwritten',
    );
    expect(out.join('\n')).toContain(
      'skipped  orphan-scripts: no owner: CODEOWNERS has no rule for *',
    );
    expect(out.at(-1)?.trim()).toBe(
      '5 repositories: 3 written, 2 skipped, 0 failed',
    );
    // the draft says where its facts came from
    expect(
      fs.readFileSync(dir.resolve('order-service/catalog-info.yaml'), 'utf8'),
    ).toMatch(
      /^# Draft written by catalog-info-generator[\s\S]*owner from \.github\/CODEOWNERS \(@myorg\/order-squad\)/,
    );
  });

  it('a second run changes nothing', async () => {
    await run(dir.path);
    const before = fs.readFileSync(
      dir.resolve('order-service/catalog-info.yaml'),
      'utf8',
    );
    await run(dir.path);
    expect(
      fs.readFileSync(dir.resolve('order-service/catalog-info.yaml'), 'utf8'),
    ).toBe(before);
    expect(out.at(-1)?.trim()).toBe(
      '5 repositories: 0 written, 5 skipped, 0 failed',
    );
  });

  it('--dry-run writes nothing; --default-owner fills the gap', async () => {
    expect(
      await run(
        dir.path,
        '--dry-run',
        '--default-owner',
        'group:platform-team',
      ),
    ).toBe(0);
    expect(fs.existsSync(dir.resolve('order-service/catalog-info.yaml'))).toBe(
      false,
    );
    expect(out.join('\n')).toContain(
      'would write orphan-scripts/catalog-info.yaml  (other, owner group:platform-team, tags -)',
    );
  });

  it('refuses bad arguments with usage', async () => {
    expect(await run()).toBe(2);
    expect(await run(dir.resolve('nope'))).toBe(2);
    expect(out[0]).toMatch(/^Not a folder/);
    expect(await run(dir.path, '--frobnicate')).toBe(2);
  });
});

describe('entityName', () => {
  it.each([
    ['order-service', 'order-service'],
    ['Shared_UI.Kit', 'shared_ui.kit'],
    ['--weird name!!', 'weird-name'],
    ['x'.repeat(80), 'x'.repeat(63)],
  ])('%s -> %s', (raw, name) => {
    expect(entityName(raw)).toBe(name);
  });
});

describe('CODEOWNERS', () => {
  it('the last whole-repository rule owns the repository', () => {
    expect(
      wholeRepositoryOwners(
        '# owners\n* @myorg/old-team\n/docs/ @myorg/writers\n/* @myorg/order-squad @bob # now\n',
      ),
    ).toEqual(['@myorg/order-squad', '@bob']);
    expect(wholeRepositoryOwners('/docs/ @myorg/writers\n')).toBeUndefined();
    expect(codeOwnerEntityRef('@MyOrg/Order-Squad')).toBe('group:order-squad');
    expect(codeOwnerEntityRef('@Alice')).toBe('user:alice');
    expect(codeOwnerEntityRef('alice@myorg.example.com')).toBeUndefined();
  });
});

describe('draftCatalogInfo', () => {
  const mockDir = createMockDirectory();

  it('takes the slug and the owner it is given over the folder', async () => {
    mockDir.setContent({
      'go.mod': 'module x\n',
      '.github/CODEOWNERS': '* @myorg/order-squad\n',
    });
    const draft = await draftCatalogInfo(mockDir.path, {
      githubSlug: 'myorg/Legacy_Billing',
      owner: 'group:default/payments',
    });
    expect(draft.status).toBe('drafted');
    const { yaml } = draft as { yaml: string };
    expect(yaml.split('\n').slice(0, 2)).toEqual([
      '# Draft written by catalog-info-generator: review it, then commit it.',
      '# owner chosen on onboarding; project slug from the repository URL; type and tags from the build files.',
    ]);
    expect(parse(yaml)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'legacy_billing',
        annotations: { 'github.com/project-slug': 'myorg/Legacy_Billing' },
        tags: ['go'],
      },
      spec: {
        type: 'library',
        lifecycle: 'experimental',
        owner: 'group:default/payments',
      },
    });
    expect(fs.existsSync(`${mockDir.path}/catalog-info.yaml`)).toBe(false);
  });

  it('says why there is no draft', async () => {
    mockDir.setContent({ 'run.sh': 'echo hi\n' });
    expect(await draftCatalogInfo(mockDir.path)).toEqual({
      status: 'skipped',
      reason:
        'no owner: CODEOWNERS has no rule for * (add one, or pass --default-owner group:<team>)',
    });
  });
});
