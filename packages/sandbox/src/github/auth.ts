import crypto from 'node:crypto';

/** A GitHub App registered with the stand-in. */
export type GitHubApp = {
  appId: number;
  slug: string;
  clientId: string;
  publicKey: crypto.KeyObject;
  /** installation id -> organisation login */
  installations: Map<number, string>;
};

export type Caller =
  | { kind: 'app'; app: GitHubApp }
  | {
      kind: 'installation';
      app: GitHubApp;
      installationId: number;
      org: string;
    }
  | { kind: 'user'; login: string };

/** GitHub's error body for a failed authentication. */
export const BAD_CREDENTIALS = {
  message: 'Bad credentials',
  documentation_url: 'https://docs.github.com/rest',
  status: '401',
};

/**
 * Verifies an app JWT as GitHub does: RS256, signed with the app's private
 * key, `iss` the app id, not expired, issued at most 60 s in the future.
 * Returns the app or a GitHub-style error message.
 */
export function verifyAppJwt(
  jwt: string,
  apps: Map<number, GitHubApp>,
  now = Date.now(),
): GitHubApp | string {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  let header: { alg?: string };
  let payload: { iss?: string | number; exp?: number; iat?: number };
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header.alg !== 'RS256') return "'alg' must be RS256";
  const app = apps.get(Number(payload.iss));
  if (!app)
    return `Missing 'issuer' claim ('iss') or unknown app ${payload.iss}`;
  const valid = crypto.verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    app.publicKey,
    Buffer.from(parts[2], 'base64url'),
  );
  if (!valid) return 'A JSON web token could not be decoded';
  const seconds = Math.floor(now / 1000);
  if (!payload.exp || payload.exp < seconds) {
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  }
  if (payload.iat && payload.iat > seconds + 60) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  }
  return app;
}
