import crypto from 'node:crypto';
import { GitCommit, GitStore, GitTreeEntry, isoSeconds } from './git';
import { GitHubRepo } from './model';

export type ContentFile = {
  type: 'file';
  path: string;
  sha: string;
  size: number;
  content: Buffer;
};

export type ContentDir = {
  type: 'dir';
  path: string;
  sha: string;
  /** the direct children, with paths from the root of the repository */
  entries: GitTreeEntry[];
};

/**
 * Read access to a repository's git data, the same for repositories seeded
 * in memory and for git-backed ones, with git's object ids.
 */
export interface RepoContent {
  readonly gitBacked: boolean;
  /** No commits at all (a repository created without auto_init, before a push). */
  isEmpty(): Promise<boolean>;
  branches(): Promise<{ name: string; sha: string }[]>;
  /** The commit a branch, tag or sha names. */
  resolveCommit(ref: string): Promise<string | undefined>;
  commit(sha: string): Promise<GitCommit | undefined>;
  /** A file or directory at a commit. */
  entry(
    commitSha: string,
    path: string,
  ): Promise<ContentFile | ContentDir | undefined>;
  /** A tree by commit or tree sha (or a ref). */
  tree(
    treeish: string,
    recursive: boolean,
  ): Promise<{ sha: string; entries: GitTreeEntry[] } | undefined>;
  blob(sha: string): Promise<Buffer | undefined>;
  /** A tar.gz of a commit, its files under `prefix/` (git-backed only). */
  archive?(sha: string, prefix: string): Promise<Buffer>;
  /** The files a commit changed (git-backed only). */
  changes?(
    sha: string,
  ): Promise<
    { path: string; status: string; additions: number; deletions: number }[]
  >;
  /** Commits reachable from a commit, newest first. */
  history(sha: string, max: number): Promise<string[]>;
}

export function gitObjectSha(type: string, body: Buffer): string {
  return crypto
    .createHash('sha1')
    .update(Buffer.from(`${type} ${body.length}\0`))
    .update(body)
    .digest('hex');
}

export function blobSha(content: string | Buffer): string {
  return gitObjectSha('blob', Buffer.from(content));
}

type Snapshot = {
  commit: GitCommit;
  /** tree sha -> direct children */
  trees: Map<string, GitTreeEntry[]>;
  /** directory path ('' for the root) -> tree sha */
  dirs: Map<string, string>;
  blobs: Map<string, Buffer>;
  files: Map<string, { sha: string; content: Buffer }>;
};

/** Builds the git objects of a branch held in memory. */
function snapshot(repo: GitHubRepo, files: Map<string, string>): Snapshot {
  const trees = new Map<string, GitTreeEntry[]>();
  const dirs = new Map<string, string>();
  const blobs = new Map<string, Buffer>();
  const fileShas = new Map<string, { sha: string; content: Buffer }>();
  type Dir = { files: Map<string, string>; dirs: Map<string, Dir> };
  const root: Dir = { files: new Map(), dirs: new Map() };
  for (const [path, text] of files) {
    const parts = path.split('/').filter(Boolean);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      if (!dir.dirs.has(part))
        dir.dirs.set(part, { files: new Map(), dirs: new Map() });
      dir = dir.dirs.get(part)!;
    }
    const content = Buffer.from(text);
    const sha = blobSha(content);
    blobs.set(sha, content);
    fileShas.set(parts.join('/'), { sha, content });
    dir.files.set(parts[parts.length - 1], sha);
  }
  const write = (dir: Dir, prefix: string): string => {
    const entries: GitTreeEntry[] = [];
    for (const [name, sub] of dir.dirs) {
      const path = prefix ? `${prefix}/${name}` : name;
      entries.push({
        path,
        mode: '040000',
        type: 'tree',
        sha: write(sub, path),
      });
    }
    for (const [name, sha] of dir.files) {
      entries.push({
        path: prefix ? `${prefix}/${name}` : name,
        mode: '100644',
        type: 'blob',
        sha,
        size: blobs.get(sha)!.length,
      });
    }
    const key = (e: GitTreeEntry) => {
      const name = e.path.split('/').pop()!;
      return e.type === 'tree' ? `${name}/` : name;
    };
    entries.sort((a, b) => (key(a) < key(b) ? -1 : Number(key(a) > key(b))));
    const body = Buffer.concat(
      entries.map(e =>
        Buffer.concat([
          Buffer.from(
            `${e.mode.replace(/^0/, '')} ${e.path.split('/').pop()}\0`,
          ),
          Buffer.from(e.sha, 'hex'),
        ]),
      ),
    );
    const sha = gitObjectSha('tree', body);
    trees.set(sha, entries);
    dirs.set(prefix, sha);
    return sha;
  };
  const tree = write(root, '');
  const seconds = Math.floor(Date.parse(repo.createdAt) / 1000) || 0;
  const identity = { name: 'GitHub', email: 'noreply@github.com' };
  const message = 'Initial commit\n';
  const commitBody = Buffer.from(
    `tree ${tree}\nauthor ${identity.name} <${identity.email}> ${seconds} +0000\n` +
      `committer ${identity.name} <${identity.email}> ${seconds} +0000\n\n${message}`,
  );
  const date = isoSeconds(seconds * 1000);
  return {
    commit: {
      sha: gitObjectSha('commit', commitBody),
      tree,
      parents: [],
      author: { ...identity, date },
      committer: { ...identity, date },
      message,
    },
    trees,
    dirs,
    blobs,
    files: fileShas,
  };
}

/** The contents of a repository seeded in memory (`addRepo`, `setFile`). */
class MemoryContent implements RepoContent {
  readonly gitBacked = false;
  constructor(private readonly repo: GitHubRepo) {}

  private snapshots(): Map<string, Snapshot> {
    return new Map(
      [...this.repo.branches].map(([branch, files]) => [
        branch,
        snapshot(this.repo, files),
      ]),
    );
  }

  private find(ref: string): Snapshot | undefined {
    const snapshots = this.snapshots();
    const branch = ref.replace(/^refs\/heads\//, '');
    const byName = snapshots.get(
      branch === 'HEAD' ? this.repo.defaultBranch : branch,
    );
    if (byName) return byName;
    return [...snapshots.values()].find(
      s => ref.length >= 4 && s.commit.sha.startsWith(ref.toLowerCase()),
    );
  }

  async isEmpty() {
    return this.repo.branches.size === 0;
  }

  async branches() {
    return [...this.snapshots()].map(([name, s]) => ({
      name,
      sha: s.commit.sha,
    }));
  }

  async resolveCommit(ref: string) {
    return this.find(ref)?.commit.sha;
  }

  async commit(sha: string) {
    return this.find(sha)?.commit;
  }

  async entry(commitSha: string, path: string) {
    const s = this.find(commitSha);
    if (!s) return undefined;
    const file = s.files.get(path);
    if (file) {
      return {
        type: 'file' as const,
        path,
        sha: file.sha,
        size: file.content.length,
        content: file.content,
      };
    }
    const dir = s.dirs.get(path);
    if (dir === undefined) return undefined;
    return {
      type: 'dir' as const,
      path,
      sha: dir,
      entries: s.trees.get(dir)!,
    };
  }

  async tree(treeish: string, recursive: boolean) {
    const byRef = this.find(treeish);
    for (const s of this.snapshots().values()) {
      const sha = byRef?.commit.sha === s.commit.sha ? s.commit.tree : treeish;
      const direct = s.trees.get(sha);
      if (!direct) continue;
      // paths relative to the tree, as git ls-tree gives them
      const dirPath = [...s.dirs].find(([, d]) => d === sha)?.[0] ?? '';
      const relative = (e: GitTreeEntry) => ({
        ...e,
        path: dirPath ? e.path.slice(dirPath.length + 1) : e.path,
      });
      if (!recursive) return { sha, entries: direct.map(relative) };
      const all: GitTreeEntry[] = [];
      const walk = (entries: GitTreeEntry[]) => {
        for (const e of entries) {
          all.push(relative(e));
          if (e.type === 'tree') walk(s.trees.get(e.sha)!);
        }
      };
      walk(direct);
      return { sha, entries: all };
    }
    return undefined;
  }

  async history(sha: string) {
    const commit = this.find(sha)?.commit;
    return commit ? [commit.sha] : [];
  }

  async blob(sha: string) {
    for (const s of this.snapshots().values()) {
      const blob = s.blobs.get(sha);
      if (blob) return blob;
    }
    return undefined;
  }
}

/** The contents of a git-backed repository. */
class GitContent implements RepoContent {
  readonly gitBacked = true;
  constructor(
    private readonly git: GitStore,
    private readonly gitDir: string,
  ) {}

  async isEmpty() {
    return (await this.git.refs(this.gitDir)).size === 0;
  }

  branches() {
    return this.git.branches(this.gitDir);
  }

  resolveCommit(ref: string) {
    return this.git.resolveCommit(this.gitDir, ref);
  }

  async commit(sha: string) {
    const resolved = await this.resolveCommit(sha);
    return resolved ? this.git.commit(this.gitDir, resolved) : undefined;
  }

  async entry(commitSha: string, path: string) {
    if (!path) {
      const commit = await this.git.commit(this.gitDir, commitSha);
      return {
        type: 'dir' as const,
        path,
        sha: commit.tree,
        entries: await this.git.lsTree(this.gitDir, commitSha),
      };
    }
    const [found] = await this.git.lsTree(this.gitDir, commitSha, { path });
    if (!found || found.path !== path) return undefined;
    if (found.type === 'tree') {
      return {
        type: 'dir' as const,
        path,
        sha: found.sha,
        entries: await this.git.lsTree(this.gitDir, found.sha, {
          prefix: path,
        }),
      };
    }
    if (found.type !== 'blob') return undefined;
    const content = await this.git.blob(this.gitDir, found.sha);
    return {
      type: 'file' as const,
      path,
      sha: found.sha,
      size: content.length,
      content,
    };
  }

  async tree(treeish: string, recursive: boolean) {
    const sha = await this.git.resolveTree(this.gitDir, treeish);
    if (!sha) return undefined;
    return {
      sha,
      entries: await this.git.lsTree(this.gitDir, sha, { recursive }),
    };
  }

  async blob(sha: string) {
    if ((await this.git.objectType(this.gitDir, sha)) !== 'blob')
      return undefined;
    return this.git.blob(this.gitDir, sha);
  }

  archive(sha: string, prefix: string) {
    return this.git.archive(this.gitDir, sha, prefix);
  }

  changes(sha: string) {
    return this.git.changes(this.gitDir, sha);
  }

  history(sha: string, max: number) {
    return this.git.log(this.gitDir, sha, max);
  }
}

export function repoContent(git: GitStore, repo: GitHubRepo): RepoContent {
  return repo.gitDir
    ? new GitContent(git, repo.gitDir)
    : new MemoryContent(repo);
}
