import express from 'express';
import type { Caller } from './auth';
import { paginate, StandInContext } from './context';
import { notFound, validationFailed } from './errors';
import type { GitHubRepo } from './model';

const DOCS =
  'https://docs.github.com/rest/repos/repos#list-organization-repositories';

/**
 * `GET /orgs/{org}/repos`: an organisation's repositories as the caller
 * may see them (private ones for members and the organisation's
 * installations), with GitHub's `type`, `sort`, `direction` and paging.
 */
export function orgRepoRoutes(ctx: StandInContext): express.Router {
  const router = express.Router();
  router.get('/orgs/:org/repos', (req, res) => {
    const caller: Caller = res.locals.caller;
    const owner = ctx.owner(req.params.org);
    if (!owner || owner.type !== 'Organization') return notFound(res, DOCS);
    const type = String(req.query.type ?? 'all');
    const sort = String(req.query.sort ?? 'created');
    if (
      !['all', 'public', 'private', 'forks', 'sources', 'member'].includes(type)
    ) {
      return validationFailed(
        res,
        [{ resource: 'Repository', code: 'invalid', field: 'type' }],
        DOCS,
      );
    }
    if (!['created', 'updated', 'pushed', 'full_name'].includes(sort)) {
      return validationFailed(
        res,
        [{ resource: 'Repository', code: 'invalid', field: 'sort' }],
        DOCS,
      );
    }
    const member = ctx.canSee(caller, owner);
    const visible = [...owner.repos.values()].filter(
      r => member || r.visibility === 'public',
    );
    const kept = visible.filter(r => {
      if (type === 'public') return r.visibility === 'public';
      if (type === 'private') return r.visibility !== 'public';
      if (type === 'forks') return r.fork;
      if (type === 'sources') return !r.fork;
      return true;
    });
    const key = (r: GitHubRepo): string => {
      if (sort === 'full_name') return r.name.toLowerCase();
      if (sort === 'updated') return r.updatedAt;
      if (sort === 'pushed') return r.pushedAt ?? r.createdAt;
      return r.createdAt;
    };
    const direction = String(
      req.query.direction ?? (sort === 'full_name' ? 'asc' : 'desc'),
    );
    // ties (repositories created in the same millisecond) by name
    const sorted = [...kept].sort((a, b) => {
      const byKey = key(a) < key(b) ? -1 : Number(key(a) > key(b));
      return byKey || (a.name < b.name ? -1 : Number(a.name > b.name));
    });
    if (direction === 'desc') sorted.reverse();
    return res.json(
      paginate(req, res, sorted).map(r => ctx.repoJson(owner, r)),
    );
  });
  return router;
}
