import type express from 'express';
import crypto from 'node:crypto';
import type { WorkflowEngine } from './actions';
import type { Caller } from './auth';
import type { RepoContent } from './content';
import { notFound, sendError } from './errors';
import type { GitStore } from './git';
import { GitHubRepo, nodeId } from './model';

/** An account that owns repositories: an organisation or a user. */
export type Owner = {
  login: string;
  type: 'Organization' | 'User';
  repos: Map<string, GitHubRepo>;
};

/** What the route modules need of the stand-in. */
export interface StandInContext {
  readonly url: string;
  readonly apiBaseUrl: string;
  readonly git: GitStore;
  readonly actions: WorkflowEngine;
  owner(login: string): Owner | undefined;
  /** The caller may see the owner's private repositories. */
  canSee(caller: Caller, owner: Owner): boolean;
  content(repo: GitHubRepo): RepoContent;
  repoJson(owner: Owner, repo: GitHubRepo): Record<string, unknown>;
  /** The account a caller acts as (`<app-slug>[bot]` for installations). */
  actor(caller: Caller): { login: string; type: 'User' | 'Bot' };
  /** Called after a push changed refs of a git-backed repository. */
  pushed(
    owner: Owner,
    repo: GitHubRepo,
    updates: { ref: string; before?: string; after?: string }[],
    actor: { login: string; type: 'User' | 'Bot' },
  ): Promise<void>;
}

/**
 * Loads `:owner/:repo` into `res.locals.owner` / `res.locals.repo`, answering
 * as GitHub does when the caller may not see it (404) or not change it (403).
 */
export function loadRepo(
  ctx: StandInContext,
  access: 'read' | 'write' = 'read',
): express.RequestHandler {
  return (req, res, next) => {
    const caller: Caller = res.locals.caller;
    const owner = ctx.owner(req.params.owner);
    const repo = owner?.repos.get(req.params.repo.toLowerCase());
    if (!owner || !repo) return notFound(res);
    const member = ctx.canSee(caller, owner);
    if (!member && repo.visibility !== 'public') return notFound(res);
    if (access === 'write' && !member) {
      return sendError(
        res,
        403,
        caller.kind === 'installation'
          ? 'Resource not accessible by integration'
          : 'Must have admin rights to Repository.',
      );
    }
    res.locals.owner = owner;
    res.locals.repo = repo;
    return next();
  };
}

/** The owner and repository that `loadRepo` loaded. */
export function loadedRepo(res: express.Response) {
  return [res.locals.owner as Owner, res.locals.repo as GitHubRepo] as const;
}

/** `per_page` (default 30, at most 100) and `page` (from 1), with a Link header. */
export function paginate<T>(
  req: express.Request,
  res: express.Response,
  items: T[],
): T[] {
  const perPage = Math.min(
    Math.max(Number.parseInt(String(req.query.per_page ?? '30'), 10) || 30, 1),
    100,
  );
  const page = Math.max(
    Number.parseInt(String(req.query.page ?? '1'), 10) || 1,
    1,
  );
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number) => {
    const url = new URL(
      `${req.protocol}://${req.get('host')}${req.originalUrl}`,
    );
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(p));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) {
    links.push(`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`);
  }
  if (page < last) {
    links.push(
      `<${link(page + 1)}>; rel="next"`,
      `<${link(last)}>; rel="last"`,
    );
  }
  if (links.length) res.setHeader('Link', links.join(', '));
  return items.slice((page - 1) * perPage, page * perPage);
}

/** A user or bot as GitHub shows it in other objects (`actor`, `owner`). */
export function userJson(
  ctx: { url: string; apiBaseUrl: string },
  actor: { login: string; type: 'User' | 'Bot' },
) {
  return {
    login: actor.login,
    id: Number.parseInt(
      crypto.createHash('md5').update(actor.login).digest('hex').slice(0, 7),
      16,
    ),
    node_id: nodeId(actor.type, actor.login),
    avatar_url: `${ctx.url}/avatars/${encodeURIComponent(actor.login)}.png`,
    url: `${ctx.apiBaseUrl}/users/${encodeURIComponent(actor.login)}`,
    html_url: `${ctx.url}/${encodeURIComponent(actor.login)}`,
    type: actor.type,
    site_admin: false,
  };
}
