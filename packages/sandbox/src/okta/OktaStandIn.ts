import express from 'express';
import crypto from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure } from '../http';

/** OAuth 2.0 error codes, and Okta's descriptions, by HTTP status. */
const OAUTH_FAILURES: Record<number, [string, string]> = {
  400: ['invalid_request', 'The request is invalid.'],
  401: ['invalid_client', 'Client authentication failed.'],
  403: [
    'access_denied',
    'The resource owner or authorization server denied the request.',
  ],
  500: [
    'server_error',
    'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
  ],
  503: [
    'temporarily_unavailable',
    'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.',
  ],
};

/** A person who can sign in at the stand-in. */
export type OktaUser = {
  sub?: string;
  email: string;
  name: string;
};

/**
 * A stand-in for an Okta authorization server (an OpenID Connect issuer):
 * `/oauth2/<authServerId>/v1/authorize`, `/token`, `/userinfo` and the
 * discovery document, with Okta's error bodies. Point the Okta provider's
 * `audience` at its URL.
 *
 * There is no login form: `signInAs(user)` decides who the next
 * authorization is for, as if that person had signed in at Okta.
 *
 * Injected failures (`failNext`) answer as Okta's authorization server
 * does: an OAuth 2.0 error body (`{"error", "error_description"}`), or
 * Okta's rate-limit error (`E0000047`) for a 429.
 */
export class OktaStandIn extends FaultInjectingStandIn {
  /** Every request received, in order. */
  readonly requests: { method: string; path: string }[] = [];
  private nextUser?: OktaUser;
  private readonly codes = new Map<
    string,
    { user: OktaUser; clientId: string; redirectUri: string }
  >();
  private readonly accessTokens = new Map<string, OktaUser>();
  private readonly refreshTokens = new Map<string, OktaUser>();

  private constructor(
    private readonly clients: Map<string, string>,
    private readonly authServerId: string,
  ) {
    super();
  }

  static async start(options: {
    clients: Record<string, string>;
    authServerId?: string;
    port?: number;
  }): Promise<OktaStandIn> {
    const instance = new OktaStandIn(
      new Map(Object.entries(options.clients)),
      options.authServerId ?? 'default',
    );
    await instance.listen(instance.router(), options.port);
    return instance;
  }

  signInAs(user: OktaUser) {
    this.nextUser = user;
  }

  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    if (failure.status === 429) {
      res.status(429).json({
        errorCode: 'E0000047',
        errorSummary:
          failure.message ??
          'API call exceeded rate limit due to too many requests.',
        errorLink: 'E0000047',
        errorId: `oae${crypto.randomBytes(11).toString('base64url')}`,
        errorCauses: [],
      });
      return;
    }
    const [error, description] = OAUTH_FAILURES[failure.status] ?? [
      failure.status >= 500 ? 'server_error' : 'invalid_request',
      `The request failed (HTTP ${failure.status}).`,
    ];
    res.status(failure.status).json({
      error,
      error_description: failure.message ?? description,
    });
  }

  private router() {
    const app = express();
    app.use((req, _res, next) => {
      this.requests.push({ method: req.method, path: req.path });
      next();
    });
    app.use(this.faultInjection());
    app.use(express.urlencoded({ extended: false }));
    const base = `/oauth2/${this.authServerId}`;
    const issuer = () => `${this.url}${base}`;
    const oauthError = (
      res: express.Response,
      status: number,
      error: string,
      description: string,
    ) => res.status(status).json({ error, error_description: description });

    app.get(`${base}/.well-known/openid-configuration`, (_req, res) => {
      res.json({
        issuer: issuer(),
        authorization_endpoint: `${issuer()}/v1/authorize`,
        token_endpoint: `${issuer()}/v1/token`,
        userinfo_endpoint: `${issuer()}/v1/userinfo`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        scopes_supported: ['openid', 'email', 'profile', 'offline_access'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
      });
    });

    app.get(`${base}/v1/authorize`, (req, res) => {
      const clientId = String(req.query.client_id ?? '');
      const redirectUri = String(req.query.redirect_uri ?? '');
      const state = req.query.state ? String(req.query.state) : undefined;
      if (!this.clients.has(clientId)) {
        return res
          .status(400)
          .send(
            `<h1>400</h1><p>Invalid client_id: ${clientId.replace(
              /[<>&]/g,
              '',
            )}</p>`,
          );
      }
      if (!/^https?:\/\//.test(redirectUri)) {
        return res
          .status(400)
          .send('<h1>400</h1><p>redirect_uri is not valid</p>');
      }
      const back = new URL(redirectUri);
      if (state) back.searchParams.set('state', state);
      if (!this.nextUser) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set(
          'error_description',
          'User is not assigned to the client application.',
        );
        return res.redirect(302, back.toString());
      }
      const code = crypto.randomBytes(16).toString('base64url');
      this.codes.set(code, { user: this.nextUser, clientId, redirectUri });
      back.searchParams.set('code', code);
      return res.redirect(302, back.toString());
    });

    app.post(`${base}/v1/token`, (req, res) => {
      // Okta takes client_secret_basic ("Basic <b64>") and the Passport
      // strategy's "Basic: <b64>", or client_secret_post.
      const header = req.header('authorization') ?? '';
      const basic = header.match(/^Basic:?\s+(.+)$/i);
      const [clientId, clientSecret] = basic
        ? Buffer.from(basic[1], 'base64').toString().split(':')
        : [req.body.client_id, req.body.client_secret];
      if (!clientId || this.clients.get(clientId) !== clientSecret) {
        return oauthError(
          res,
          401,
          'invalid_client',
          'Client authentication failed.',
        );
      }
      let user: OktaUser | undefined;
      if (req.body.grant_type === 'authorization_code') {
        const grant = this.codes.get(String(req.body.code));
        this.codes.delete(String(req.body.code));
        if (!grant || grant.clientId !== clientId) {
          return oauthError(
            res,
            400,
            'invalid_grant',
            'The authorization code is invalid or has expired.',
          );
        }
        user = grant.user;
      } else if (req.body.grant_type === 'refresh_token') {
        user = this.refreshTokens.get(String(req.body.refresh_token));
        if (!user)
          return oauthError(
            res,
            400,
            'invalid_grant',
            'The refresh token is invalid or expired.',
          );
      } else {
        return oauthError(
          res,
          400,
          'unsupported_grant_type',
          `The authorization grant type is not supported: ${req.body.grant_type}`,
        );
      }
      const accessToken = crypto.randomBytes(24).toString('base64url');
      const refreshToken = crypto.randomBytes(24).toString('base64url');
      this.accessTokens.set(accessToken, user);
      this.refreshTokens.set(refreshToken, user);
      const idToken = [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
          'base64url',
        ),
        Buffer.from(
          JSON.stringify({
            iss: issuer(),
            aud: clientId,
            sub: this.subject(user),
            email: user.email,
            name: user.name,
            iat: Math.floor(Date.now() / 1000),
            exp: Math.floor(Date.now() / 1000) + 3600,
          }),
        ).toString('base64url'),
        '',
      ].join('.');
      return res.json({
        token_type: 'Bearer',
        expires_in: 3600,
        access_token: accessToken,
        scope: 'openid email profile offline_access',
        refresh_token: refreshToken,
        id_token: idToken,
      });
    });

    const userinfo: express.RequestHandler = (req, res) => {
      const token = (req.header('authorization') ?? '').replace(
        /^Bearer\s+/i,
        '',
      );
      const user = this.accessTokens.get(token);
      if (!user) {
        res.setHeader(
          'www-authenticate',
          'Bearer error="invalid_token", error_description="The access token is invalid."',
        );
        return oauthError(
          res,
          401,
          'invalid_token',
          'The access token is invalid.',
        );
      }
      const [given, ...family] = user.name.split(' ');
      return res.json({
        sub: this.subject(user),
        name: user.name,
        email: user.email,
        email_verified: true,
        preferred_username: user.email,
        given_name: given,
        family_name: family.join(' '),
        locale: 'en-US',
        zoneinfo: 'UTC',
      });
    };
    app.get(`${base}/v1/userinfo`, userinfo);
    app.post(`${base}/v1/userinfo`, userinfo);
    app.use((_req, res) =>
      res.status(404).json({
        errorCode: 'E0000022',
        errorSummary: 'The endpoint does not support the provided HTTP method',
      }),
    );
    return app;
  }

  private subject(user: OktaUser) {
    return (
      user.sub ??
      `00u${crypto
        .createHash('sha1')
        .update(user.email)
        .digest('hex')
        .slice(0, 17)}`
    );
  }
}
