import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SnykSeverity, SnykStandIn } from 'sandbox';

/*
 * The real proxy backend with the `/snyk` endpoint of app-config.yaml,
 * pointed at a Snyk stand-in with order-service's projects.
 */

export const ORG_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
export const TARGET_ID = 'c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e01';
export const GOMOD_ID = 'c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e02';
export const CODE_ID = 'c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e03';

const SEVERITIES: SnykSeverity[] = ['critical', 'high', 'medium', 'low'];

export async function startSnykBackend() {
  const snyk = await SnykStandIn.start({ retryAfterSeconds: 1 });
  const org = { id: ORG_ID, name: 'MyOrg', slug: 'myorg' };
  const target = {
    id: TARGET_ID,
    displayName: 'myorg/order-service',
    url: 'https://github.com/myorg/order-service',
  };
  // 130 open issues: more than one page of 100
  snyk.seedProject({
    org,
    target,
    project: {
      id: GOMOD_ID,
      name: 'myorg/order-service:go.mod',
      type: 'gomod',
      targetFile: 'go.mod',
    },
    issues: Array.from({ length: 131 }, (_, i) => ({
      title: `Vulnerable module ${i}`,
      type: 'package_vulnerability' as const,
      effectiveSeverityLevel: SEVERITIES[i % 4],
      status: i === 130 ? ('resolved' as const) : ('open' as const),
      problemId: `SNYK-GOLANG-${5000 + i}`,
    })),
  });
  snyk.seedProject({
    org,
    target,
    project: {
      id: CODE_ID,
      name: 'myorg/order-service (Snyk Code)',
      type: 'sast',
      targetFile: '',
    },
    issues: [
      {
        title: 'SQL Injection',
        type: 'code',
        effectiveSeverityLevel: 'high',
        status: 'open',
        problemId: 'go/Sqli',
      },
    ],
  });
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-proxy-backend'),
      mockServices.rootConfig.factory({
        data: {
          proxy: {
            endpoints: {
              '/snyk': {
                target: `${snyk.url}/rest`,
                headers: { Authorization: 'token sandbox-snyk-token' },
                allowedMethods: ['GET'],
              },
            },
          },
        },
      }),
    ],
  });
  return {
    snyk,
    url: `http://localhost:${backend.server.port()}`,
    userToken: mockCredentials.user.token(),
    async stop() {
      await backend.stop();
      await snyk.close();
    },
  };
}
