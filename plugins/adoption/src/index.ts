/**
 * Adoption insights frontend plugin.
 *
 * @packageDocumentation
 */
export { adoptionPlugin as default } from './plugin';
