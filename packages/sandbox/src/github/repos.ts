import express from 'express';
import type { Caller } from './auth';
import { loadRepo, Owner, StandInContext, userJson } from './context';
import {
  asyncHandler,
  GitHubFieldError,
  notFound,
  sendError,
  validationFailed,
} from './errors';
import type { BranchRule } from './git';
import {
  GitHubOrg,
  GitHubRepo,
  GitHubRepoSettings,
  GitHubUser,
  newRepo,
  nodeId,
  numericId,
} from './model';

const DOCS = {
  createInOrg:
    'https://docs.github.com/rest/repos/repos#create-an-organization-repository',
  createForUser:
    'https://docs.github.com/rest/repos/repos#create-a-repository-for-the-authenticated-user',
  update: 'https://docs.github.com/rest/repos/repos#update-a-repository',
  topics:
    'https://docs.github.com/rest/repos/repos#replace-all-repository-topics',
  protection:
    'https://docs.github.com/rest/branches/branch-protection#update-branch-protection',
  getProtection:
    'https://docs.github.com/rest/branches/branch-protection#get-branch-protection',
  collaborators:
    'https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator',
  teamRepos:
    'https://docs.github.com/rest/teams/teams#add-or-update-team-repository-permissions',
};

const SETTINGS: (keyof GitHubRepoSettings)[] = [
  'has_issues',
  'has_projects',
  'has_wiki',
  'has_discussions',
  'has_downloads',
  'allow_merge_commit',
  'allow_squash_merge',
  'allow_rebase_merge',
  'allow_auto_merge',
  'allow_update_branch',
  'allow_forking',
  'delete_branch_on_merge',
  'squash_merge_commit_title',
  'squash_merge_commit_message',
  'merge_commit_title',
  'merge_commit_message',
  'is_template',
  'web_commit_signoff_required',
];

const PERMISSIONS = ['pull', 'triage', 'push', 'maintain', 'admin'];

export function ownerJson(
  ctx: { url: string; apiBaseUrl: string },
  owner: { login: string; type: 'Organization' | 'User' },
) {
  return {
    ...userJson(ctx, { login: owner.login, type: 'User' }),
    node_id: nodeId(owner.type, owner.login),
    repos_url: `${ctx.apiBaseUrl}/${
      owner.type === 'Organization' ? 'orgs' : 'users'
    }/${owner.login}/repos`,
    type: owner.type,
  };
}

/** The full repository object, as `GET /repos/{owner}/{repo}` returns it. */
export function repoJson(
  ctx: { url: string; apiBaseUrl: string },
  owner: Owner,
  repo: GitHubRepo,
) {
  const fullName = `${owner.login}/${repo.name}`;
  const api = `${ctx.apiBaseUrl}/repos/${fullName}`;
  const web = `${ctx.url}/${fullName}`;
  const host = new URL(ctx.url).host;
  const hostname = new URL(ctx.url).hostname;
  const ownerObject = ownerJson(ctx, owner);
  return {
    id: repo.id ?? numericId(fullName),
    node_id: nodeId('Repository', fullName),
    name: repo.name,
    full_name: fullName,
    private: repo.visibility !== 'public',
    owner: ownerObject,
    html_url: web,
    description: repo.description ?? null,
    fork: repo.fork,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    commits_url: `${api}/commits{/sha}`,
    contents_url: `${api}/contents/{+path}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    hooks_url: `${api}/hooks`,
    teams_url: `${api}/teams`,
    topics_url: `${api}/topics`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt ?? repo.createdAt,
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${hostname}:${fullName}.git`,
    clone_url: `${web}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: repo.homepage ?? null,
    size: repo.sizeKb,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: repo.settings.has_issues,
    has_projects: repo.settings.has_projects,
    has_downloads: repo.settings.has_downloads,
    has_wiki: repo.settings.has_wiki,
    has_pages: false,
    has_discussions: repo.settings.has_discussions,
    forks_count: 0,
    archived: repo.archived,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: repo.settings.allow_forking,
    is_template: repo.settings.is_template,
    web_commit_signoff_required: repo.settings.web_commit_signoff_required,
    topics: repo.topics,
    visibility: repo.visibility,
    forks: 0,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.defaultBranch,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
    allow_squash_merge: repo.settings.allow_squash_merge,
    allow_merge_commit: repo.settings.allow_merge_commit,
    allow_rebase_merge: repo.settings.allow_rebase_merge,
    allow_auto_merge: repo.settings.allow_auto_merge,
    delete_branch_on_merge: repo.settings.delete_branch_on_merge,
    allow_update_branch: repo.settings.allow_update_branch,
    use_squash_pr_title_as_default:
      repo.settings.squash_merge_commit_title === 'PR_TITLE',
    squash_merge_commit_title: repo.settings.squash_merge_commit_title,
    squash_merge_commit_message: repo.settings.squash_merge_commit_message,
    merge_commit_title: repo.settings.merge_commit_title,
    merge_commit_message: repo.settings.merge_commit_message,
    ...(owner.type === 'Organization' ? { organization: ownerObject } : {}),
    network_count: 0,
    subscribers_count: 0,
  };
}

/** The shape `GET .../branches/{branch}/protection` returns. */
export function protectionJson(
  api: string,
  branch: string,
  body: Record<string, any>,
): Record<string, unknown> {
  const url = `${api}/branches/${encodeURIComponent(branch)}/protection`;
  const enabled = (key: string) => ({ enabled: Boolean(body[key]) });
  const checks = body.required_status_checks;
  const reviews = body.required_pull_request_reviews;
  const restrictions = body.restrictions;
  const who = (list: any) => ({
    users: (list?.users ?? []).map((login: string) => ({ login })),
    teams: (list?.teams ?? []).map((slug: string) => ({ slug })),
    apps: (list?.apps ?? []).map((slug: string) => ({ slug })),
  });
  return {
    url,
    ...(checks
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: Boolean(checks.strict),
            contexts: checks.contexts ?? [],
            checks:
              checks.checks ??
              (checks.contexts ?? []).map((context: string) => ({
                context,
                app_id: null,
              })),
            contexts_url: `${url}/required_status_checks/contexts`,
          },
        }
      : {}),
    ...(reviews
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: Boolean(reviews.dismiss_stale_reviews),
            require_code_owner_reviews: Boolean(
              reviews.require_code_owner_reviews,
            ),
            required_approving_review_count:
              reviews.required_approving_review_count ?? 1,
            require_last_push_approval: Boolean(
              reviews.require_last_push_approval,
            ),
            ...(reviews.dismissal_restrictions
              ? { dismissal_restrictions: who(reviews.dismissal_restrictions) }
              : {}),
            ...(reviews.bypass_pull_request_allowances
              ? {
                  bypass_pull_request_allowances: who(
                    reviews.bypass_pull_request_allowances,
                  ),
                }
              : {}),
          },
        }
      : {}),
    required_signatures: {
      url: `${url}/required_signatures`,
      enabled: false,
    },
    enforce_admins: {
      url: `${url}/enforce_admins`,
      enabled: Boolean(body.enforce_admins),
    },
    required_linear_history: enabled('required_linear_history'),
    allow_force_pushes: enabled('allow_force_pushes'),
    allow_deletions: enabled('allow_deletions'),
    block_creations: enabled('block_creations'),
    required_conversation_resolution: enabled(
      'required_conversation_resolution',
    ),
    lock_branch: enabled('lock_branch'),
    allow_fork_syncing: enabled('allow_fork_syncing'),
    ...(restrictions
      ? {
          restrictions: {
            url: `${url}/restrictions`,
            users_url: `${url}/restrictions/users`,
            teams_url: `${url}/restrictions/teams`,
            apps_url: `${url}/restrictions/apps`,
            ...who(restrictions),
          },
        }
      : {}),
  };
}

/**
 * What pushes to protected branches may do. Callers with write access are
 * the repository's administrators here, so required reviews and status
 * checks hold for them only with `enforce_admins`; force pushes and
 * deletions are refused unless allowed.
 */
export function branchRules(repo: GitHubRepo): BranchRule[] {
  return [...repo.branchProtection].map(([branch, p]: [string, any]) => {
    const contexts: string[] = p.required_status_checks?.contexts ?? [];
    let message = '';
    if (p.required_pull_request_reviews)
      message = 'Changes must be made through a pull request.';
    else if (contexts.length)
      message = `Required status check "${contexts[0]}" is expected.`;
    return {
      branch,
      blockUpdates: Boolean(p.enforce_admins?.enabled && message),
      allowForcePushes: Boolean(p.allow_force_pushes?.enabled),
      allowDeletions: Boolean(p.allow_deletions?.enabled),
      message,
    };
  });
}

/** What the repository routes need beyond the context. */
export type RepoRoutesDeps = {
  orgs: Map<string, GitHubOrg>;
  users: Map<string, GitHubUser>;
  /** The repositories of a user, created on first use. */
  userOwner(login: string): Owner;
};

/**
 * Creating and configuring repositories: creation in an organisation or for
 * the user, settings, topics, branch protection, collaborators and teams.
 */
export function repoRoutes(
  ctx: StandInContext,
  deps: RepoRoutesDeps,
): express.Router {
  const router = express.Router();
  const read = loadRepo(ctx, 'read');
  const write = loadRepo(ctx, 'write');

  router.get('/users/:username', (req, res) => {
    const org = deps.orgs.get(req.params.username.toLowerCase());
    if (org) {
      return res.json({
        ...ownerJson(ctx, { login: org.login, type: 'Organization' }),
        name: org.login,
        public_repos: [...org.repos.values()].filter(
          r => r.visibility === 'public',
        ).length,
      });
    }
    const user = deps.users.get(req.params.username.toLowerCase());
    const owner = ctx.owner(req.params.username);
    if (!user && !owner) return notFound(res);
    const login = user?.login ?? owner!.login;
    return res.json({
      ...ownerJson(ctx, { login, type: 'User' }),
      name: user?.name ?? null,
      email: user?.email ?? null,
      bio: user?.bio ?? null,
    });
  });

  router.get('/orgs/:org', (req, res) => {
    const org = deps.orgs.get(req.params.org.toLowerCase());
    if (!org) return notFound(res);
    return res.json({
      ...ownerJson(ctx, { login: org.login, type: 'Organization' }),
      name: org.login,
      description: null,
    });
  });

  router.get('/orgs/:org/teams/:team', (req, res) => {
    const org = deps.orgs.get(req.params.org.toLowerCase());
    const owner = ctx.owner(req.params.org);
    if (!org || !owner || !ctx.canSee(res.locals.caller, owner))
      return notFound(res);
    const team = org.teams.get(req.params.team);
    if (!team) return notFound(res);
    return res.json({
      id: numericId(`team:${org.login}/${team.slug}`),
      node_id: nodeId('Team', `${org.login}/${team.slug}`),
      url: `${ctx.apiBaseUrl}/orgs/${org.login}/teams/${team.slug}`,
      html_url: `${ctx.url}/orgs/${org.login}/teams/${team.slug}`,
      name: team.name,
      slug: team.slug,
      description: team.description ?? null,
      privacy: 'closed',
      permission: 'pull',
      parent: team.parent ? { slug: team.parent } : null,
      members_count: team.members.length,
      repos_count: [...org.repos.values()].filter(r =>
        r.teamPermissions.has(team.slug),
      ).length,
      organization: ownerJson(ctx, { login: org.login, type: 'Organization' }),
    });
  });

  const create = (
    req: express.Request,
    res: express.Response,
    owner: Owner,
    docs: string,
  ) => {
    const body = req.body ?? {};
    const failed = (errors: GitHubFieldError[]) =>
      sendError(res, 422, 'Repository creation failed.', {
        errors,
        documentationUrl: docs,
      });
    if (typeof body.name !== 'string' || !body.name.trim()) {
      return failed([
        { resource: 'Repository', code: 'missing_field', field: 'name' },
      ]);
    }
    // GitHub replaces what a name may not hold with hyphens
    const name = body.name.trim().replace(/[^A-Za-z0-9_.-]/g, '-');
    if (name === '.' || name === '..') {
      return failed([
        { resource: 'Repository', code: 'invalid', field: 'name' },
      ]);
    }
    if (owner.repos.has(name.toLowerCase())) {
      return failed([
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ]);
    }
    let visibility: GitHubRepo['visibility'] = body.private
      ? 'private'
      : 'public';
    if (body.visibility !== undefined) {
      const allowed =
        owner.type === 'Organization'
          ? ['public', 'private', 'internal']
          : ['public', 'private'];
      if (!allowed.includes(body.visibility)) {
        return validationFailed(
          res,
          [{ resource: 'Repository', code: 'invalid', field: 'visibility' }],
          docs,
        );
      }
      visibility = body.visibility;
    }
    const settings: Partial<GitHubRepoSettings> = {};
    for (const key of SETTINGS) {
      if (body[key] !== undefined && body[key] !== null)
        (settings as any)[key] = body[key];
    }
    if (body.use_squash_pr_title_as_default === true)
      settings.squash_merge_commit_title = 'PR_TITLE';
    const repo = newRepo(name, {
      description: body.description ?? undefined,
      homepage: body.homepage ?? undefined,
      visibility,
      settings,
      defaultBranch: 'main',
    });
    repo.id = numericId(`${owner.login}/${name}/${Date.now()}`);
    repo.branches = new Map();
    repo.gitDir = ctx.git.init(owner.login, name, repo.defaultBranch);
    if (body.auto_init) {
      ctx.git.commitFiles(
        repo.gitDir,
        repo.defaultBranch,
        {
          'README.md': `# ${name}\n${
            body.description ? `${body.description}\n` : ''
          }`,
        },
        'Initial commit',
      );
      repo.pushedAt = repo.createdAt;
      repo.sizeKb = 1;
    }
    owner.repos.set(name.toLowerCase(), repo);
    if (typeof body.team_id === 'number' && owner.type === 'Organization') {
      const org = deps.orgs.get(owner.login.toLowerCase());
      const team = [...(org?.teams.values() ?? [])].find(
        t => numericId(`team:${org!.login}/${t.slug}`) === body.team_id,
      );
      if (team) repo.teamPermissions.set(team.slug, 'push');
    }
    return res
      .status(201)
      .setHeader('location', `${ctx.apiBaseUrl}/repos/${owner.login}/${name}`)
      .json(ctx.repoJson(owner, repo));
  };

  router.post('/orgs/:org/repos', (req, res) => {
    const caller: Caller = res.locals.caller;
    const owner = ctx.owner(req.params.org);
    if (!owner || owner.type !== 'Organization' || !ctx.canSee(caller, owner))
      return notFound(res, DOCS.createInOrg);
    return create(req, res, owner, DOCS.createInOrg);
  });

  router.post('/user/repos', (req, res) => {
    const caller: Caller = res.locals.caller;
    if (caller.kind !== 'user') {
      return sendError(res, 403, 'Resource not accessible by integration', {
        documentationUrl: DOCS.createForUser,
      });
    }
    return create(req, res, deps.userOwner(caller.login), DOCS.createForUser);
  });

  router.get('/repos/:owner/:repo', read, (_req, res) =>
    res.json(ctx.repoJson(res.locals.owner, res.locals.repo)),
  );

  router.patch(
    '/repos/:owner/:repo',
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const body = req.body ?? {};
      if (body.default_branch !== undefined) {
        const branches = await ctx.content(repo).branches();
        const empty = branches.length === 0;
        if (!empty && !branches.some(b => b.name === body.default_branch)) {
          return validationFailed(
            res,
            [
              {
                resource: 'Repository',
                code: 'invalid',
                field: 'default_branch',
              },
            ],
            DOCS.update,
          );
        }
      }
      if (typeof body.name === 'string' && body.name !== repo.name) {
        const name = body.name.replace(/[^A-Za-z0-9_.-]/g, '-');
        if (owner.repos.has(name.toLowerCase())) {
          return validationFailed(
            res,
            [
              {
                resource: 'Repository',
                code: 'custom',
                field: 'name',
                message: 'name already exists on this account',
              },
            ],
            DOCS.update,
          );
        }
        repo.id ??= numericId(`${owner.login}/${repo.name}`);
        owner.repos.delete(repo.name.toLowerCase());
        if (repo.gitDir)
          repo.gitDir = ctx.git.rename(repo.gitDir, owner.login, name);
        repo.name = name;
        owner.repos.set(name.toLowerCase(), repo);
      }
      if (body.description !== undefined)
        repo.description = body.description ?? undefined;
      if (body.homepage !== undefined)
        repo.homepage = body.homepage ?? undefined;
      if (body.private !== undefined)
        repo.visibility = body.private ? 'private' : 'public';
      if (['public', 'private', 'internal'].includes(body.visibility))
        repo.visibility = body.visibility;
      if (typeof body.archived === 'boolean') repo.archived = body.archived;
      if (typeof body.default_branch === 'string') {
        repo.defaultBranch = body.default_branch;
        if (repo.gitDir) ctx.git.setHead(repo.gitDir, repo.defaultBranch);
      }
      for (const key of SETTINGS) {
        if (body[key] !== undefined && body[key] !== null)
          (repo.settings as any)[key] = body[key];
      }
      repo.updatedAt = new Date().toISOString();
      return res.json(ctx.repoJson(owner, repo));
    }),
  );

  router.delete('/repos/:owner/:repo', write, (_req, res) => {
    const owner: Owner = res.locals.owner;
    const repo: GitHubRepo = res.locals.repo;
    owner.repos.delete(repo.name.toLowerCase());
    if (repo.gitDir) ctx.git.remove(repo.gitDir);
    return res.status(204).end();
  });

  router.get('/repos/:owner/:repo/topics', read, (_req, res) =>
    res.json({ names: (res.locals.repo as GitHubRepo).topics }),
  );

  router.put('/repos/:owner/:repo/topics', write, (req, res) => {
    const repo: GitHubRepo = res.locals.repo;
    const names = req.body?.names;
    if (!Array.isArray(names)) {
      return sendError(
        res,
        422,
        `Invalid request.\n\n"names" wasn't supplied.`,
        {
          documentationUrl: DOCS.topics,
        },
      );
    }
    const invalid = names.filter(
      n =>
        typeof n !== 'string' ||
        !/^[a-z0-9][a-z0-9-]*$/.test(n) ||
        n.length > 50,
    );
    if (invalid.length || names.length > 20) {
      return validationFailed(
        res,
        [
          {
            resource: 'Repository',
            code: 'invalid',
            field: 'topics',
            message:
              names.length > 20
                ? 'A repository cannot have more than 20 topics.'
                : `${invalid.map(String).join(', ')} ${
                    invalid.length === 1 ? 'is' : 'are'
                  } not a valid topic. Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens.`,
          },
        ],
        DOCS.topics,
      );
    }
    repo.topics = [...new Set(names as string[])];
    repo.updatedAt = new Date().toISOString();
    return res.json({ names: repo.topics });
  });

  // Branch protection
  const branchExists = async (repo: GitHubRepo, branch: string) =>
    (await ctx.content(repo).branches()).some(b => b.name === branch);
  const branchNotFound = (res: express.Response, docs: string) =>
    sendError(res, 404, 'Branch not found', { documentationUrl: docs });

  router.get(
    '/repos/:owner/:repo/branches/:branch/protection',
    write,
    asyncHandler(async (req, res) => {
      const repo: GitHubRepo = res.locals.repo;
      const { branch } = req.params;
      if (!(await branchExists(repo, branch)))
        return branchNotFound(res, DOCS.getProtection);
      const protection = repo.branchProtection.get(branch);
      if (!protection) {
        return sendError(res, 404, 'Branch not protected', {
          documentationUrl: DOCS.getProtection,
        });
      }
      return res.json(protection);
    }),
  );

  router.put(
    '/repos/:owner/:repo/branches/:branch/protection',
    write,
    asyncHandler(async (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const { branch } = req.params;
      const body = req.body ?? {};
      const required = [
        'required_status_checks',
        'enforce_admins',
        'required_pull_request_reviews',
        'restrictions',
      ];
      const missing = required.filter(k => !(k in body));
      if (missing.length) {
        const list = missing.map(k => `"${k}"`).join(', ');
        return sendError(
          res,
          422,
          `Invalid request.\n\n${list} ${
            missing.length === 1 ? "wasn't" : "weren't"
          } supplied.`,
          { documentationUrl: DOCS.protection },
        );
      }
      if (!(await branchExists(repo, branch)))
        return branchNotFound(res, DOCS.protection);
      const protection = protectionJson(
        `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`,
        branch,
        body,
      );
      repo.branchProtection.set(branch, protection);
      if (repo.gitDir) ctx.git.writeProtection(repo.gitDir, branchRules(repo));
      return res.json(protection);
    }),
  );

  router.delete(
    '/repos/:owner/:repo/branches/:branch/protection',
    write,
    asyncHandler(async (req, res) => {
      const repo: GitHubRepo = res.locals.repo;
      const { branch } = req.params;
      if (!(await branchExists(repo, branch)))
        return branchNotFound(res, DOCS.protection);
      if (!repo.branchProtection.delete(branch)) {
        return sendError(res, 404, 'Branch not protected', {
          documentationUrl: DOCS.protection,
        });
      }
      if (repo.gitDir) ctx.git.writeProtection(repo.gitDir, branchRules(repo));
      return res.status(204).end();
    }),
  );

  // Collaborators and teams
  const permissionError = (res: express.Response, docs: string) =>
    validationFailed(
      res,
      [{ resource: 'Repository', code: 'invalid', field: 'permission' }],
      docs,
    );

  router.get('/repos/:owner/:repo/collaborators', read, (_req, res) => {
    const repo: GitHubRepo = res.locals.repo;
    res.json(
      [...repo.collaborators].map(([login, permission]) => ({
        ...userJson(ctx, { login, type: 'User' }),
        role_name: permission,
        permissions: {
          admin: permission === 'admin',
          maintain: ['admin', 'maintain'].includes(permission),
          push: ['admin', 'maintain', 'push'].includes(permission),
          triage: permission !== 'pull',
          pull: true,
        },
      })),
    );
  });

  router.put(
    '/repos/:owner/:repo/collaborators/:username',
    write,
    (req, res) => {
      const owner: Owner = res.locals.owner;
      const repo: GitHubRepo = res.locals.repo;
      const login = req.params.username;
      const permission = req.body?.permission ?? 'push';
      const user = deps.users.get(login.toLowerCase());
      const org = deps.orgs.get(owner.login.toLowerCase());
      const member = org?.members.find(
        m => m.toLowerCase() === login.toLowerCase(),
      );
      if (!user && !member) return notFound(res, DOCS.collaborators);
      if (!PERMISSIONS.includes(permission))
        return permissionError(res, DOCS.collaborators);
      const name = user?.login ?? member!;
      const existing = repo.collaborators.has(name);
      repo.collaborators.set(name, permission);
      // organisation members are added directly; others get an invitation
      if (member || existing) return res.status(204).end();
      return res.status(201).json({
        id: numericId(`invitation:${owner.login}/${repo.name}/${name}`),
        node_id: nodeId(
          'RepositoryInvitation',
          `${owner.login}/${repo.name}/${name}`,
        ),
        repository: ctx.repoJson(owner, repo),
        invitee: userJson(ctx, { login: name, type: 'User' }),
        inviter: userJson(ctx, ctx.actor(res.locals.caller)),
        permissions: permission === 'push' ? 'write' : permission,
        created_at: new Date().toISOString(),
        expired: false,
        url: `${ctx.apiBaseUrl}/user/repository_invitations/${numericId(
          `invitation:${owner.login}/${repo.name}/${name}`,
        )}`,
        html_url: `${ctx.url}/${owner.login}/${repo.name}/invitations`,
      });
    },
  );

  router.put('/orgs/:org/teams/:team/repos/:owner/:repo', write, (req, res) => {
    const owner: Owner = res.locals.owner;
    const repo: GitHubRepo = res.locals.repo;
    const org = deps.orgs.get(req.params.org.toLowerCase());
    if (!org || org.login.toLowerCase() !== owner.login.toLowerCase())
      return notFound(res, DOCS.teamRepos);
    const team = org.teams.get(req.params.team);
    if (!team) return notFound(res, DOCS.teamRepos);
    const permission = req.body?.permission ?? 'push';
    if (!PERMISSIONS.includes(permission))
      return permissionError(res, DOCS.teamRepos);
    repo.teamPermissions.set(team.slug, permission);
    return res.status(204).end();
  });

  router.get('/repos/:owner/:repo/teams', read, (_req, res) => {
    const owner: Owner = res.locals.owner;
    const repo: GitHubRepo = res.locals.repo;
    const org = deps.orgs.get(owner.login.toLowerCase());
    res.json(
      [...repo.teamPermissions].map(([slug, permission]) => ({
        id: numericId(`team:${owner.login}/${slug}`),
        node_id: nodeId('Team', `${owner.login}/${slug}`),
        name: org?.teams.get(slug)?.name ?? slug,
        slug,
        permission,
        url: `${ctx.apiBaseUrl}/orgs/${owner.login}/teams/${slug}`,
        html_url: `${ctx.url}/orgs/${owner.login}/teams/${slug}`,
      })),
    );
  });

  return router;
}
