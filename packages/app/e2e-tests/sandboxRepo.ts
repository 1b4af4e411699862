import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The sandbox's GitHub (packages/sandbox), as app-config.yaml configures it. */
const GITHUB = 'http://127.0.0.1:7210';
const TOKEN = 'sandbox-github-token';

const remote = (name: string) =>
  `http://x-access-token:${TOKEN}@127.0.0.1:7210/myorg/${name}.git`;

/** git in `cwd`, as a developer without any git configuration */
function gitIn(cwd: string) {
  return (...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'e2e',
        GIT_AUTHOR_EMAIL: 'e2e@myorg.example.com',
        GIT_COMMITTER_NAME: 'e2e',
        GIT_COMMITTER_EMAIL: 'e2e@myorg.example.com',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
      },
      stdio: 'pipe',
    });
}

/**
 * Creates myorg/<name> on the sandbox's GitHub and pushes a folder of this
 * repository to its main branch with git, as a developer would; returns
 * the repository's web URL. A repository that exists already (an earlier
 * run against the same sandbox) is left as it is.
 */
export async function pushFolderToSandbox(
  name: string,
  folder: string,
): Promise<string> {
  const res = await fetch(`${GITHUB}/api/v3/orgs/myorg/repos`, {
    method: 'POST',
    headers: {
      authorization: `token ${TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name }),
  });
  if (res.status === 201) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-push-'));
    fs.cpSync(folder, work, { recursive: true });
    const git = gitIn(work);
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'Add fixtures');
    git('push', '-q', remote(name), 'main');
    fs.rmSync(work, { recursive: true, force: true });
  } else if (res.status !== 422) {
    throw new Error(
      `Creating myorg/${name}: ${res.status} ${await res.text()}`,
    );
  }
  return `https://github.com/myorg/${name}`;
}

/**
 * Commits a change to myorg/<name>'s main branch, as a developer would:
 * clones it, lets `change` edit the working tree, commits and pushes.
 */
export function pushCommitToSandbox(
  name: string,
  message: string,
  change: (workTree: string) => void,
): void {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-commit-'));
  try {
    gitIn(parent)('clone', '-q', remote(name), 'repo');
    const work = path.join(parent, 'repo');
    change(work);
    const git = gitIn(work);
    git('add', '-A');
    git('commit', '-q', '-m', message);
    git('push', '-q', 'origin', 'main');
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
}
