export {
  ADOPTION_PLUGIN_ID,
  BACKEND_ROLES,
  readBackendRole,
} from './backendRole';
export type { BackendRole } from './backendRole';
export { portalFeatures } from './portalFeatures';
