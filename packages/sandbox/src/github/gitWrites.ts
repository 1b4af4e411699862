import express from 'express';
import type { Caller } from './auth';
import { commitJson } from './gitData';
import { loadRepo, Owner, StandInContext } from './context';
import { asyncHandler, sendError } from './errors';
import { GitError, GitStore, isoSeconds } from './git';
import { GitHubRepo, nodeId } from './model';
import { branchRules } from './repos';

/*
 * Git data written through the REST API (https://docs.github.com/rest/git):
 * blobs, trees, commits and references, what tools that change a
 * repository without cloning it (octokit-plugin-create-pull-request, the
 * scaffolder's `publish:github:pull-request`) call. Objects are written
 * into the repository's bare git repository with git's plumbing, so that
 * their shas are git's.
 */

const DOCS = {
  blobs: 'https://docs.github.com/rest/git/blobs#create-a-blob',
  trees: 'https://docs.github.com/rest/git/trees#create-a-tree',
  commits: 'https://docs.github.com/rest/git/commits#create-a-commit',
  createRef: 'https://docs.github.com/rest/git/refs#create-a-reference',
  updateRef: 'https://docs.github.com/rest/git/refs#update-a-reference',
  deleteRef: 'https://docs.github.com/rest/git/refs#delete-a-reference',
};

const SHA = /^[0-9a-f]{40}$/;

/** A tree entry's mode and the object type it holds. */
const MODES: Record<string, 'blob' | 'tree' | 'commit'> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

/** An author or committer of a commit written through the API. */
export type CommitIdentity = { name: string; email: string; date?: string };

/** The identity GitHub records for an account (its noreply address). */
export function accountIdentity(actor: { login: string }): CommitIdentity {
  return {
    name: actor.login,
    email: `${actor.login}@users.noreply.github.com`,
  };
}

/** The type of an object, undefined when the repository has no such object. */
export async function objectType(
  git: GitStore,
  gitDir: string,
  sha: unknown,
): Promise<string | undefined> {
  return typeof sha === 'string' && SHA.test(sha)
    ? git.objectType(gitDir, sha)
    : undefined;
}

/** Writes a blob, returning its sha. */
export async function writeBlob(
  git: GitStore,
  gitDir: string,
  content: Buffer,
): Promise<string> {
  const out = await git.run(gitDir, ['hash-object', '-w', '--stdin'], content);
  return out.toString('utf8').trim();
}

type TreeChange = { mode: string; type: string; sha: string | null };

/**
 * Writes the tree `base` (a tree sha, or none for an empty tree) with the
 * changes applied (path -> entry; `sha: null` removes the path), creating
 * the directories the paths need and dropping those left empty.
 */
export async function writeTree(
  git: GitStore,
  gitDir: string,
  base: string | undefined,
  changes: Map<string, TreeChange>,
): Promise<string> {
  const entries = new Map<
    string,
    { mode: string; type: string; sha: string }
  >();
  if (base) {
    for (const e of await git.lsTree(gitDir, base)) {
      entries.set(e.path, { mode: e.mode, type: e.type, sha: e.sha });
    }
  }
  const nested = new Map<string, Map<string, TreeChange>>();
  for (const [path, change] of changes) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      if (change.sha === null) entries.delete(path);
      else entries.set(path, { ...change, sha: change.sha });
      continue;
    }
    const dir = path.slice(0, slash);
    if (!nested.has(dir)) nested.set(dir, new Map());
    nested.get(dir)!.set(path.slice(slash + 1), change);
  }
  for (const [dir, sub] of nested) {
    const existing = entries.get(dir);
    const sha = await writeTree(
      git,
      gitDir,
      existing?.type === 'tree' ? existing.sha : undefined,
      sub,
    );
    if ((await git.lsTree(gitDir, sha)).length === 0) entries.delete(dir);
    else entries.set(dir, { mode: '040000', type: 'tree', sha });
  }
  const input = [...entries]
    .map(([name, e]) => `${e.mode} ${e.type} ${e.sha}\t${name}\0`)
    .join('');
  const out = await git.run(gitDir, ['mktree', '-z'], Buffer.from(input));
  return out.toString('utf8').trim();
}

/** git's `<seconds> <zone>` for an ISO 8601 date (now when none). */
function gitDate(iso: string | undefined): string | undefined {
  const ms = iso === undefined ? Date.now() : Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return `${Math.floor(ms / 1000)} +0000`;
}

/** Writes a commit object, returning its sha (undefined for a bad identity or date). */
export async function writeCommit(
  git: GitStore,
  gitDir: string,
  commit: {
    tree: string;
    parents: string[];
    message: string;
    author: CommitIdentity;
    committer: CommitIdentity;
  },
): Promise<string | undefined> {
  const line = (id: CommitIdentity) => {
    const date = gitDate(id.date);
    if (!date || /[<>\n]/.test(id.name + id.email)) return undefined;
    return `${id.name} <${id.email}> ${date}`;
  };
  const author = line(commit.author);
  const committer = line(commit.committer);
  if (!author || !committer) return undefined;
  const raw = [
    `tree ${commit.tree}`,
    ...commit.parents.map(p => `parent ${p}`),
    `author ${author}`,
    `committer ${committer}`,
    '',
    commit.message,
  ].join('\n');
  const out = await git.run(
    gitDir,
    ['hash-object', '-t', 'commit', '-w', '--stdin'],
    Buffer.from(raw),
  );
  return out.toString('utf8').trim();
}

/**
 * Moves a reference from `before` (undefined: it must not exist) to
 * `after` (undefined: deletes it); false when it was moved meanwhile.
 */
export async function updateRef(
  git: GitStore,
  gitDir: string,
  ref: string,
  after: string | undefined,
  before: string | undefined,
): Promise<boolean> {
  const zero = '0'.repeat(40);
  try {
    await git.run(
      gitDir,
      after
        ? ['update-ref', ref, after, before ?? zero]
        : ['update-ref', '-d', ref, before ?? ''],
    );
    return true;
  } catch (e) {
    if (e instanceof GitError) return false;
    throw e;
  }
}

/** The commit a reference points at, undefined when there is no such reference. */
export async function refTarget(
  git: GitStore,
  gitDir: string,
  ref: string,
): Promise<string | undefined> {
  return (await git.refs(gitDir)).get(ref);
}

/** A reference as the refs API returns it. */
export function refJson(
  ctx: { apiBaseUrl: string },
  owner: Owner,
  repo: GitHubRepo,
  ref: string,
  sha: string,
) {
  const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
  return {
    ref,
    node_id: nodeId('Ref', `${owner.login}/${repo.name}/${ref}`),
    url: `${api}/git/${ref}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

/** Refuses a git data write to a repository seeded in memory (422), or to an empty one (409). */
async function writable(
  ctx: StandInContext,
  res: express.Response,
  docs: string,
  options: { emptyAllowed?: boolean } = {},
): Promise<string | undefined> {
  const repo: GitHubRepo = res.locals.repo;
  if (!repo.gitDir) {
    sendError(
      res,
      422,
      'The GitHub stand-in writes git data only to repositories created through the API.',
      { documentationUrl: docs },
    );
    return undefined;
  }
  if (!options.emptyAllowed && (await ctx.content(repo).isEmpty())) {
    sendError(res, 409, 'Git Repository is empty.', {
      documentationUrl: docs,
    });
    return undefined;
  }
  return repo.gitDir;
}

/**
 * Whether a branch's protection refuses this update through the API (a
 * protected branch is changed through pull requests), with the message.
 */
function protectionRefuses(
  repo: GitHubRepo,
  ref: string,
  update: { fastForward: boolean; deletion: boolean },
): string | undefined {
  if (!ref.startsWith('refs/heads/')) return undefined;
  const rule = branchRules(repo).find(
    r => r.branch === ref.slice('refs/heads/'.length),
  );
  if (!rule) return undefined;
  if (update.deletion && !rule.allowDeletions)
    return 'Cannot delete this protected branch';
  if (!update.deletion && !update.fastForward && !rule.allowForcePushes)
    return 'Cannot force-push to this protected branch';
  if (rule.blockUpdates) return `Protected branch update failed for ${ref}.`;
  return undefined;
}

/** `git merge-base --is-ancestor`: whether `ancestor` is reachable from `descendant`. */
export async function isAncestor(
  git: GitStore,
  gitDir: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  try {
    await git.run(gitDir, [
      'merge-base',
      '--is-ancestor',
      ancestor,
      descendant,
    ]);
    return true;
  } catch (e) {
    if (e instanceof GitError && e.code === 1) return false;
    throw e;
  }
}

/**
 * The git data write routes: `POST .../git/blobs`, `.../git/trees`,
 * `.../git/commits`, `.../git/refs`, `PATCH` and `DELETE .../git/refs/{ref}`.
 */
export function gitWriteRoutes(ctx: StandInContext): express.Router {
  const router = express.Router();
  const write = loadRepo(ctx, 'write');
  const base = '/repos/:owner/:repo/git';
  const api = (owner: Owner, repo: GitHubRepo) =>
    `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;

  router.post(
    `${base}/blobs`,
    write,
    asyncHandler(async (req, res) => {
      const gitDir = await writable(ctx, res, DOCS.blobs);
      if (!gitDir) return undefined;
      const { content, encoding = 'utf-8' } = req.body ?? {};
      if (typeof content !== 'string') {
        return sendError(
          res,
          422,
          'Invalid request.\n\n"content" wasn\'t supplied.',
          {
            documentationUrl: DOCS.blobs,
          },
        );
      }
      if (!['utf-8', 'utf8', 'base64'].includes(encoding)) {
        return sendError(
          res,
          422,
          `encoding must be either "utf-8" or "base64", not "${encoding}"`,
          { documentationUrl: DOCS.blobs },
        );
      }
      const sha = await writeBlob(
        ctx.git,
        gitDir,
        Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
      );
      const url = `${api(res.locals.owner, res.locals.repo)}/git/blobs/${sha}`;
      return res.status(201).setHeader('location', url).json({ url, sha });
    }),
  );

  router.post(
    `${base}/trees`,
    write,
    asyncHandler(async (req, res) => {
      const gitDir = await writable(ctx, res, DOCS.trees);
      if (!gitDir) return undefined;
      const body = req.body ?? {};
      const invalid = (message = 'Invalid tree info') =>
        sendError(res, 422, message, { documentationUrl: DOCS.trees });
      if (!Array.isArray(body.tree)) {
        return invalid('Invalid request.\n\n"tree" wasn\'t supplied.');
      }
      let baseTree: string | undefined;
      if (body.base_tree !== undefined && body.base_tree !== null) {
        baseTree = await ctx.git.resolveTree(gitDir, String(body.base_tree));
        if (!baseTree || !SHA.test(String(body.base_tree)))
          return invalid('base_tree is not a valid tree oid');
      }
      const changes = new Map<string, TreeChange>();
      for (const item of body.tree) {
        const path = typeof item?.path === 'string' ? item.path : '';
        const type = MODES[item?.mode];
        if (
          !path ||
          path.startsWith('/') ||
          path.endsWith('/') ||
          path
            .split('/')
            .some((s: string) => s === '' || s === '.' || s === '..') ||
          !type ||
          (item.type !== undefined && item.type !== type)
        ) {
          return invalid();
        }
        if (item.content !== undefined) {
          if (type !== 'blob' || typeof item.content !== 'string')
            return invalid();
          const sha = await writeBlob(
            ctx.git,
            gitDir,
            Buffer.from(item.content, 'utf8'),
          );
          changes.set(path, { mode: item.mode, type, sha });
        } else if (item.sha === null) {
          changes.set(path, { mode: item.mode, type, sha: null });
        } else {
          const found = await objectType(ctx.git, gitDir, item.sha);
          // submodules point at commits of other repositories
          if (type !== 'commit' && found !== type) {
            return invalid(`tree.sha ${item.sha} is not a valid ${type}`);
          }
          changes.set(path, { mode: item.mode, type, sha: item.sha });
        }
      }
      const sha = await writeTree(ctx.git, gitDir, baseTree, changes);
      const url = `${api(res.locals.owner, res.locals.repo)}/git/trees`;
      const entries = await ctx.git.lsTree(gitDir, sha);
      return res
        .status(201)
        .setHeader('location', `${url}/${sha}`)
        .json({
          sha,
          url: `${url}/${sha}`,
          tree: entries.map(e => ({
            path: e.path,
            mode: e.mode,
            type: e.type,
            sha: e.sha,
            ...(e.type === 'blob' ? { size: e.size ?? 0 } : {}),
            url: `${api(res.locals.owner, res.locals.repo)}/git/${
              e.type === 'tree' ? 'trees' : 'blobs'
            }/${e.sha}`,
          })),
          truncated: false,
        });
    }),
  );

  router.post(
    `${base}/commits`,
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const caller: Caller = res.locals.caller;
      // the first commit of an empty repository is written this way too
      const gitDir = await writable(ctx, res, DOCS.commits, {
        emptyAllowed: true,
      });
      if (!gitDir) return undefined;
      const body = req.body ?? {};
      const failed = (message: string) =>
        sendError(res, 422, message, { documentationUrl: DOCS.commits });
      if (typeof body.message !== 'string')
        return failed('Invalid request.\n\n"message" wasn\'t supplied.');
      if (typeof body.tree !== 'string')
        return failed('Invalid request.\n\n"tree" wasn\'t supplied.');
      if ((await objectType(ctx.git, gitDir, body.tree)) !== 'tree')
        return failed('Tree SHA does not exist');
      const parents: unknown[] = Array.isArray(body.parents)
        ? body.parents
        : [];
      for (const parent of parents) {
        if ((await objectType(ctx.git, gitDir, parent)) !== 'commit')
          return failed('Parent SHA does not exist or is not a commit object');
      }
      const identity = (value: any): CommitIdentity | undefined =>
        value && typeof value === 'object'
          ? {
              name: String(value.name ?? ''),
              email: String(value.email ?? ''),
              date: value.date,
            }
          : undefined;
      const actor = accountIdentity(ctx.actor(caller));
      const author = identity(body.author) ?? actor;
      const committer = identity(body.committer) ?? author;
      const sha = await writeCommit(ctx.git, gitDir, {
        tree: body.tree,
        parents: parents as string[],
        message: body.message,
        author,
        committer,
      });
      if (!sha)
        return failed('Invalid request.\n\nInvalid author or committer.');
      const commit = await ctx.git.commit(gitDir, sha);
      const json = commitJson(ctx, owner, repo, commit);
      return res.status(201).setHeader('location', json.commit.url).json({
        sha,
        node_id: json.node_id,
        url: json.commit.url,
        html_url: json.html_url,
        author: commit.author,
        committer: commit.committer,
        tree: json.commit.tree,
        message: json.commit.message,
        parents: json.parents,
        verification: json.commit.verification,
      });
    }),
  );

  router.post(
    `${base}/refs`,
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const gitDir = await writable(ctx, res, DOCS.createRef, {
        emptyAllowed: true,
      });
      if (!gitDir) return undefined;
      const { ref, sha } = req.body ?? {};
      const failed = (message: string) =>
        sendError(res, 422, message, { documentationUrl: DOCS.createRef });
      if (
        typeof ref !== 'string' ||
        !/^refs\/[^/]+\/.+/.test(ref) ||
        !(await validRefName(ctx.git, gitDir, ref))
      ) {
        return failed(
          `${typeof ref === 'string' ? ref : 'ref'} is not a valid ref name.`,
        );
      }
      if ((await objectType(ctx.git, gitDir, sha)) !== 'commit')
        return failed('Object does not exist');
      if (!(await updateRef(ctx.git, gitDir, ref, sha, undefined)))
        return failed('Reference already exists');
      await ctx.pushed(
        owner,
        repo,
        [{ ref, after: sha }],
        ctx.actor(res.locals.caller),
      );
      const json = refJson(ctx, owner, repo, ref, sha);
      return res.status(201).setHeader('location', json.url).json(json);
    }),
  );

  router.patch(
    `${base}/refs/*`,
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const gitDir = await writable(ctx, res, DOCS.updateRef, {
        emptyAllowed: true,
      });
      if (!gitDir) return undefined;
      const ref = `refs/${(req.params as Record<string, string>)[0]}`;
      const { sha, force } = req.body ?? {};
      const failed = (message: string) =>
        sendError(res, 422, message, { documentationUrl: DOCS.updateRef });
      const before = await refTarget(ctx.git, gitDir, ref);
      if (!before) return failed('Reference does not exist');
      if ((await objectType(ctx.git, gitDir, sha)) !== 'commit')
        return failed('Object does not exist');
      const fastForward = await isAncestor(ctx.git, gitDir, before, sha);
      if (!fastForward && force !== true)
        return failed('Update is not a fast forward');
      const refused = protectionRefuses(repo, ref, {
        fastForward,
        deletion: false,
      });
      if (refused) return failed(refused);
      if (!(await updateRef(ctx.git, gitDir, ref, sha, before)))
        return failed('Reference cannot be updated');
      await ctx.pushed(
        owner,
        repo,
        [{ ref, before, after: sha }],
        ctx.actor(res.locals.caller),
      );
      return res.json(refJson(ctx, owner, repo, ref, sha));
    }),
  );

  router.delete(
    `${base}/refs/*`,
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const gitDir = await writable(ctx, res, DOCS.deleteRef, {
        emptyAllowed: true,
      });
      if (!gitDir) return undefined;
      const ref = `refs/${(req.params as Record<string, string>)[0]}`;
      const failed = (message: string) =>
        sendError(res, 422, message, { documentationUrl: DOCS.deleteRef });
      const before = await refTarget(ctx.git, gitDir, ref);
      if (!before) return failed('Reference does not exist');
      const refused = protectionRefuses(repo, ref, {
        fastForward: false,
        deletion: true,
      });
      if (refused) return failed(refused);
      if (!(await updateRef(ctx.git, gitDir, ref, undefined, before)))
        return failed('Reference cannot be updated');
      await ctx.pushed(
        owner,
        repo,
        [{ ref, before }],
        ctx.actor(res.locals.caller),
      );
      return res.status(204).end();
    }),
  );

  return router;
}

async function validRefName(
  git: GitStore,
  gitDir: string,
  ref: string,
): Promise<boolean> {
  try {
    await git.run(gitDir, ['check-ref-format', ref]);
    return true;
  } catch {
    return false;
  }
}

/** For tests and the pull requests: GitHub's timestamps. */
export const now = () => isoSeconds(Date.now());
