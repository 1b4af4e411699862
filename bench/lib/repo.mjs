/*
 * What the benchmarks share besides the backend process (that is
 * `system-tests/backendProcess`, shared with the system tests): the
 * repository root, and a require() that resolves packages as
 * packages/backend does.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const require = createRequire(
  path.join(root, 'packages/backend/package.json'),
);
