/**
 * Cost insights: the cost-tag annotation (one parser for the backend and the
 * card) and the types the backend's API answers with.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './types';
