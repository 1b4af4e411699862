import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The backend's real auth and httpAuth services in a test backend, instead
 * of the mocks: tokens are checked as in production, so a static token of
 * backend.auth.externalAccess works. User tokens are signed here with a key
 * whose JWKS a small server publishes where the auth service looks for the
 * auth backend's (`discovery.getBaseUrl('auth')`).
 */

const KID = 'scorecard-test-key';

const base64url = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

export type RealAuth = {
  /** features for startScorecardTestBackend (auth, httpAuth, discovery) */
  features: BackendFeature[];
  /** an Authorization header with a signed user token, as the auth backend issues */
  userHeader(userEntityRef: string): string;
  stop(): Promise<void>;
};

export async function startRealAuth(): Promise<RealAuth> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const jwks = {
    keys: [
      {
        ...publicKey.export({ format: 'jwk' }),
        kid: KID,
        alg: 'ES256',
        use: 'sig',
      },
    ],
  };
  const server = http.createServer((req, res) => {
    if (req.url === '/api/auth/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(jwks));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = (pluginId: string) =>
    `http://127.0.0.1:${port}/api/${pluginId}`;

  return {
    features: [
      authServiceFactory,
      httpAuthServiceFactory,
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (pluginId: string) => baseUrl(pluginId),
          getExternalBaseUrl: async (pluginId: string) => baseUrl(pluginId),
        }),
      }),
    ],
    userHeader(userEntityRef) {
      const now = Math.floor(Date.now() / 1000);
      const signed = `${base64url({
        alg: 'ES256',
        kid: KID,
        typ: 'vnd.backstage.user',
      })}.${base64url({
        iss: baseUrl('auth'),
        sub: userEntityRef,
        ent: [userEntityRef],
        aud: 'backstage',
        iat: now,
        exp: now + 3600,
      })}`;
      const signature = crypto
        .sign('sha256', Buffer.from(signed), {
          key: privateKey,
          dsaEncoding: 'ieee-p1363',
        })
        .toString('base64url');
      return `Bearer ${signed}.${signature}`;
    },
    stop: () => new Promise(resolve => server.close(() => resolve())),
  };
}
