/**
 * Adoption insights: the API types and the permission shared by the
 * backend, the Portal adoption page and the analytics implementation.
 *
 * @packageDocumentation
 */
export * from './coverage';
export * from './docsHealth';
export * from './events';
export * from './permissions';
export * from './templateHealth';
export * from './usage';
