/**
 * Node library of the scorecard plugin: the types of check types and
 * evidence sources, and the extension point through which modules add them.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './extensions';
