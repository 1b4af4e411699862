import express from 'express';
import type { Caller } from './auth';
import type { StandInContext } from './context';
import { asyncHandler } from './errors';

const SMART_HTTP =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

/** The token of a git client's Authorization header (Basic, or token/Bearer). */
export function gitCredential(
  header: string | undefined,
): { username: string; token: string } | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return undefined;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    // the token goes as the password (x-access-token:<token>) or, with an
    // empty password, as the username
    return { username, token: password || username };
  }
  if (/^(bearer|token)$/i.test(scheme)) return { username: '', token: value };
  return undefined;
}

/**
 * Git over HTTP (smart protocol) for git-backed repositories, authenticated
 * as GitHub does it: Basic auth with an installation token (username
 * `x-access-token`) or a personal access token as the password.
 */
export function gitHttpRoutes(
  ctx: StandInContext,
  options: {
    callerForToken(token: string): Caller | undefined;
    record(entry: { method: string; path: string; caller?: string }): void;
  },
): express.Router {
  const router = express.Router();
  const unauthorized = (res: express.Response, message: string) =>
    res
      .status(401)
      .setHeader('WWW-Authenticate', 'Basic realm="GitHub"')
      .type('text/plain')
      .send(`${message}\n`);

  router.all(
    SMART_HTTP,
    asyncHandler(async (req, res) => {
      const [, ownerLogin, repoName, endpoint] = SMART_HTTP.exec(req.path)!;
      const service =
        endpoint === 'info/refs' ? String(req.query.service ?? '') : endpoint;
      const writes = service === 'git-receive-pack';
      const credential = gitCredential(req.header('authorization'));
      const caller = credential
        ? options.callerForToken(credential.token)
        : undefined;
      options.record({
        method: req.method,
        path: req.path,
        caller: caller?.kind ?? 'anonymous',
      });
      if (credential && !caller) {
        return unauthorized(
          res,
          'Invalid username or token. Password authentication is not supported for Git operations.',
        );
      }
      const owner = ctx.owner(ownerLogin);
      const repo = owner?.repos.get(repoName.toLowerCase());
      const member = Boolean(owner && caller && ctx.canSee(caller, owner));
      const publicRead = repo?.visibility === 'public' && !writes;
      if (!caller && !publicRead) {
        // GitHub asks for credentials before telling whether it exists
        return unauthorized(res, 'Authentication required');
      }
      if (!owner || !repo || !repo.gitDir || !(member || publicRead)) {
        return res
          .status(404)
          .type('text/plain')
          .send('Repository not found.\n');
      }
      if (writes && !member) {
        return res
          .status(403)
          .type('text/plain')
          .send(
            `Permission to ${owner.login}/${repo.name}.git denied to ${
              ctx.actor(caller!).login
            }.\n`,
          );
      }
      if (writes && repo.archived) {
        return res
          .status(403)
          .type('text/plain')
          .send('This repository was archived so it is read-only.\n');
      }
      const rel = ctx.git.relativePath(owner.login, repo.name);
      const before =
        writes && req.method === 'POST'
          ? await ctx.git.refs(repo.gitDir)
          : undefined;
      const gitDir = repo.gitDir;
      await ctx.git.httpBackend(req, res, {
        pathInfo: `/${rel}/${endpoint}`,
        remoteUser: caller ? ctx.actor(caller).login : undefined,
        // what a push changed lands (runs, default branch) before the
        // client hears back, as GitHub's post-receive processing appears
        beforeEnd: async () => {
          if (!before) return;
          const after = await ctx.git.refs(gitDir);
          const updates = [...new Set([...before.keys(), ...after.keys()])]
            .filter(ref => before.get(ref) !== after.get(ref))
            .map(ref => ({
              ref,
              before: before.get(ref),
              after: after.get(ref),
            }));
          if (updates.length)
            await ctx.pushed(owner, repo, updates, ctx.actor(caller!));
        },
      });
      return undefined;
    }),
  );
  return router;
}
