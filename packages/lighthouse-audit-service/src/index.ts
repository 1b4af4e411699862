/**
 * Spotify's lighthouse-audit-service behind the portal's URL allow-list, with
 * failure reasons kept: see README.md.
 *
 * @packageDocumentation
 */
export { startAuditService } from './startAuditService';
export type { RunningAuditService } from './startAuditService';
export {
  readAuditServiceConfig,
  DEFAULT_DATABASE,
  DEFAULT_PORT,
  DEVELOPMENT_ALLOWED_HOSTS,
} from './config';
export type { AuditServiceConfig } from './config';
export { decideAuditUrl } from './auditRequestGuard';
export { main } from './cli';
