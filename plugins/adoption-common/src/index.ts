/**
 * Adoption insights: the API types and the permissions shared by the
 * backend, the Portal adoption page and the analytics implementation.
 *
 * @packageDocumentation
 */
export * from './coverage';
export * from './docsHealth';
export * from './events';
export * from './github';
export * from './permissions';
export * from './tables';
export * from './templateHealth';
export * from './usage';
