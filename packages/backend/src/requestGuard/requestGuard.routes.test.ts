import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { randomUUID } from 'node:crypto';
import { JSON_ROUTES, UUID_ROUTES } from './requestGuard';

/*
 * The guard knows other plugins' routes by path. These tests ask the real
 * catalog and scaffolder plugins for each of them, so that a route renamed
 * or a body limit changed upstream fails here instead of silently leaving
 * the guard guarding nothing.
 */

/** a size in express.json's notation ('100kb', '10MB') in bytes */
function bytes(limit: string): number {
  const [, n, unit] = /^(\d+)(kb|mb)$/i.exec(limit)!;
  return Number(n) * 1024 ** (unit.toLowerCase() === 'kb' ? 1 : 2);
}

/** a JSON body for `path` of about `size` bytes that the plugin accepts */
function bodyOfSize(path: string, size: number): object {
  const filler = 'x'.repeat(Math.max(0, size - 200));
  if (path === '/api/catalog/entities/by-refs') {
    return { entityRefs: [`component:default/${filler.slice(0, 60)}`, filler] };
  }
  if (path === '/api/scaffolder/v2/tasks') {
    return {
      templateRef: 'template:default/no-such-template',
      values: { filler },
    };
  }
  throw new Error(`requestGuard.routes.test.ts has no body for ${path}`);
}

describe('the routes the request guard protects exist in the plugins', () => {
  let baseUrl: string;

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderPlugin,
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7007' } },
        }),
      ],
    });
    baseUrl = `http://localhost:${server.port()}`;
  }, 60_000);

  it.each(UUID_ROUTES.map(route => [route.what, route] as const))(
    'the %s route takes a UUID and answers that no such one exists',
    async (_what, route) => {
      const id = randomUUID();
      // the guard's pattern is the route asked here
      expect(route.pattern.exec(route.path(id))?.[1]).toBe(id);
      const res = await fetch(`${baseUrl}${route.path(id)}`);
      expect(res.status).toBe(404);
      // the plugin's own answer about this id, not "no such route"
      expect((await res.json()).error?.message).toContain(id);
    },
  );

  it.each([...JSON_ROUTES].map(([path, { limit }]) => [path, limit]))(
    'POST %s accepts a body just under %s',
    async (path, limit) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(bodyOfSize(path, bytes(limit) - 1024)),
      });
      const body = await res.json();
      expect(res.status).not.toBe(413);
      expect(body.error?.message ?? '').not.toMatch(/too large/i);
      // the plugin read the body: it answers about what the body names
      // (a catalog lookup of the refs, or no such template)
      expect(
        res.status === 200 ||
          (res.status === 404 &&
            String(body.error?.message).includes('no-such-template')),
      ).toBe(true);
    },
    60_000,
  );
});
