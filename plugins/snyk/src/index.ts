/**
 * Snyk frontend plugin (new frontend system): the Snyk card and tab, on
 * Snyk's REST API through the backend's `/snyk` proxy.
 *
 * @packageDocumentation
 */
export {
  snykPlugin as default,
  snykEntityCard,
  snykEntityContent,
} from './plugin';
export * from './api';
export * from './annotations';
