import express from 'express';
import crypto from 'node:crypto';

/** An OAuth App registered with the stand-in (`registerOAuthApp`). */
export type GitHubOAuthApp = {
  clientId: string;
  clientSecret: string;
  /**
   * Who the web flow signs in: the stand-in has no login form, so every
   * authorization is this user's, granted at once.
   */
  login: string;
};

type PendingCode = {
  clientId: string;
  login: string;
  scope: string;
  redirectUri?: string;
  expiresAt: number;
};

/**
 * GitHub's OAuth web application flow
 * (https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps),
 * as Backstage's GitHub auth provider drives it with `enterpriseInstanceUrl`:
 *
 * - `GET /login/oauth/authorize` redirects to `redirect_uri` with a `code`
 *   and the `state` (no consent screen: the app's user authorizes at once);
 * - `POST /login/oauth/access_token` exchanges the code for a user access
 *   token (`gho_…`), form-encoded or JSON as `Accept` asks, with GitHub's
 *   `error=bad_verification_code` answer (status 200) for a wrong, used or
 *   expired code, and `incorrect_client_credentials` for a wrong secret.
 *
 * The token is then accepted by the API as the user's (see `onToken`).
 */
export function oauthRoutes(deps: {
  apps: Map<string, GitHubOAuthApp>;
  onToken(token: string, login: string): void;
}): express.Router {
  const codes = new Map<string, PendingCode>();
  const router = express.Router();

  router.get('/login/oauth/authorize', (req, res) => {
    const clientId = String(req.query.client_id ?? '');
    const app = deps.apps.get(clientId);
    if (!app) {
      return res
        .status(404)
        .type('text/plain')
        .send(`No OAuth application with client_id ${clientId}`);
    }
    const redirectUri =
      typeof req.query.redirect_uri === 'string'
        ? req.query.redirect_uri
        : undefined;
    if (!redirectUri) {
      return res
        .status(400)
        .type('text/plain')
        .send('The redirect_uri is missing');
    }
    const code = crypto.randomBytes(10).toString('hex');
    codes.set(code, {
      clientId,
      login: app.login,
      scope: String(req.query.scope ?? ''),
      redirectUri,
      expiresAt: Date.now() + 10 * 60 * 1000,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (typeof req.query.state === 'string') {
      target.searchParams.set('state', req.query.state);
    }
    return res.redirect(302, target.toString());
  });

  router.post(
    '/login/oauth/access_token',
    express.urlencoded({ extended: false }),
    express.json(),
    (req, res) => {
      const params = { ...req.query, ...req.body } as Record<string, unknown>;
      const reply = (body: Record<string, string>) =>
        req.accepts([
          'application/x-www-form-urlencoded',
          'application/json',
        ]) === 'application/json'
          ? res.json(body)
          : res
              .type('application/x-www-form-urlencoded')
              .send(new URLSearchParams(body).toString());

      const app = deps.apps.get(String(params.client_id ?? ''));
      if (!app || app.clientSecret !== params.client_secret) {
        return reply({
          error: 'incorrect_client_credentials',
          error_description:
            'The client_id and/or client_secret passed are incorrect.',
          error_uri:
            'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials',
        });
      }
      const code = String(params.code ?? '');
      const pending = codes.get(code);
      codes.delete(code);
      if (
        !pending ||
        pending.clientId !== app.clientId ||
        pending.expiresAt < Date.now() ||
        (params.redirect_uri !== undefined &&
          params.redirect_uri !== pending.redirectUri)
      ) {
        return reply({
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
          error_uri:
            'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
        });
      }
      const token = `gho_${crypto.randomBytes(18).toString('base64url')}`;
      deps.onToken(token, pending.login);
      return reply({
        access_token: token,
        token_type: 'bearer',
        scope: pending.scope,
      });
    },
  );

  return router;
}
