import express from 'express';
import crypto from 'node:crypto';
import type { Caller } from './auth';
import type { ContentDir, ContentFile, RepoContent } from './content';
import { loadRepo, Owner, paginate, StandInContext } from './context';
import { asyncHandler, notFound, sendError } from './errors';
import type { GitCommit } from './git';
import { GitHubRepo, nodeId } from './model';

const DOCS = {
  contents:
    'https://docs.github.com/rest/repos/contents#get-repository-content',
  trees: 'https://docs.github.com/rest/git/trees#get-a-tree',
  commits: 'https://docs.github.com/rest/commits/commits#get-a-commit',
  branch: 'https://docs.github.com/rest/branches/branches#get-a-branch',
  refs: 'https://docs.github.com/rest/git/refs#get-a-reference',
};

const RAW_ACCEPT = /application\/vnd\.github(\.v3)?\.raw/;

/** base64 in lines of 60 characters, as GitHub sends file contents. */
function base64Lines(content: Buffer): string {
  const b64 = content.toString('base64');
  return `${(b64.match(/.{1,60}/g) ?? []).join('\n')}\n`;
}

function decodePath(path: string | undefined): string {
  let decoded = path ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // already decoded
  }
  return decoded.replace(/^\/+|\/+$/g, '');
}

/** A stable per-repository token for the raw URLs of private repositories. */
const rawTokens = new WeakMap<GitHubRepo, string>();
export function rawToken(repo: GitHubRepo): string {
  let token = rawTokens.get(repo);
  if (!token) {
    token = crypto.randomBytes(20).toString('hex').toUpperCase();
    rawTokens.set(repo, token);
  }
  return token;
}

export function commitJson(
  ctx: { url: string; apiBaseUrl: string },
  owner: Owner,
  repo: GitHubRepo,
  commit: GitCommit,
) {
  const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
  const web = `${ctx.url}/${owner.login}/${repo.name}`;
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    commit: {
      author: commit.author,
      committer: commit.committer,
      message: commit.message.replace(/\n$/, ''),
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${web}/commit/${sha}`,
    })),
  };
}

/**
 * Git data read from the repositories: contents, trees, blobs, commits,
 * branches and refs, tarballs; the same for repositories seeded in memory
 * and git-backed ones.
 */
export function gitDataRoutes(ctx: StandInContext): express.Router {
  const router = express.Router();
  const read = loadRepo(ctx, 'read');
  const base = '/repos/:owner/:repo';
  const locals = (res: express.Response) => ({
    owner: res.locals.owner as Owner,
    repo: res.locals.repo as GitHubRepo,
    content: ctx.content(res.locals.repo),
  });
  const urls = (owner: Owner, repo: GitHubRepo) => ({
    api: `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`,
    web: `${ctx.url}/${owner.login}/${repo.name}`,
  });
  const emptyRepo = (res: express.Response, docs: string) =>
    sendError(res, 409, 'Git Repository is empty.', { documentationUrl: docs });

  const downloadUrl = (
    owner: Owner,
    repo: GitHubRepo,
    ref: string,
    path: string,
  ) =>
    `${ctx.url}/raw/${owner.login}/${repo.name}/${ref}/${path}${
      repo.visibility === 'public' ? '' : `?token=${rawToken(repo)}`
    }`;

  const entryJson = (
    owner: Owner,
    repo: GitHubRepo,
    ref: string,
    entry: { path: string; type: string; sha: string; size?: number },
  ) => {
    const { api, web } = urls(owner, repo);
    const type = { blob: 'file', tree: 'dir', commit: 'submodule' }[entry.type];
    const self = `${api}/contents/${entry.path}?ref=${ref}`;
    const git =
      type === 'dir'
        ? `${api}/git/trees/${entry.sha}`
        : `${api}/git/blobs/${entry.sha}`;
    const html = `${web}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${
      entry.path
    }`;
    return {
      name: entry.path.split('/').pop(),
      path: entry.path,
      sha: entry.sha,
      size: entry.size ?? 0,
      url: self,
      html_url: html,
      git_url: git,
      download_url:
        type === 'file' ? downloadUrl(owner, repo, ref, entry.path) : null,
      type: type ?? 'file',
      _links: { self, git, html },
    };
  };

  const contents = asyncHandler(async (req, res) => {
    const { owner, repo, content } = locals(res);
    const path = decodePath((req.params as Record<string, string>)[0]);
    const ref = String(req.query.ref ?? repo.defaultBranch);
    if (await content.isEmpty()) {
      return sendError(res, 404, 'This repository is empty.', {
        documentationUrl: DOCS.contents,
      });
    }
    const commit = await content.resolveCommit(ref);
    if (!commit) {
      return sendError(res, 404, `No commit found for the ref ${ref}`, {
        documentationUrl: DOCS.contents,
      });
    }
    const entry: ContentFile | ContentDir | undefined = await content.entry(
      commit,
      path,
    );
    if (!entry) return notFound(res, DOCS.contents);
    const etag = `"${entry.sha}"`;
    res.setHeader('etag', etag);
    if (req.header('if-none-match') === etag) return res.status(304).end();
    if (entry.type === 'dir') {
      return res.json(entry.entries.map(e => entryJson(owner, repo, ref, e)));
    }
    if (RAW_ACCEPT.test(req.header('accept') ?? '')) {
      return res.type('text/plain').send(entry.content);
    }
    const { name, sha, url, git_url, html_url, download_url, _links } =
      entryJson(owner, repo, ref, {
        path,
        type: 'blob',
        sha: entry.sha,
        size: entry.size,
      });
    return res.json({
      type: 'file',
      encoding: 'base64',
      size: entry.size,
      name,
      path,
      content: base64Lines(entry.content),
      sha,
      url,
      git_url,
      html_url,
      download_url,
      _links,
    });
  });
  router.get(`${base}/contents`, read, contents);
  router.get(`${base}/contents/*`, read, contents);

  router.get(
    `${base}/git/trees/*`,
    read,
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      const { api } = urls(owner, repo);
      const treeish = decodePath((req.params as Record<string, string>)[0]);
      if (await content.isEmpty()) return emptyRepo(res, DOCS.trees);
      const tree = await content.tree(
        treeish,
        req.query.recursive !== undefined,
      );
      if (!tree) return notFound(res, DOCS.trees);
      return res.json({
        sha: tree.sha,
        url: `${api}/git/trees/${tree.sha}`,
        tree: tree.entries.map(e => ({
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          ...(e.type === 'blob' ? { size: e.size ?? 0 } : {}),
          url:
            e.type === 'tree'
              ? `${api}/git/trees/${e.sha}`
              : `${api}/git/blobs/${e.sha}`,
        })),
        truncated: false,
      });
    }),
  );

  router.get(
    `${base}/git/blobs/:sha`,
    read,
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      const blob = await content.blob(req.params.sha);
      if (!blob) return notFound(res);
      if (RAW_ACCEPT.test(req.header('accept') ?? ''))
        return res.type('application/octet-stream').send(blob);
      return res.json({
        sha: req.params.sha,
        node_id: nodeId('Blob', req.params.sha),
        size: blob.length,
        url: `${urls(owner, repo).api}/git/blobs/${req.params.sha}`,
        content: base64Lines(blob),
        encoding: 'base64',
      });
    }),
  );

  router.get(
    `${base}/git/commits/:sha`,
    read,
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      const commit = /^[0-9a-f]{40}$/.test(req.params.sha)
        ? await content.commit(req.params.sha)
        : undefined;
      if (!commit) return notFound(res);
      const json = commitJson(ctx, owner, repo, commit);
      return res.json({
        sha: commit.sha,
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

  const refJson = (
    owner: Owner,
    repo: GitHubRepo,
    branch: string,
    sha: string,
  ) => {
    const { api } = urls(owner, repo);
    return {
      ref: `refs/heads/${branch}`,
      node_id: nodeId(
        'Ref',
        `${owner.login}/${repo.name}/refs/heads/${branch}`,
      ),
      url: `${api}/git/refs/heads/${branch}`,
      object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
    };
  };
  const refs = (single: boolean) =>
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      const ref = decodePath((req.params as Record<string, string>)[0]);
      if (await content.isEmpty()) return emptyRepo(res, DOCS.refs);
      const branches = await content.branches();
      const exact = branches.find(b => `heads/${b.name}` === ref);
      if (exact) return res.json(refJson(owner, repo, exact.name, exact.sha));
      const matching = branches.filter(b => `heads/${b.name}`.startsWith(ref));
      if (single || !matching.length) return notFound(res, DOCS.refs);
      return res.json(matching.map(b => refJson(owner, repo, b.name, b.sha)));
    });
  router.get(`${base}/git/ref/*`, read, refs(true));
  router.get(`${base}/git/refs/*`, read, refs(false));

  const fullCommit = async (
    owner: Owner,
    repo: GitHubRepo,
    content: RepoContent,
    commit: GitCommit,
  ) => {
    const { api, web } = urls(owner, repo);
    const changes = content.changes ? await content.changes(commit.sha) : [];
    const additions = changes.reduce((n, c) => n + c.additions, 0);
    const deletions = changes.reduce((n, c) => n + c.deletions, 0);
    return {
      ...commitJson(ctx, owner, repo, commit),
      stats: { total: additions + deletions, additions, deletions },
      files: changes.map(c => ({
        sha: null,
        filename: c.path,
        status: c.status,
        additions: c.additions,
        deletions: c.deletions,
        changes: c.additions + c.deletions,
        blob_url: `${web}/blob/${commit.sha}/${c.path}`,
        raw_url: `${web}/raw/${commit.sha}/${c.path}`,
        contents_url: `${api}/contents/${c.path}?ref=${commit.sha}`,
      })),
    };
  };

  router.get(
    `${base}/commits/*`,
    read,
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      let ref = decodePath((req.params as Record<string, string>)[0]);
      const combinedStatus = ref.endsWith('/status');
      if (combinedStatus) ref = ref.slice(0, -'/status'.length);
      if (await content.isEmpty()) return emptyRepo(res, DOCS.commits);
      const sha = await content.resolveCommit(ref);
      if (!sha) {
        return sendError(res, 422, `No commit found for SHA: ${ref}`, {
          documentationUrl: DOCS.commits,
        });
      }
      const commit = (await content.commit(sha))!;
      if (combinedStatus) {
        const { api } = urls(owner, repo);
        return res.json({
          state: 'pending',
          statuses: [],
          sha,
          total_count: 0,
          repository: ctx.repoJson(owner, repo),
          commit_url: `${api}/commits/${sha}`,
          url: `${api}/commits/${sha}/status`,
        });
      }
      const etag = `"${sha}"`;
      res.setHeader('etag', etag);
      if (req.header('if-none-match') === etag) return res.status(304).end();
      return res.json(await fullCommit(owner, repo, content, commit));
    }),
  );

  router.get(
    `${base}/branches`,
    read,
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      const { api } = urls(owner, repo);
      let branches = await content.branches();
      if (req.query.protected !== undefined) {
        const wanted = String(req.query.protected) === 'true';
        branches = branches.filter(
          b => repo.branchProtection.has(b.name) === wanted,
        );
      }
      return res.json(
        paginate(req, res, branches).map(b => ({
          name: b.name,
          commit: { sha: b.sha, url: `${api}/commits/${b.sha}` },
          protected: repo.branchProtection.has(b.name),
        })),
      );
    }),
  );

  router.get(
    `${base}/branches/:branch`,
    read,
    asyncHandler(async (req, res) => {
      const { owner, repo, content } = locals(res);
      const { api, web } = urls(owner, repo);
      const { branch } = req.params;
      const found = (await content.branches()).find(b => b.name === branch);
      if (!found) {
        return sendError(res, 404, 'Branch not found', {
          documentationUrl: DOCS.branch,
        });
      }
      const commit = (await content.commit(found.sha))!;
      const protection = repo.branchProtection.get(branch) as
        | Record<string, any>
        | undefined;
      const checks = protection?.required_status_checks;
      return res.json({
        name: branch,
        commit: commitJson(ctx, owner, repo, commit),
        _links: {
          self: `${api}/branches/${branch}`,
          html: `${web}/tree/${branch}`,
        },
        protected: Boolean(protection),
        protection: {
          enabled: Boolean(protection),
          required_status_checks: {
            enforcement_level: checks ? 'non_admins' : 'off',
            contexts: checks?.contexts ?? [],
            checks: checks?.checks ?? [],
          },
        },
        protection_url: `${api}/branches/${branch}/protection`,
      });
    }),
  );

  const tarball = asyncHandler(async (req, res) => {
    const { owner, repo, content } = locals(res);
    const ref =
      decodePath((req.params as Record<string, string>)[0]) ||
      repo.defaultBranch;
    const sha = await content.resolveCommit(ref);
    if (!sha || !content.archive) return notFound(res);
    const archive = await content.archive(
      sha,
      `${owner.login}-${repo.name}-${sha.slice(0, 7)}`,
    );
    res.setHeader(
      'content-disposition',
      `attachment; filename=${owner.login}-${repo.name}-${sha.slice(
        0,
        7,
      )}.tar.gz`,
    );
    return res.type('application/x-gzip').send(archive);
  });
  router.get(`${base}/tarball`, read, tarball);
  router.get(`${base}/tarball/*`, read, tarball);

  return router;
}

/**
 * Raw files (`/raw/<owner>/<repo>/<ref>/<path>`), GitHub Enterprise
 * Server's `download_url`s: public repositories for anyone, private ones
 * with the URL's `token` or an Authorization header.
 */
export function rawRoutes(
  ctx: StandInContext,
  callerOf: (req: express.Request) => Caller | undefined,
): express.Router {
  const router = express.Router();
  const rawNotFound = (res: express.Response) =>
    res.status(404).type('text/plain').send('404: Not Found');
  router.get(
    '/raw/:owner/:repo/*',
    asyncHandler(async (req, res) => {
      const owner = ctx.owner(req.params.owner);
      const repo = owner?.repos.get(req.params.repo.toLowerCase());
      if (!owner || !repo) return rawNotFound(res);
      if (repo.visibility !== 'public') {
        const caller = callerOf(req);
        const allowed =
          req.query.token === rawToken(repo) ||
          (caller !== undefined && ctx.canSee(caller, owner));
        if (!allowed) return rawNotFound(res);
      }
      const content = ctx.content(repo);
      const segments = decodePath(
        (req.params as Record<string, string>)[0],
      ).split('/');
      // refs may hold slashes: the longest one that resolves wins
      for (let i = segments.length - 1; i >= 1; i--) {
        const commit = await content.resolveCommit(
          segments.slice(0, i).join('/'),
        );
        if (!commit) continue;
        const entry = await content.entry(commit, segments.slice(i).join('/'));
        if (!entry || entry.type !== 'file') return rawNotFound(res);
        res.setHeader('etag', `"${entry.sha}"`);
        return res.type('text/plain; charset=utf-8').send(entry.content);
      }
      return rawNotFound(res);
    }),
  );
  return router;
}
