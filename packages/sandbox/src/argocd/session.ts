import { randomBytes, randomUUID } from 'node:crypto';
import { GRPC, GrpcError } from './grpc';
import { parseJsonObject } from './json';
import type { RouteContext } from './router';
import type { ArgoCdStore } from './store';

/* Sessions (local users' logins, API tokens) and the version endpoint. */

/** The user a token belongs to, or the error Argo CD answers. */
export function authenticate(
  store: ArgoCdStore,
  token: string | undefined,
): string {
  if (!token) {
    throw new GrpcError(GRPC.Unauthenticated, 'no session information');
  }
  if (store.tokens.includes(token)) return 'admin';
  const session = store.sessions.get(token);
  if (session) return session.user;
  const reason =
    token.split('.').length === 3
      ? 'signature is invalid'
      : 'token contains an invalid number of segments';
  throw new GrpcError(GRPC.Unauthenticated, `invalid session: ${reason}`);
}

export function version() {
  return {
    Version: 'v2.14.9+sandbox',
    BuildDate: '2025-04-01T00:00:00Z',
    GitCommit: '0000000000000000000000000000000000000000',
    GitTag: 'v2.14.9',
    GitTreeState: 'clean',
    GoVersion: 'go1.23.6',
    Compiler: 'gc',
    Platform: 'linux/amd64',
    KustomizeVersion: 'v5.4.3',
    HelmVersion: 'v3.17.1',
    KubectlVersion: 'v0.31.0',
    JsonnetVersion: 'v0.20.0',
  };
}

export function login(store: ArgoCdStore, ctx: RouteContext) {
  const body = parseJsonObject(ctx.rawBody);
  const username = typeof body.username === 'string' ? body.username : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!username || store.users[username] !== password) {
    throw new GrpcError(GRPC.Unauthenticated, 'Invalid username or password');
  }
  const token = issueToken(username);
  store.sessions.set(token, { user: username });
  return { token };
}

export function logout(store: ArgoCdStore, ctx: RouteContext) {
  if (ctx.token) store.sessions.delete(ctx.token);
  return {};
}

export function userInfo(store: ArgoCdStore, ctx: RouteContext) {
  let user: string;
  try {
    user = authenticate(store, ctx.token);
  } catch {
    return { loggedIn: false };
  }
  return { loggedIn: true, username: user, iss: 'argocd', groups: [] };
}

/** A JWT shaped like Argo CD's session tokens (HS256, `iss: argocd`). */
function issueToken(username: string): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  return [
    encode({ alg: 'HS256', typ: 'JWT' }),
    encode({
      iss: 'argocd',
      sub: username,
      exp: iat + 24 * 3600,
      nbf: iat,
      iat,
      jti: randomUUID(),
    }),
    randomBytes(32).toString('base64url'),
  ].join('.');
}
