import express from 'express';
import { loadRepo, Owner, paginate, StandInContext } from './context';
import { asyncHandler, sendError, validationFailed } from './errors';
import { commitJson } from './gitData';
import type { GitHubRepo } from './model';

const DOCS = 'https://docs.github.com/rest/commits/commits#list-commits';

/** how many commits a listing looks at (GitHub pages through all of them) */
const MAX_HISTORY = 1000;

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `GET /repos/{owner}/{repo}/commits`
 * (https://docs.github.com/rest/commits/commits#list-commits): the commits
 * reachable from `sha` (a branch, tag or sha; the default branch when
 * absent), newest first, only those touching `path` (a file or a folder)
 * when given, committed within `since`/`until` (ISO 8601), by `author`
 * (login, name or email), paged with `per_page`/`page` and a Link header.
 * A repository seeded in memory has one commit per branch (its files as of
 * the repository's creation). An empty repository answers 409.
 */
export function commitListRoutes(ctx: StandInContext): express.Router {
  const router = express.Router();

  router.get(
    '/repos/:owner/:repo/commits',
    loadRepo(ctx, 'read'),
    asyncHandler(async (req, res) => {
      const owner = res.locals.owner as Owner;
      const repo = res.locals.repo as GitHubRepo;
      const content = ctx.content(repo);
      if (await content.isEmpty()) {
        return sendError(res, 409, 'Git Repository is empty.', {
          documentationUrl: DOCS,
        });
      }
      const times: Record<'since' | 'until', Date | undefined> = {
        since: undefined,
        until: undefined,
      };
      for (const field of ['since', 'until'] as const) {
        const value = req.query[field];
        if (value === undefined) continue;
        const time = new Date(String(value));
        if (Number.isNaN(time.getTime())) {
          return validationFailed(
            res,
            [{ resource: 'Commit', code: 'invalid', field }],
            DOCS,
          );
        }
        times[field] = time;
      }
      const ref = String(req.query.sha ?? repo.defaultBranch);
      const head = await content.resolveCommit(ref);
      if (!head) {
        return sendError(res, 404, `No commit found for SHA: ${ref}`, {
          documentationUrl: DOCS,
        });
      }
      const path =
        req.query.path === undefined
          ? ''
          : String(req.query.path).replace(/^\/+|\/+$/g, '');
      const author =
        req.query.author === undefined ? '' : String(req.query.author);

      let shas: string[];
      if (repo.gitDir) {
        // children before their parents, whatever the dates say
        const args = ['rev-list', '--topo-order', `--max-count=${MAX_HISTORY}`];
        if (times.since) args.push(`--since=${times.since.toISOString()}`);
        if (times.until) args.push(`--until=${times.until.toISOString()}`);
        if (author) args.push('-i', `--author=${escapeRegExp(author)}`);
        args.push(head, '--');
        if (path) args.push(path);
        const out = await ctx.git.run(repo.gitDir, args);
        shas = out.toString('utf8').split('\n').filter(Boolean);
      } else {
        // one commit: it touches a path when the path exists in it
        const commit = (await content.commit(head))!;
        const date = new Date(commit.committer.date);
        const who = `${commit.author.name} <${commit.author.email}>`;
        const keep =
          (!path || (await content.entry(head, path)) !== undefined) &&
          (!times.since || date >= times.since) &&
          (!times.until || date <= times.until) &&
          (!author || who.toLowerCase().includes(author.toLowerCase()));
        shas = keep ? [head] : [];
      }

      const commits = [];
      for (const sha of paginate(req, res, shas)) {
        const commit = await content.commit(sha);
        if (commit) commits.push(commitJson(ctx, owner, repo, commit));
      }
      return res.json(commits);
    }),
  );

  return router;
}
