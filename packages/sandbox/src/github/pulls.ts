import express from 'express';
import type { Caller } from './auth';
import { loadRepo, Owner, paginate, StandInContext, userJson } from './context';
import { asyncHandler, notFound, sendError, validationFailed } from './errors';
import { GitCommit, GitError, GitStore, isoSeconds } from './git';
import {
  accountIdentity,
  isAncestor,
  refTarget,
  updateRef,
  writeCommit,
} from './gitWrites';
import { GitHubRepo, nodeId, numericId } from './model';
import { branchRules } from './repos';

/*
 * Pull requests (https://docs.github.com/rest/pulls): opened between two
 * branches of a git-backed repository, listed, read, updated, closed and
 * merged (merge commit, squash or rebase) as GitHub does, with its error
 * answers: 422 for an unknown branch, no commits or a duplicate, 405 when
 * the pull request cannot be merged, 409 when its head moved.
 */

const DOCS = {
  create: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  update: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
  merge: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
  list: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  get: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
};

/** A pull request of the stand-in. */
export type GitHubPull = {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  /** the head branch (of the same repository) */
  head: string;
  base: string;
  /** the head's commit when last seen (kept once the branch is gone) */
  headSha: string;
  user: { login: string; type: 'User' | 'Bot' };
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: { login: string; type: 'User' | 'Bot' } | null;
};

type ChangedFile = {
  path: string;
  status: string;
  additions: number;
  deletions: number;
};

/** The pull requests of each repository; numbers count from 1 per repository. */
const store = new WeakMap<GitHubRepo, GitHubPull[]>();

/** The pull requests of a repository, oldest first. */
export function pullRequests(repo: GitHubRepo): GitHubPull[] {
  let pulls = store.get(repo);
  if (!pulls) {
    pulls = [];
    store.set(repo, pulls);
  }
  return pulls;
}

/** `git merge-tree --write-tree`: the merged tree, or undefined on conflicts. */
async function mergedTree(
  git: GitStore,
  gitDir: string,
  base: string,
  head: string,
): Promise<string | undefined> {
  try {
    const out = await git.run(gitDir, [
      'merge-tree',
      '--write-tree',
      '--no-messages',
      base,
      head,
    ]);
    return out.toString('utf8').split('\n')[0].trim();
  } catch (e) {
    if (e instanceof GitError && e.code === 1) return undefined;
    throw e;
  }
}

/**
 * The tree of `commit` cherry-picked onto `onto`, or undefined on
 * conflicts: merging `commit` with a commit that has `onto`'s tree and
 * `commit`'s parent makes that parent the merge base.
 */
async function replayTree(
  git: GitStore,
  gitDir: string,
  commit: GitCommit,
  onto: string,
): Promise<string | undefined> {
  if (commit.parents.length !== 1) return undefined;
  const ontoTree = await git.resolveTree(gitDir, onto);
  const synthetic = await writeCommit(git, gitDir, {
    tree: ontoTree!,
    parents: commit.parents,
    message: 'replay',
    author: commit.committer,
    committer: commit.committer,
  });
  return mergedTree(git, gitDir, synthetic!, commit.sha);
}

/**
 * The pull request routes: list, create, get, update, files, merge status
 * and merge.
 */
export function pullRoutes(ctx: StandInContext): express.Router {
  const router = express.Router();
  const read = loadRepo(ctx, 'read');
  const write = loadRepo(ctx, 'write');
  const base = '/repos/:owner/:repo/pulls';

  const branchSha = async (repo: GitHubRepo, branch: string) =>
    repo.gitDir
      ? refTarget(ctx.git, repo.gitDir, `refs/heads/${branch}`)
      : undefined;

  /** An open pull request whose head branch is gone is closed, as on GitHub. */
  const refresh = async (repo: GitHubRepo, pull: GitHubPull) => {
    if (pull.state !== 'open') return;
    const sha = await branchSha(repo, pull.head);
    if (sha) {
      pull.headSha = sha;
    } else {
      pull.state = 'closed';
      pull.closedAt = isoSeconds(Date.now());
      pull.updatedAt = pull.closedAt;
    }
  };

  /** Whether an open pull request merges without conflicts. */
  const mergeability = async (repo: GitHubRepo, pull: GitHubPull) => {
    if (pull.state !== 'open' || !repo.gitDir) {
      return { mergeable: null, state: 'unknown' };
    }
    const baseSha = await branchSha(repo, pull.base);
    if (!baseSha) return { mergeable: false, state: 'dirty' };
    const tree = await mergedTree(ctx.git, repo.gitDir, baseSha, pull.headSha);
    if (!tree) return { mergeable: false, state: 'dirty' };
    if (reviewRequired(repo, pull.base)) {
      return { mergeable: true, state: 'blocked' };
    }
    return { mergeable: true, state: pull.draft ? 'draft' : 'clean' };
  };

  /** Changed files between the merge base and the head. */
  const diff = async (
    repo: GitHubRepo,
    pull: GitHubPull,
  ): Promise<{ files: ChangedFile[]; commits: number }> => {
    if (!repo.gitDir) return { files: [], commits: 0 };
    const baseSha = (await branchSha(repo, pull.base)) ?? pull.headSha;
    let mergeBase: string;
    try {
      mergeBase = (
        await ctx.git.run(repo.gitDir, ['merge-base', baseSha, pull.headSha])
      )
        .toString('utf8')
        .trim();
    } catch {
      return { files: [], commits: 0 };
    }
    const diffTree = async (format: string) =>
      (
        await ctx.git.run(repo.gitDir!, [
          'diff-tree',
          '-r',
          '-z',
          format,
          mergeBase,
          pull.headSha,
        ])
      )
        .toString('utf8')
        .split('\0')
        .filter(Boolean);
    const numstat = await diffTree('--numstat');
    const names = await diffTree('--name-status');
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
    const commits = (
      await ctx.git.run(repo.gitDir, [
        'rev-list',
        '--count',
        `${mergeBase}..${pull.headSha}`,
      ])
    )
      .toString('utf8')
      .trim();
    return {
      files: numstat.map(line => {
        const [additions, deletions, file] = line.split('\t');
        return {
          path: file,
          status: words[statuses.get(file) ?? 'M'] ?? 'modified',
          additions: Number(additions) || 0,
          deletions: Number(deletions) || 0,
        };
      }),
      commits: Number(commits),
    };
  };

  const pullJson = async (
    owner: Owner,
    repo: GitHubRepo,
    pull: GitHubPull,
    full: boolean,
  ) => {
    const fullName = `${owner.login}/${repo.name}`;
    const api = `${ctx.apiBaseUrl}/repos/${fullName}`;
    const web = `${ctx.url}/${fullName}`;
    const repoObject = ctx.repoJson(owner, repo);
    const ownerObject = repoObject.owner;
    const baseSha = (await branchSha(repo, pull.base)) ?? pull.headSha;
    const json: Record<string, unknown> = {
      url: `${api}/pulls/${pull.number}`,
      id: numericId(`pull:${fullName}#${pull.number}`),
      node_id: nodeId('PullRequest', `${fullName}#${pull.number}`),
      html_url: `${web}/pull/${pull.number}`,
      diff_url: `${web}/pull/${pull.number}.diff`,
      patch_url: `${web}/pull/${pull.number}.patch`,
      issue_url: `${api}/issues/${pull.number}`,
      commits_url: `${api}/pulls/${pull.number}/commits`,
      review_comments_url: `${api}/pulls/${pull.number}/comments`,
      comments_url: `${api}/issues/${pull.number}/comments`,
      statuses_url: `${api}/statuses/${pull.headSha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: userJson(ctx, pull.user),
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: pull.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: {
        label: `${owner.login}:${pull.head}`,
        ref: pull.head,
        sha: pull.headSha,
        user: ownerObject,
        repo: repoObject,
      },
      base: {
        label: `${owner.login}:${pull.base}`,
        ref: pull.base,
        sha: baseSha,
        user: ownerObject,
        repo: repoObject,
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: pull.draft,
    };
    if (!full) return json;
    const { files, commits } = await diff(repo, pull);
    const { mergeable, state } = await mergeability(repo, pull);
    return {
      ...json,
      merged: pull.mergedAt !== null,
      mergeable,
      rebaseable: mergeable,
      mergeable_state: state,
      merged_by: pull.mergedBy ? userJson(ctx, pull.mergedBy) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    };
  };

  const findPull = async (res: express.Response, number: string) => {
    const repo: GitHubRepo = res.locals.repo;
    const pull = pullRequests(repo).find(p => String(p.number) === number);
    if (pull) await refresh(repo, pull);
    return pull;
  };

  /** `owner:branch` or `branch`; the owner must be the repository's (no forks here). */
  const headBranch = (owner: Owner, head: unknown) => {
    if (typeof head !== 'string' || !head) return undefined;
    const colon = head.indexOf(':');
    if (colon < 0) return head;
    return head.slice(0, colon).toLowerCase() === owner.login.toLowerCase()
      ? head.slice(colon + 1)
      : undefined;
  };

  router.get(
    base,
    read,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const state = String(req.query.state ?? 'open');
      if (!['open', 'closed', 'all'].includes(state)) {
        return validationFailed(
          res,
          [{ resource: 'PullRequest', code: 'invalid', field: 'state' }],
          DOCS.list,
        );
      }
      for (const pull of pullRequests(repo)) await refresh(repo, pull);
      let pulls = pullRequests(repo).filter(
        p => state === 'all' || p.state === state,
      );
      if (req.query.head !== undefined) {
        const head = headBranch(owner, String(req.query.head));
        pulls = pulls.filter(p => p.head === head);
      }
      if (req.query.base !== undefined) {
        pulls = pulls.filter(p => p.base === String(req.query.base));
      }
      const sort = String(req.query.sort ?? 'created');
      const key = (p: GitHubPull) =>
        sort === 'updated' ? p.updatedAt : p.number.toString().padStart(10);
      const direction = String(req.query.direction ?? 'desc');
      pulls = [...pulls].sort((a, b) =>
        key(a) < key(b) ? -1 : Number(key(a) > key(b)),
      );
      if (direction !== 'asc') pulls.reverse();
      const page = paginate(req, res, pulls);
      return res.json(
        await Promise.all(page.map(p => pullJson(owner, repo, p, false))),
      );
    }),
  );

  router.post(
    base,
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const caller: Caller = res.locals.caller;
      const body = req.body ?? {};
      const failed = (errors: Parameters<typeof validationFailed>[1]) =>
        validationFailed(res, errors, DOCS.create);
      if (typeof body.title !== 'string' || !body.title.trim()) {
        return failed([
          { resource: 'PullRequest', code: 'missing_field', field: 'title' },
        ]);
      }
      if (typeof body.base !== 'string' || !body.base) {
        return failed([
          { resource: 'PullRequest', code: 'missing_field', field: 'base' },
        ]);
      }
      const head = headBranch(owner, body.head);
      const headSha = head ? await branchSha(repo, head) : undefined;
      if (!head || !headSha) {
        return failed([
          { resource: 'PullRequest', code: 'invalid', field: 'head' },
        ]);
      }
      const baseSha = await branchSha(repo, body.base);
      if (!baseSha) {
        return failed([
          { resource: 'PullRequest', code: 'invalid', field: 'base' },
        ]);
      }
      for (const pull of pullRequests(repo)) await refresh(repo, pull);
      const open = pullRequests(repo).find(
        p => p.state === 'open' && p.head === head && p.base === body.base,
      );
      if (open) {
        return failed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${owner.login}:${head}.`,
          },
        ]);
      }
      if (await isAncestor(ctx.git, repo.gitDir!, headSha, baseSha)) {
        return failed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `No commits between ${body.base} and ${head}`,
          },
        ]);
      }
      const now = isoSeconds(Date.now());
      const pull: GitHubPull = {
        number: pullRequests(repo).length + 1,
        title: body.title,
        body: typeof body.body === 'string' ? body.body : null,
        state: 'open',
        draft: body.draft === true,
        head,
        base: body.base,
        headSha,
        user: ctx.actor(caller),
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
      };
      pullRequests(repo).push(pull);
      const json = await pullJson(owner, repo, pull, true);
      return res.status(201).setHeader('location', String(json.url)).json(json);
    }),
  );

  router.get(
    `${base}/:number`,
    read,
    asyncHandler(async (req, res) => {
      const pull = await findPull(res, req.params.number);
      if (!pull) return notFound(res, DOCS.get);
      return res.json(
        await pullJson(res.locals.owner, res.locals.repo, pull, true),
      );
    }),
  );

  router.patch(
    `${base}/:number`,
    write,
    asyncHandler(async (req, res) => {
      const repo: GitHubRepo = res.locals.repo;
      const pull = await findPull(res, req.params.number);
      if (!pull) return notFound(res, DOCS.update);
      const body = req.body ?? {};
      const invalid = (field: string) =>
        validationFailed(
          res,
          [{ resource: 'PullRequest', code: 'invalid', field }],
          DOCS.update,
        );
      if (body.state !== undefined && !['open', 'closed'].includes(body.state))
        return invalid('state');
      if (body.base !== undefined && !(await branchSha(repo, body.base)))
        return invalid('base');
      if (body.state === 'open' && pull.state === 'closed') {
        if (pull.mergedAt || !(await branchSha(repo, pull.head))) {
          return sendError(
            res,
            422,
            'state cannot be changed. The pull request cannot be reopened.',
            { documentationUrl: DOCS.update },
          );
        }
      }
      if (typeof body.title === 'string') pull.title = body.title;
      if (body.body !== undefined) pull.body = body.body ?? null;
      if (typeof body.base === 'string') pull.base = body.base;
      const now = isoSeconds(Date.now());
      if (body.state === 'closed' && pull.state === 'open') {
        pull.state = 'closed';
        pull.closedAt = now;
      } else if (body.state === 'open' && pull.state === 'closed') {
        pull.state = 'open';
        pull.closedAt = null;
      }
      pull.updatedAt = now;
      return res.json(await pullJson(res.locals.owner, repo, pull, true));
    }),
  );

  router.get(
    `${base}/:number/files`,
    read,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const pull = await findPull(res, req.params.number);
      if (!pull) return notFound(res);
      const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
      const web = `${ctx.url}/${owner.login}/${repo.name}`;
      const files = paginate(req, res, (await diff(repo, pull)).files);
      return res.json(
        await Promise.all(
          files.map(async f => ({
            sha:
              f.status === 'removed'
                ? null
                : (
                    await ctx.git.lsTree(repo.gitDir!, pull.headSha, {
                      path: f.path,
                    })
                  )[0]?.sha ?? null,
            filename: f.path,
            status: f.status,
            additions: f.additions,
            deletions: f.deletions,
            changes: f.additions + f.deletions,
            blob_url: `${web}/blob/${pull.headSha}/${f.path}`,
            raw_url: `${web}/raw/${pull.headSha}/${f.path}`,
            contents_url: `${api}/contents/${f.path}?ref=${pull.headSha}`,
          })),
        ),
      );
    }),
  );

  router.get(
    `${base}/:number/merge`,
    read,
    asyncHandler(async (req, res) => {
      const pull = await findPull(res, req.params.number);
      if (!pull || !pull.mergedAt) return notFound(res, DOCS.merge);
      return res.status(204).end();
    }),
  );

  router.put(
    `${base}/:number/merge`,
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const caller: Caller = res.locals.caller;
      const pull = await findPull(res, req.params.number);
      if (!pull) return notFound(res, DOCS.merge);
      const body = req.body ?? {};
      const method = body.merge_method ?? 'merge';
      const refuse = (status: number, message: string) =>
        sendError(res, status, message, { documentationUrl: DOCS.merge });
      if (!['merge', 'squash', 'rebase'].includes(method)) {
        return validationFailed(
          res,
          [{ resource: 'PullRequest', code: 'invalid', field: 'merge_method' }],
          DOCS.merge,
        );
      }
      const allowed = {
        merge: repo.settings.allow_merge_commit,
        squash: repo.settings.allow_squash_merge,
        rebase: repo.settings.allow_rebase_merge,
      }[method as 'merge' | 'squash' | 'rebase'];
      if (!allowed) {
        const what = {
          merge: 'Merge commits',
          squash: 'Squash merges',
          rebase: 'Rebase merges',
        }[method as 'merge' | 'squash' | 'rebase'];
        return refuse(405, `${what} are not allowed on this repository.`);
      }
      if (pull.state !== 'open' || pull.draft)
        return refuse(405, 'Pull Request is not mergeable');
      if (body.sha !== undefined && body.sha !== pull.headSha)
        return refuse(
          409,
          'Head branch was modified. Review and try the merge again.',
        );
      if (reviewRequired(repo, pull.base)) {
        return refuse(
          405,
          'At least 1 approving review is required by reviewers with write access.',
        );
      }
      const gitDir = repo.gitDir!;
      const baseSha = await branchSha(repo, pull.base);
      if (!baseSha) return refuse(405, 'Pull Request is not mergeable');
      const tree = await mergedTree(ctx.git, gitDir, baseSha, pull.headSha);
      if (!tree) return refuse(405, 'Pull Request is not mergeable');

      const actor = ctx.actor(caller);
      const identity = accountIdentity(actor);
      const title =
        typeof body.commit_title === 'string' ? body.commit_title : undefined;
      const message =
        typeof body.commit_message === 'string'
          ? body.commit_message
          : undefined;
      let merged: string | undefined;
      if (method === 'merge') {
        merged = await writeCommit(ctx.git, gitDir, {
          tree,
          parents: [baseSha, pull.headSha],
          message: `${
            title ??
            `Merge pull request #${pull.number} from ${owner.login}/${pull.head}`
          }\n\n${message ?? pull.title}`,
          author: identity,
          committer: identity,
        });
      } else if (method === 'squash') {
        merged = await writeCommit(ctx.git, gitDir, {
          tree,
          parents: [baseSha],
          message: `${title ?? `${pull.title} (#${pull.number})`}${
            message ? `\n\n${message}` : ''
          }`,
          author: identity,
          committer: identity,
        });
      } else {
        // each commit of the head replayed onto the base, authors kept
        const commits = (
          await ctx.git.run(gitDir, [
            'rev-list',
            '--reverse',
            '--no-merges',
            `${baseSha}..${pull.headSha}`,
          ])
        )
          .toString('utf8')
          .split('\n')
          .filter(Boolean);
        let onto = baseSha;
        for (const sha of commits) {
          const commit = await ctx.git.commit(gitDir, sha);
          const replayed = await replayTree(ctx.git, gitDir, commit, onto);
          if (!replayed) return refuse(405, "This branch can't be rebased");
          onto = (await writeCommit(ctx.git, gitDir, {
            tree: replayed,
            parents: [onto],
            message: commit.message,
            author: commit.author,
            committer: identity,
          }))!;
        }
        merged = onto;
      }
      if (
        !merged ||
        !(await updateRef(
          ctx.git,
          gitDir,
          `refs/heads/${pull.base}`,
          merged,
          baseSha,
        ))
      ) {
        return refuse(
          409,
          'Base branch was modified. Review and try the merge again.',
        );
      }
      await ctx.pushed(
        owner,
        repo,
        [{ ref: `refs/heads/${pull.base}`, before: baseSha, after: merged }],
        actor,
      );
      const now = isoSeconds(Date.now());
      Object.assign(pull, {
        state: 'closed',
        closedAt: now,
        updatedAt: now,
        mergedAt: now,
        mergeCommitSha: merged,
        mergedBy: actor,
      });
      if (repo.settings.delete_branch_on_merge) {
        const headRef = `refs/heads/${pull.head}`;
        if (
          await updateRef(ctx.git, gitDir, headRef, undefined, pull.headSha)
        ) {
          await ctx.pushed(
            owner,
            repo,
            [{ ref: headRef, before: pull.headSha }],
            actor,
          );
        }
      }
      return res.json({
        sha: merged,
        merged: true,
        message: 'Pull Request successfully merged',
      });
    }),
  );

  return router;
}

/**
 * Whether the base branch's protection requires an approving review that
 * holds for the caller: callers with write access are the repository's
 * administrators here, so only with `enforce_admins` (as for pushes).
 */
function reviewRequired(repo: GitHubRepo, branch: string): boolean {
  const protection = repo.branchProtection.get(branch) as
    | Record<string, any>
    | undefined;
  return Boolean(
    protection?.required_pull_request_reviews &&
      protection?.enforce_admins?.enabled &&
      branchRules(repo).some(r => r.branch === branch),
  );
}

/** The open pull requests whose head is a branch, for GraphQL's `associatedPullRequests`. */
export function pullsOfBranch(repo: GitHubRepo, branch: string): GitHubPull[] {
  return pullRequests(repo).filter(p => p.head === branch);
}
