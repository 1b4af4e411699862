import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { adoptionReadPermission } from '@internal/backstage-plugin-adoption-common';
import type express from 'express';

/**
 * The caller's credentials when it may read the adoption figures
 * (`adoption.read`); a 403 otherwise.
 */
export async function requireAdoptionRead(
  req: express.Request,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<BackstageCredentials> {
  const credentials = await deps.httpAuth.credentials(req);
  const [decision] = await deps.permissions.authorize(
    [{ permission: adoptionReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${adoptionReadPermission.name}`);
  }
  return credentials;
}
