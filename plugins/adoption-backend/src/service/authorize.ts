import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { adoptionReadPermission } from '@internal/backstage-plugin-adoption-common';
import type express from 'express';

/**
 * The caller's credentials when it holds every one of `permissions`
 * (asked in one call); a 403 naming the first it lacks otherwise.
 */
export async function requireAdoptionPermissions(
  req: express.Request,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
  permissions: BasicPermission[],
): Promise<BackstageCredentials> {
  const credentials = await deps.httpAuth.credentials(req);
  const decisions = await deps.permissions.authorize(
    permissions.map(permission => ({ permission })),
    { credentials },
  );
  const denied = permissions.find(
    (_, i) => decisions[i]?.result !== AuthorizeResult.ALLOW,
  );
  if (denied) {
    throw new NotAllowedError(`Not allowed: ${denied.name}`);
  }
  return credentials;
}

/**
 * The caller's credentials when it may read the adoption figures
 * (`adoption.read`); a 403 otherwise.
 */
export function requireAdoptionRead(
  req: express.Request,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<BackstageCredentials> {
  return requireAdoptionPermissions(req, deps, [adoptionReadPermission]);
}
