import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type express from 'express';

/** A protected branch's rules for pushes. */
export type BranchRule = {
  branch: string;
  /** updates must go through pull requests (or wait for status checks) */
  blockUpdates: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
  /** why updates are blocked */
  message: string;
};

const PROTECTION_FILE = 'stand-in-branch-protection';

/**
 * Rejects pushes to protected branches as GitHub does (GH006), from the
 * rules in PROTECTION_FILE: branch, block updates, allow force pushes,
 * allow deletions, message (tab-separated).
 */
const PRE_RECEIVE = `#!/bin/sh
rules=${PROTECTION_FILE}
[ -f "$rules" ] || exit 0
zero=0000000000000000000000000000000000000000
tab=$(printf '\\t')
status=0
while read -r old new ref; do
  case "$ref" in
    refs/heads/*) branch=\${ref#refs/heads/} ;;
    *) continue ;;
  esac
  while IFS="$tab" read -r b block force delete message; do
    [ "$b" = "$branch" ] || continue
    reason=""
    if [ "$new" = "$zero" ]; then
      [ "$delete" = 1 ] || reason="Cannot delete this branch"
    elif [ "$old" != "$zero" ] && [ "$force" != 1 ] && ! git merge-base --is-ancestor "$old" "$new"; then
      reason="Cannot force-push to this branch"
    elif [ "$block" = 1 ]; then
      reason="$message"
    fi
    if [ -n "$reason" ]; then
      echo "error: GH006: Protected branch update failed for $ref." >&2
      echo "error: $reason" >&2
      status=1
    fi
  done < "$rules"
done
exit $status
`;

/** An author or committer line of a commit. */
export type GitIdentity = { name: string; email: string; date: string };

export type GitCommit = {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
};

export type GitTreeEntry = {
  /** path from the root of the repository */
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
};

export class GitError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/**
 * Bare git repositories on disk, one per repository created through the
 * API, served over Git's smart HTTP protocol by Git's own `git http-backend`
 * and read with Git's plumbing commands.
 */
export class GitStore {
  private constructor(
    readonly root: string,
    private readonly temporary: boolean,
  ) {}

  static create(dataDir?: string): GitStore {
    if (dataDir) {
      fs.mkdirSync(dataDir, { recursive: true });
      return new GitStore(path.resolve(dataDir), false);
    }
    return new GitStore(
      fs.mkdtempSync(path.join(os.tmpdir(), 'github-stand-in-')),
      true,
    );
  }

  /** The environment of every git command: no user or system config. */
  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_LITERAL_PATHSPECS: '1',
      LANG: 'C',
      ...extra,
    };
  }

  /** The path of a repository relative to the root, as URLs name it. */
  relativePath(owner: string, repo: string): string {
    return `${owner.toLowerCase()}/${repo.toLowerCase()}.git`;
  }

  /** Creates an empty bare repository whose HEAD is the default branch. */
  init(owner: string, repo: string, defaultBranch: string): string {
    const dir = path.join(this.root, this.relativePath(owner, repo));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    execFileSync(
      'git',
      ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, dir],
      { env: this.env() },
    );
    // pushes of any size in one pack; GitHub keeps objects unpacked-or-not
    // at its discretion, so do we
    execFileSync('git', ['config', 'receive.unpackLimit', '1000'], {
      cwd: dir,
      env: this.env(),
    });
    fs.writeFileSync(path.join(dir, 'hooks', 'pre-receive'), PRE_RECEIVE, {
      mode: 0o755,
    });
    return dir;
  }

  /**
   * Branch protection as the pre-receive hook enforces it on pushes
   * (GitHub's GH006 rejections).
   */
  writeProtection(gitDir: string, rules: BranchRule[]) {
    fs.writeFileSync(
      path.join(gitDir, PROTECTION_FILE),
      rules
        .map(r =>
          [
            r.branch,
            r.blockUpdates ? 1 : 0,
            r.allowForcePushes ? 1 : 0,
            r.allowDeletions ? 1 : 0,
            r.message.replace(/[\t\n]/g, ' '),
          ].join('\t'),
        )
        .map(line => `${line}\n`)
        .join(''),
    );
  }

  rename(gitDir: string, owner: string, newName: string): string {
    const dir = path.join(this.root, this.relativePath(owner, newName));
    if (dir !== gitDir) fs.renameSync(gitDir, dir);
    return dir;
  }

  remove(gitDir: string) {
    fs.rmSync(gitDir, { recursive: true, force: true });
  }

  setHead(gitDir: string, branch: string) {
    execFileSync('git', ['symbolic-ref', 'HEAD', `refs/heads/${branch}`], {
      cwd: gitDir,
      env: this.env(),
    });
  }

  close() {
    if (this.temporary) fs.rmSync(this.root, { recursive: true, force: true });
  }

  // --- plumbing ----------------------------------------------------------

  /** Runs git in a bare repository and returns its standard output. */
  run(gitDir: string, args: string[], input?: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: gitDir, env: this.env() });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', d => out.push(d));
      child.stderr.on('data', d => err.push(d));
      child.on('error', reject);
      child.on('close', code => {
        if (code === 0) resolve(Buffer.concat(out));
        else {
          const stderr = Buffer.concat(err).toString('utf8');
          reject(
            new GitError(
              `git ${args[0]} failed (${code}): ${stderr}`,
              code,
              stderr,
            ),
          );
        }
      });
      child.stdin.end(input);
    });
  }

  /** The commit a ref (branch, tag, sha) names, or undefined. */
  async resolveCommit(
    gitDir: string,
    ref: string,
  ): Promise<string | undefined> {
    if (
      !ref ||
      ref.startsWith('-') ||
      ref.includes('..') ||
      /[\s:~^\\]/.test(ref)
    )
      return undefined;
    let candidates = [`refs/heads/${ref}`, `refs/tags/${ref}`];
    if (ref === 'HEAD' || ref.startsWith('refs/')) candidates = [ref];
    else if (/^[0-9a-f]{4,40}$/i.test(ref)) candidates.unshift(ref);
    for (const candidate of candidates) {
      try {
        const out = await this.run(gitDir, [
          'rev-parse',
          '--verify',
          '--quiet',
          `${candidate}^{commit}`,
        ]);
        return out.toString('utf8').trim();
      } catch {
        // try the next candidate
      }
    }
    return undefined;
  }

  /** The tree a commit or tree sha names, or undefined. */
  async resolveTree(gitDir: string, ref: string): Promise<string | undefined> {
    const commit = await this.resolveCommit(gitDir, ref);
    const treeish = commit ?? ref;
    if (!/^[0-9a-f]{40}$/i.test(treeish)) return undefined;
    try {
      const out = await this.run(gitDir, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${treeish}^{tree}`,
      ]);
      return out.toString('utf8').trim();
    } catch {
      return undefined;
    }
  }

  async branches(gitDir: string): Promise<{ name: string; sha: string }[]> {
    const out = await this.run(gitDir, [
      'for-each-ref',
      '--format=%(refname)%00%(objectname)',
      'refs/heads',
    ]);
    return out
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha] = line.split('\0');
        return { name: ref.replace(/^refs\/heads\//, ''), sha };
      });
  }

  /** All refs and the objects they point at. */
  async refs(gitDir: string): Promise<Map<string, string>> {
    const out = await this.run(gitDir, [
      'for-each-ref',
      '--format=%(refname)%00%(objectname)',
    ]);
    return new Map(
      out
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map(line => line.split('\0') as [string, string]),
    );
  }

  async commit(gitDir: string, sha: string): Promise<GitCommit> {
    const raw = (await this.run(gitDir, ['cat-file', 'commit', sha])).toString(
      'utf8',
    );
    const split = raw.indexOf('\n\n');
    const header = raw.slice(0, split).split('\n');
    const message = raw.slice(split + 2);
    const field = (name: string) =>
      header
        .filter(l => l.startsWith(`${name} `))
        .map(l => l.slice(name.length + 1));
    return {
      sha,
      tree: field('tree')[0],
      parents: field('parent'),
      author: parseIdentity(field('author')[0]),
      committer: parseIdentity(field('committer')[0]),
      message,
    };
  }

  /** The entries of a tree (`ls-tree -l`), optionally recursive. */
  async lsTree(
    gitDir: string,
    treeish: string,
    options: { recursive?: boolean; prefix?: string; path?: string } = {},
  ): Promise<GitTreeEntry[]> {
    const args = ['ls-tree', '-z', '-l'];
    if (options.recursive) args.push('-r', '-t');
    args.push(treeish);
    if (options.path) args.push('--', options.path);
    const out = (await this.run(gitDir, args)).toString('utf8');
    const prefix = options.prefix ? `${options.prefix}/` : '';
    return out
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const tab = line.indexOf('\t');
        const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
        return {
          path: `${prefix}${line.slice(tab + 1)}`,
          mode,
          type: type as GitTreeEntry['type'],
          sha,
          size: size === '-' ? undefined : Number(size),
        };
      });
  }

  /** The files a commit changed against its first parent. */
  async changes(
    gitDir: string,
    sha: string,
  ): Promise<
    { path: string; status: string; additions: number; deletions: number }[]
  > {
    const base = ['diff-tree', '-r', '--root', '--no-commit-id', '-z'];
    const numstat = (await this.run(gitDir, [...base, '--numstat', sha]))
      .toString('utf8')
      .split('\0')
      .filter(Boolean);
    const names = (await this.run(gitDir, [...base, '--name-status', sha]))
      .toString('utf8')
      .split('\0')
      .filter(Boolean);
    const statuses = new Map<string, string>();
    for (let i = 0; i + 1 < names.length; i += 2) {
      statuses.set(names[i + 1], names[i]);
    }
    const words: Record<string, string> = {
      A: 'added',
      D: 'removed',
      M: 'modified',
      T: 'changed',
    };
    return numstat.map(line => {
      const [additions, deletions, file] = line.split('\t');
      return {
        path: file,
        status: words[statuses.get(file) ?? 'M'] ?? 'modified',
        additions: Number(additions) || 0,
        deletions: Number(deletions) || 0,
      };
    });
  }

  /** Commits reachable from a commit, newest first. */
  async log(gitDir: string, sha: string, max: number): Promise<string[]> {
    const out = await this.run(gitDir, ['rev-list', `--max-count=${max}`, sha]);
    return out.toString('utf8').split('\n').filter(Boolean);
  }

  /** The commit a branch points at, synchronously (for seeding). */
  branchHeadSync(gitDir: string, branch: string): string | undefined {
    try {
      return execFileSync(
        'git',
        ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
        { cwd: gitDir, env: this.env(), stdio: ['ignore', 'pipe', 'ignore'] },
      )
        .toString('utf8')
        .trim();
    } catch {
      return undefined;
    }
  }

  /** A file at a ref, synchronously (for seeding). */
  readFileSync(gitDir: string, ref: string, file: string): string | undefined {
    try {
      return execFileSync('git', ['show', `refs/heads/${ref}:${file}`], {
        cwd: gitDir,
        env: this.env(),
        stdio: ['ignore', 'pipe', 'ignore'],
      }).toString('utf8');
    } catch {
      return undefined;
    }
  }

  async objectType(gitDir: string, sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}$/i.test(sha)) return undefined;
    try {
      return (await this.run(gitDir, ['cat-file', '-t', sha]))
        .toString('utf8')
        .trim();
    } catch {
      return undefined;
    }
  }

  async blob(gitDir: string, sha: string): Promise<Buffer> {
    return this.run(gitDir, ['cat-file', 'blob', sha]);
  }

  async archive(gitDir: string, sha: string, prefix: string): Promise<Buffer> {
    return this.run(gitDir, [
      'archive',
      '--format=tar.gz',
      `--prefix=${prefix}/`,
      sha,
    ]);
  }

  /** Size of the repository's objects, in KB. */
  async sizeKb(gitDir: string): Promise<number> {
    const out = (await this.run(gitDir, ['count-objects', '-v'])).toString(
      'utf8',
    );
    const value = (key: string) =>
      Number(new RegExp(`^${key}: (\\d+)`, 'm').exec(out)?.[1] ?? 0);
    return value('size') + value('size-pack');
  }

  /**
   * Commits files onto a branch with plumbing commands (no work tree), as a
   * web edit on GitHub would; returns the new commit's sha.
   */
  commitFiles(
    gitDir: string,
    branch: string,
    files: Record<string, string>,
    message: string,
    author = { name: 'GitHub', email: 'noreply@github.com' },
  ): string {
    const index = path.join(
      os.tmpdir(),
      `github-stand-in-index-${process.pid}-${Date.now()}-${Math.random()}`,
    );
    const env = this.env({
      GIT_INDEX_FILE: index,
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    });
    const git = (args: string[], input?: string) =>
      execFileSync('git', args, { cwd: gitDir, env, input })
        .toString('utf8')
        .trim();
    try {
      let parent: string | undefined;
      try {
        parent = git([
          'rev-parse',
          '--verify',
          '--quiet',
          `refs/heads/${branch}`,
        ]);
      } catch {
        parent = undefined;
      }
      git(parent ? ['read-tree', parent] : ['read-tree', '--empty']);
      for (const [file, content] of Object.entries(files)) {
        const blob = git(['hash-object', '-w', '--stdin'], content);
        git([
          'update-index',
          '--add',
          '--cacheinfo',
          `100644,${blob},${file.replace(/^\//, '')}`,
        ]);
      }
      const tree = git(['write-tree']);
      const commit = git(
        ['commit-tree', tree, ...(parent ? ['-p', parent] : [])],
        message,
      );
      git([
        'update-ref',
        `refs/heads/${branch}`,
        commit,
        ...(parent ? [parent] : []),
      ]);
      return commit;
    } finally {
      fs.rmSync(index, { force: true });
    }
  }

  // --- smart HTTP --------------------------------------------------------

  /**
   * Serves a smart HTTP request (`info/refs`, `git-upload-pack`,
   * `git-receive-pack`) with `git http-backend` as a CGI script.
   */
  async httpBackend(
    req: express.Request,
    res: express.Response,
    options: {
      pathInfo: string;
      remoteUser?: string;
      /** runs after git exits, before the response ends */
      beforeEnd?: () => Promise<void>;
    },
  ): Promise<void> {
    let body = Buffer.alloc(0);
    if (req.method === 'POST') {
      body = await readBody(req);
      const encoding = (req.header('content-encoding') ?? '').toLowerCase();
      if (encoding === 'gzip' || encoding === 'x-gzip')
        body = zlib.gunzipSync(body);
      else if (encoding === 'deflate') body = zlib.inflateSync(body);
    }
    const query = req.originalUrl.includes('?')
      ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
      : '';
    const gitProtocol = req.header('git-protocol') ?? '';
    const env = this.env({
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      REQUEST_METHOD: req.method,
      PATH_INFO: options.pathInfo,
      QUERY_STRING: query,
      CONTENT_TYPE: req.header('content-type') ?? '',
      CONTENT_LENGTH: String(body.length),
      REMOTE_USER: options.remoteUser ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      GIT_PROTOCOL: gitProtocol,
      HTTP_GIT_PROTOCOL: gitProtocol,
    });
    // the variables above, but not GIT_LITERAL_PATHSPECS or GIT_DIR
    delete env.GIT_LITERAL_PATHSPECS;

    await new Promise<void>((resolve, reject) => {
      const child = spawn('git', ['http-backend'], { env });
      const stderr: Buffer[] = [];
      let head = Buffer.alloc(0);
      let headersDone = false;
      child.stderr.on('data', d => stderr.push(d));
      child.stdout.on('data', (chunk: Buffer) => {
        if (headersDone) {
          res.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const crlf = head.indexOf('\r\n\r\n');
        const lf = head.indexOf('\n\n');
        let end = -1;
        let sep = 0;
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
          end = crlf;
          sep = 4;
        } else if (lf >= 0) {
          end = lf;
          sep = 2;
        }
        if (end < 0) return;
        headersDone = true;
        let status = 200;
        for (const line of head
          .slice(0, end)
          .toString('latin1')
          .split(/\r?\n/)) {
          const colon = line.indexOf(':');
          if (colon < 0) continue;
          const name = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (name.toLowerCase() === 'status')
            status = Number.parseInt(value, 10);
          else res.setHeader(name, value);
        }
        res.status(status);
        const rest = head.slice(end + sep);
        if (rest.length) res.write(rest);
      });
      child.on('error', reject);
      child.on('close', code => {
        if (!headersDone) {
          if (!res.headersSent) {
            res
              .status(500)
              .type('text/plain')
              .send(
                `git http-backend failed (${code}): ${Buffer.concat(
                  stderr,
                ).toString('utf8')}`,
              );
          }
          resolve();
          return;
        }
        (options.beforeEnd ?? (async () => undefined))()
          .catch(() => undefined)
          .finally(() => {
            res.end();
            resolve();
          });
      });
      child.stdin.on('error', () => {
        // http-backend may exit before reading everything, e.g. on errors
      });
      child.stdin.end(body);
    });
  }
}

function readBody(req: express.Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseIdentity(line: string | undefined): GitIdentity {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line ?? '');
  if (!match) return { name: '', email: '', date: new Date(0).toISOString() };
  return {
    name: match[1],
    email: match[2],
    date: isoSeconds(Number(match[3]) * 1000),
  };
}

/** GitHub's timestamps: ISO 8601 in UTC without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
