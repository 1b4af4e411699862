/**
 * Lighthouse frontend plugin (new frontend system): the Lighthouse card and
 * tab, on the audit service's API through the backend's `/lighthouse` proxy.
 *
 * @packageDocumentation
 */
export {
  lighthousePlugin as default,
  lighthouseEntityCard,
  lighthouseEntityContent,
} from './plugin';
export * from './api';
