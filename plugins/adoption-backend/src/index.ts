/**
 * Adoption insights backend: catalog coverage, portal usage, template and
 * docs health (/api/adoption).
 *
 * @packageDocumentation
 */
export { adoptionPlugin as default } from './plugin';
export {
  PSEUDONYMISATION_SECRET_MIN_LENGTH,
  pseudonymisationSecretProblem,
} from './events/pseudonymise';
